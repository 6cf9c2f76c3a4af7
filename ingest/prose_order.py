"""Order a roadmap states in sentences rather than numbers: "Start with Python.", "The next step
involves SQL.", "After that, learn Spark." Used only when a document has no stages of any other kind.

Two shapes: sibling sections whose opening sentences carry the order (each section is a stage),
and one section whose paragraphs do (each ordered paragraph starts a stage named from its own
words). Order is never invented: it takes two cues, one of them a "next" cue, and a document that
says its content has no order gets none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.markup import BULLET, clean_inline
from ingest.stages import says_order_is_free, strip_symbols

FIRST_CUE = re.compile(
    r"^(?:first(?:ly)?\b|first of all\b|to (?:start|begin)(?: with)?\b|start (?:with|by|off)\b|begin (?:with|by)\b|"
    r"the (?:first|starting) (?:step|thing|stage|stop)\b|step one\b|"
    r"you (?:should|can|need to|must|will) (?:first|start|begin)\b)", re.I)
NEXT_CUE = re.compile(
    r"^(?:next\b|(?:and\s+)?then\b|after (?:that|this|which|these|those)\b|after (?:learning|mastering|finishing|completing)\b|"
    r"afterwards\b|once (?:you|that|this|these)\b|when you(?:'re| are|'ve| have) (?:done|finished|comfortable|"
    r"confident|completed)\b|now that\b|the next (?:step|thing|stage|stop|part)\b|"
    r"the (?:second|third|fourth|fifth|final|last) (?:step|thing|stage|part)\b|finally\b|lastly\b|moving on\b)", re.I)
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
THEN = re.compile(r"(?<=[,;])\s+(?=(?:and\s+)?then\s)", re.I)  # ", then ..." inside an ordered sentence
# the words around a step's subject: "The next step involves learning SQL" -> "learning SQL"
LEAD_IN = re.compile(
    r"^(?:,|:|\s)*(?:(?:is|involves?|would be|should be|will be|comes?|means?)\b\s*)?(?:to\s+)?"
    r"(?:(?:you|we|i)\s+(?:should|need to|can|must|will|have to|want to|might)\s+)?(?:\s*(?:then|also|now)\s+)?",
    re.I)
TITLE_END = re.compile(r"[.;:!?(]|,\s+(?:which|where|because|so|as|and then|then|since|while|but)\b|\s[-–—]\s", re.I)
CONDITION = re.compile(r"^(?:once|when|now that|after (?:learning|mastering|finishing|completing))\b[^,.]{0,80},\s*", re.I)
MAX_TITLE_WORDS = 8


@dataclass
class ProseStages:
    """Headings that are stages (line number -> group) and stages that start at a paragraph
    (line number -> (level, title, group)), over `lines` (paragraphs with an ordered sentence
    inside them split so that each ordered sentence starts a line)."""

    lines: list[str]
    sections: dict[int, str] = field(default_factory=dict)
    paragraphs: dict[int, tuple[int, str, str]] = field(default_factory=dict)


def cue(text: str) -> str:
    """'first', 'next' or '' for the words a sentence opens with."""
    text = clean_inline(text).lstrip(" >*_-–—")
    return "first" if FIRST_CUE.match(text) else "next" if NEXT_CUE.match(text) else ""


def _unwrapped(lines: list[str]) -> list[str]:
    """Hard-wrapped prose as one line per paragraph: a line that ends mid-sentence joins the next
    when that one goes on in lower case."""
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        wrapped = len(previous.strip()) >= 40 and previous.rstrip()[-1:] not in ".!?:;"  # a heading is short
        if (wrapped and line.strip()[:1].islower() and not line.strip().startswith(("http", "www."))
                and not BULLET.match(line) and not previous.lstrip().startswith(("#", "|", ">"))):
            out[-1] = previous.rstrip() + " " + line.strip()
        else:
            out.append(line)
    return out


def split_ordered(lines: list[str]) -> list[str]:
    """Prose lines with a "next" sentence inside them, split before that sentence."""
    out: list[str] = []
    for line in _unwrapped(lines):
        if BULLET.match(line) or line.lstrip().startswith(("#", "|", ">")):
            out.append(line)
            continue
        parts: list[str] = []
        for sentence in SENTENCE_BREAK.split(line):  # "Start with Python, then SQL, then Spark."
            parts += THEN.split(sentence) if cue(sentence) else [sentence]
        current = parts[0]
        for part in parts[1:]:
            if cue(part):
                out.append(current)
                current = part
            else:
                current += " " + part
        out.append(current)
    return out


def prose_stages(lines: list[str], find_headings) -> ProseStages:
    """The stages a document's prose orders, if it orders any. `find_headings(lines)` is the
    caller's heading finder: ordered sentences split onto their own lines move the headings."""
    if says_order_is_free(lines):
        return ProseStages(lines)
    headings = find_headings(lines)
    found = _ordered_sections(headings, lines)
    if found:
        return ProseStages(lines, sections=found)
    split = split_ordered(lines)
    headings = find_headings(split) if split != lines else headings
    paragraphs = _ordered_paragraphs(headings, split)
    return ProseStages(split, paragraphs=paragraphs) if paragraphs else ProseStages(lines)


