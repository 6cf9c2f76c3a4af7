"""Which lines of a roadmap are headings, at which level, and which one is its title.

Markdown writes headings as `# Title`, as a line underlined with `===` (level 1) or `---` (level
2), or, in prose-style roadmaps, as a paragraph that is only bold text (`**Stage 2: Foo**`), one
level below the heading it sits under. Plain text (blog exports, PDFs) has bare-line headings that
are recognised by shape, and may underline them too.
"""

from __future__ import annotations

import re

from ingest.markup import BULLET, CLOSING_HASHES, LINK, MD_HEADING, clean_heading, item_heading, match_stage

SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
BOLD_LINE = re.compile(r"^ {0,3}(\*\*|__)(?P<text>[^*_\s](?:(?!\1).){0,100}?)\1[ \t]*:?[ \t]*$")
FENCE = re.compile(r"^ {0,3}(```|~~~)")
MAX_BOLD_WORDS = 10
LABELLED = re.compile(r"^[A-Za-z]+\s+#?\d{1,3}\s*[:.)\-–—]\s+\S")  # "Lecture 3: ...", "Stage 2 - ..."


def find_headings(lines: list[str], markdown: bool, *,
                  laid_out: bool = False) -> tuple[dict[int, tuple[int, str]], int | None]:
    """Line number -> (level, heading text), and the line that holds the document title. `laid_out`:
    the headings were read from a page's type sizes (a PDF), not written by the author as headings."""
    headings: dict[int, tuple[int, str]] = {}
    following = [None] * len(lines)  # the next non-blank line after each line: one pass, not one scan per line
    upcoming: str | None = None
    for number in range(len(lines) - 1, -1, -1):
        following[number] = upcoming
        if lines[number].strip():
            upcoming = lines[number]
    fenced = False
    level_above = 1  # the level of the last real heading: a bold line sits one below it
    for number, line in enumerate(lines):
        if FENCE.match(line):
            fenced = not fenced
        if fenced:
            continue
        stripped = line.strip()
        underline = _setext_level(lines, number)
        if underline is not None:
            headings[number] = (underline, clean_heading(stripped))
            level_above = underline
            continue
        if markdown:
            found = MD_HEADING.match(line)
            text = clean_heading(CLOSING_HASHES.sub("", found.group(2))) if found else ""
            listed = item_heading(line) if not found else None  # "- ### Stack" in a study plan's task list
            if listed and clean_heading(CLOSING_HASHES.sub("", listed[1])):
                headings[number] = (listed[0], clean_heading(CLOSING_HASHES.sub("", listed[1])))
                level_above = listed[0]
            elif text:
                headings[number] = (len(found.group(1)), text)
                level_above = len(found.group(1))
            elif _bold_line(lines, number):
                headings[number] = (min(level_above + 1, 6), clean_heading(BOLD_LINE.match(line).group("text")))
            continue
        if not stripped or BULLET.match(line):
            continue
        if _bold_line(lines, number):
            stripped = BOLD_LINE.match(line).group("text").strip()
        if match_stage(clean_heading(stripped)) and len(stripped) <= 90 and stripped[-1] not in ".!?":
            headings[number] = (2, clean_heading(stripped))
            continue
        level = plain_heading_level(stripped, following[number])
        if level is not None:
            headings[number] = (level, clean_heading(stripped))
    if markdown:
        title_line = next((n for n, (level, _) in sorted(headings.items()) if level == 1), None)
        if laid_out and title_line is not None and _prose_before(lines[:title_line], headings):
            title_line = None  # a PDF's large line below its opening text names a part of it, not the roadmap
        # a Markdown author's '# Title' stays the title below a note, a centred tagline or front matter
        return headings, title_line
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is not None:
        if first in headings and headings[first][0] <= 2:
            headings[first] = (1, headings[first][1])
            return headings, first
        candidate = clean_heading(lines[first])
        if len(candidate) <= 120 and candidate[-1:] not in ".!?":
            headings[first] = (1, candidate)
            return headings, first
    return headings, None


MARKUP = re.compile(r"<[^>\n]{0,300}>|!\[[^\]\n]{0,300}\]\([^)\s]{0,2000}\)|\[[^\]\n]{0,300}\]\([^)\s]{0,2000}\)")


