"""Where a PDF line goes on from the one above it, so a sentence is never cut in two: a paragraph
line wrapped at its block's edge, a line wrapped because its next word would not fit, a sentence
hard-wrapped where its source text was (the next line goes on in lower case), a bullet's text
wrapped under it, and a sentence carried over a page break."""

from __future__ import annotations

import re

from ingest.pdf_text import Line, PageText

BULLET_GLYPHS = "▪■□●○◦•‣⁃∙·❖◆◇►▸▹➢➤➔→✓✔✗☐☑★☆♦-–—*"
LEADING_BULLET = re.compile(rf"^\s*[{re.escape(BULLET_GLYPHS)}]+\s+")
OPEN_END = ".!?:;"  # a line ending in none of these has not finished its sentence


def is_glyph(text: str) -> bool:
    return bool(text.strip()) and len(text.strip()) <= 2 and all(c in BULLET_GLYPHS for c in text.strip())


def _same_type(previous: Line, line: Line) -> bool:
    return abs(previous.size - line.size) < 0.5 and previous.bold == line.bold


def _goes_on(previous: Line, line: Line) -> bool:
    """The line above left its sentence open and this one carries it on in lower case ("(we like ...)" too)."""
    return previous.text.rstrip()[-1:] not in OPEN_END and line.text.lstrip().lstrip("(")[:1].islower()


def continues_bullet(previous: Line, line: Line) -> bool:
    """A bullet's text wrapped onto the next line, right below: aligned with the text after the glyph,
    or (text hard-wrapped at the margin) going on in lower case from an open line."""
    if LEADING_BULLET.match(line.text) or line.table:
        return False
    words = [s for s in sorted(previous.segments, key=lambda s: s.left) if not is_glyph(s.text)]
    text_left = words[0].left if words else previous.left
    gap = line.top - previous.bottom
    if not (abs(previous.size - line.size) < 0.5 and -1 <= gap < line.size * 0.8):
        return False
    return abs(line.left - text_left) <= 4 or (previous.bold == line.bold and _goes_on(previous, line))


def continues(previous: Line, line: Line, page: PageText) -> bool:
    """A wrapped line: same size, close below, indented at least as far as the line it follows,
    which itself ran to the right edge of its block (or its next word would not have fitted)."""
    gap = line.top - previous.bottom
    if line.table or previous.table or LEADING_BULLET.match(line.text):
        return False
    if _same_type(previous, line) and 0 <= gap < previous.size * 0.8 and abs(line.left - previous.left) <= 2 \
            and _goes_on(previous, line):
        return True  # hard-wrapped: "... (both individuals and teams)" / "interested in ..."
    block = [l.right for l in page.lines if abs(l.left - previous.left) <= 16]
    edge = max(block, default=previous.right)
    reach = edge - previous.size * 4
    if sum(1 for right in block if right >= reach) < 2 or edge - previous.left < page.width * 0.3:
        return False  # short lines, or one long line: no paragraph edge to wrap at
    if any(abs(box[2] - previous.right) < 2 for box, _, _ in page.links):
        return False  # a line that ends in a link ("... Visit") ends there
    return (_same_type(previous, line) and 0 <= gap < previous.size * 0.6
            and line.left >= previous.left - 1 and previous.text[-1:] not in ":"
            and (previous.right >= reach or _next_word_wrapped(previous, line, edge)))


def continues_over_page(last: Line, line: Line) -> bool:
    """The first line of a page carries on the sentence the last line of the page before left open."""
    if line.table or last.table or LEADING_BULLET.match(line.text):
        return False
    return _same_type(last, line) and line.left <= last.left + 16 and _goes_on(last, line)  # a bullet's text: at the margin


def _next_word_wrapped(previous: Line, line: Line, edge: float) -> bool:
    """The next line's first word would not have fitted after this one ("... theory and" / "technologies, ...")."""
    words = line.text.split()
    if not words or previous.text.rstrip()[-1:] in ".!?":
        return False
    per_char = (line.right - line.left) / max(len(line.text), 1)
    return previous.right + per_char * (len(words[0]) + 1) >= edge - previous.size * 0.5


def joined(text: str, more: str) -> str:
    """A wrapped line added to the one it goes on from; a link whose "(url)" wrapped to the next line
    ("[Quora ]" / "(http://...)") is one link again."""
    more = more.strip()
    return text + ("" if text.endswith("]") and more.startswith("(http") else " ") + more