def _body(lines: list[str], start: int, end: int) -> list[int]:
    return [n for n in range(start, end) if lines[n].strip() and not lines[n].lstrip().startswith(("|", "<", "!["))]


def _ordered_sections(headings: dict[int, tuple[int, str]], lines: list[str]) -> dict[int, str]:
    """Sibling sections (same parent, same level) whose opening sentences carry two or more order
    cues, a "next" one among them: line number -> group (the parent's title)."""
    ordered = sorted(headings.items())
    ends = [number for number, _ in ordered[1:]] + [len(lines)]
    siblings: dict[tuple[int, int | None], list[tuple[int, str]]] = {}
    parents: list[tuple[int, int]] = []  # (level, line) of the open headings
    for (number, (level, _)), end in zip(ordered, ends):
        while parents and parents[-1][0] >= level:
            parents.pop()
        parent = parents[-1][1] if parents else None
        body = _body(lines, number + 1, end)
        opening = SENTENCE_BREAK.split(clean_inline(lines[body[0]]))[0] if body else ""
        siblings.setdefault((level, parent), []).append((number, cue(opening) if not BULLET.match(
            lines[body[0]] if body else "") else ""))
        parents.append((level, number))
    for (_, parent), items in siblings.items():
        run = _longest_run(items)
        if run:
            group = strip_symbols(headings[parent][1]) if parent is not None else "main"
            return {number: group for number in run}
    return {}


def _longest_run(items: list[tuple[int, str]]) -> list[int]:
    """The longest stretch where every item after the first opens with a "next" cue (the first
    may open with anything), holding two cues or more."""
    best: list[int] = []
    start = 0
    while start < len(items):
        end = start + 1
        while end < len(items) and items[end][1] == "next":
            end += 1
        run = items[start:end]
        if len(run) >= 2 and sum(1 for _, c in run if c) >= 2 and len(run) > len(best):
            best = [number for number, _ in run]
        start = max(end, start + 1) if end > start + 1 else start + 1
    return best


def _ordered_paragraphs(headings: dict[int, tuple[int, str]], lines: list[str]) -> dict[int, tuple[int, str, str]]:
    """Within each section with no sub-sections, paragraphs that open with order cues (two or
    more, a "next" one among them) start stages; when the first cue is a "next" one, the paragraph
    before it is the first stage. Line number -> (level, title, group)."""
    ordered = sorted(headings.items())
    starts = [(None, (1, "main"))] + ordered
    found: dict[int, tuple[int, str, str]] = {}
    for position, (start, (level, title)) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        prose = [n for n in _body(lines, (start + 1) if start is not None else 0, end) if not BULLET.match(lines[n])]
        cues = [(n, cue(lines[n])) for n in prose]
        marked = [(n, c) for n, c in cues if c]
        if len(marked) < 2 or not any(c == "next" for _, c in marked):
            continue
        if marked[0][1] == "next":
            before = [n for n in prose if n < marked[0][0]]
            if not before:
                continue
            marked.insert(0, (before[-1], "first"))
        group = strip_symbols(title) if start is not None else "main"
        for number, _ in marked:
            found[number] = (level + 1, step_title(lines[number]), group)
    return found


def step_title(line: str) -> str:
    """A stage's name from the sentence that opens it: its subject, without the order words."""
    text = SENTENCE_BREAK.split(clean_inline(line).lstrip(" >*_-–—"))[0]
    condition = CONDITION.match(text)
    if condition:  # "Once you know Python, move on to SQL": what follows the condition
        text = text[condition.end():]
    else:
        for pattern in (FIRST_CUE, NEXT_CUE):
            text = pattern.sub("", text, count=1)
    text = LEAD_IN.sub("", text, count=1).strip(" ,:-–—")
    text = TITLE_END.split(text)[0].strip(" ,")
    words = text.split()
    text = " ".join(words[:MAX_TITLE_WORDS]) + (" …" if len(words) > MAX_TITLE_WORDS else "")
    return (text[:1].upper() + text[1:]) if text else clean_inline(line)[:60]