def _prose_before(lines: list[str], headings: dict[int, tuple[int, str]]) -> bool:
    """A sentence of body text above a line: then that line of a PDF is not the document's title (a
    "Goal:" paragraph above a large "Suggested Timeline: 3 to 6 months", where the plan's emoji
    headings lost their glyphs). Badges, HTML, links, rules and other headings may sit above a title."""
    for number, line in enumerate(lines):
        if number in headings or SETEXT.match(line):
            continue
        words = re.findall(r"[A-Za-z][\w'’-]*", MARKUP.sub(" ", line))
        if len(words) >= 4:
            return True
    return False


def _after_break(lines: list[str], number: int) -> bool:
    """The line starts a block: first in the document, or after a blank line or a heading line."""
    if number == 0:
        return True
    before = lines[number - 1]
    return not before.strip() or bool(MD_HEADING.match(before)) or bool(SETEXT.match(before))


def _setext_level(lines: list[str], number: int) -> int | None:
    """1 or 2 for a one-line paragraph underlined with '=' or '-' (a list item, a table row, a
    link alone or a rule above a rule is not a title)."""
    if number + 1 >= len(lines) or not SETEXT.match(lines[number + 1]):
        return None
    line = lines[number]
    stripped = line.strip()
    if not stripped or SETEXT.match(line) or BULLET.match(line) or MD_HEADING.match(line) or "|" in stripped:
        return None
    if not _after_break(lines, number) or len(stripped) > 120 or LINK.fullmatch(stripped):
        return None
    return 1 if "=" in lines[number + 1] else 2


def _bold_line(lines: list[str], number: int) -> bool:
    """A paragraph that is only a short bold phrase, followed by a blank line or a list: a heading
    in roadmaps that never use '#'. A bold sentence, a bold link or a label that introduces the
    list right below it ("**Courses must**:") is emphasis, not a heading."""
    found = BOLD_LINE.match(lines[number])
    if not found or (number and lines[number - 1].strip()):  # a paragraph of its own, not a heading's first line
        return False
    text = found.group("text").strip()
    labelled = bool(LABELLED.match(text))  # "Lecture 7: Let's build GPT: from scratch, in code, spelled out."
    if (text[-1:] in ".!?," and not labelled) or len(text.split()) > MAX_BOLD_WORDS + 6 * labelled:
        return False
    if "](" in text or text.startswith("["):
        return False
    following = lines[number + 1] if number + 1 < len(lines) else ""
    label = lines[number].rstrip().endswith(":")  # "**Courses must**:" introduces its list
    return not following.strip() or (bool(BULLET.match(following)) and not label)


MINOR_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to",
               "vs", "with"}


def _titled(text: str) -> bool:
    """Title-cased words ("Part B", "SQL Essentials", "Foundation & Core Concepts"), as headings
    are written, not a sentence or a value ("4-6 weeks", "Production skills, rapid iteration")."""
    words = re.findall(r"[^\s&/+|–—-]+", text)
    return bool(words) and "," not in text and all(
        w[0].isupper() or w[0].isdigit() and len(w) <= 3 or w.lower() in MINOR_WORDS for w in words)


def plain_heading_level(line: str, next_line: str | None) -> int | None:
    """Shape of a bare-line heading: short, no sentence punctuation, followed by content.

    Returns 3 for a heading, 4 for a short label ending in ':' ("Resources:"), None otherwise.
    """
    stripped = line.strip()
    if not stripped or BULLET.match(line) or next_line is None or len(stripped) > 70:
        return None
    next_is_bullet = bool(BULLET.match(next_line))
    if stripped.endswith(":"):
        return 4 if len(stripped) <= 40 and len(stripped.split()) <= 5 else None
    if stripped[-1] in ".!?,;":
        return None
    if ":" in stripped:
        label, rest = (part.strip() for part in stripped.split(":", 1))
        if next_is_bullet and len(label.split()) <= 3:
            return 3
        return 3 if _titled(label) and _titled(rest) and len(stripped.split()) <= 9 else None
    if not stripped[0].isupper() and not stripped[0].isdigit():
        return None
    if len(stripped.split()) > 9:
        return None
    return 3
