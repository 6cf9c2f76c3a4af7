"""Stages a roadmap orders without headings: list items or lines that count up with their own
marker ("- [week1](...) RL as blackbox", "- **3. Neural networks**", "Day 4 - Airflow: ...",
"Module 2: ..."), each with the nested bullets or the text below it; and list items that are
headings (`- ### Linked Lists` in a study plan's task list).

A list of tools, books, tips or mistakes carries no counting marker, so it stays content; a plain
ordered list ("1. Install", "2. Run") is a list's own numbering, not a marker in its items' words.
"""

from __future__ import annotations

import re

from ingest.headings import FENCE
from ingest.markup import BULLET, item_heading
from ingest.stages import strip_symbols
from ingest.tables import TableRow, CourseTables

# "week1", "Week 3:", "day 12 -", "Module 2", "Part II", "lesson_4": a unit and its number at the start
MARKER = re.compile(
    r"^(?P<unit>week|day|module|lesson|unit|session|lecture|chapter|step|stage|phase|level|sprint|part)"
    r"\s*[#_]?\s*(?P<number>\d{1,3}|(?<=part )[ivx]{1,5}\b)(?!\d|[.,]\d)", re.I)
NUMBER_LEAD = re.compile(r"^(?P<number>\d{1,2})\s*(?:[.):]|\s[-–—])\s*(?=\S)")  # "3. Neural networks" inside a bullet
UNORDERED = re.compile(r"^(\s*)[-*+•]\s+(?:\[[ xX]\]\s+)?(.*)$")
TITLE_BREAK = re.compile(r"(?<=\w)(?::\s|\.\s|;\s)")
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
MIN_ITEMS = 3


def item_heading_stages(headings: dict[int, tuple[int, str]], lines: list[str]) -> dict[int, str]:
    """Line number -> group for runs of three or more list-item headings under one parent heading:
    a study plan whose topics are checklist items written as headings."""
    ordered = sorted(headings.items())
    runs: dict[int | None, list[int]] = {}
    parent: int | None = None
    for number, (level, _) in ordered:
        if item_heading(lines[number]):
            runs.setdefault(parent, []).append(number)
        else:
            parent = number
    stages: dict[int, str] = {}
    for parent_line, members in runs.items():
        if len(members) >= MIN_ITEMS and len({headings[n][0] for n in members}) == 1:
            group = strip_symbols(headings[parent_line][1]) if parent_line is not None else "main"
            stages.update({n: group for n in members})
    return stages


def _marker(text: str, clean, in_bullet: bool) -> tuple[str, int] | None:
    """(unit, number) of an item's or line's leading marker ("#" for a number in a bullet's words)."""
    words = clean(text)
    found = MARKER.match(words)
    if found:
        number = found.group("number").lower()
        return found.group("unit").lower(), ROMAN[number] if number in ROMAN else int(number)
    found = NUMBER_LEAD.match(words) if in_bullet else None
    return ("#", int(found.group("number"))) if found else None


def _counts_up(numbers: list[int]) -> bool:
    """Never down, at least three different numbers, mostly one step at a time ("week4_recap"
    then "week4" repeat a number)."""
    distinct = sorted(set(numbers))
    pairs = list(zip(numbers, numbers[1:]))
    steps = sum(1 for a, b in zip(distinct, distinct[1:]) if b == a + 1)
    return (all(b >= a for a, b in pairs) and len(distinct) >= MIN_ITEMS
            and steps * 3 >= (len(distinct) - 1) * 2)


def _title(unit: str, number: int, text: str, clean) -> tuple[str, str]:
    """(title, label): the item's words up to its first sentence or colon break, and "Week 3"."""
    words = clean(text)
    cut = TITLE_BREAK.search(words, 8)
    title = words[: cut.start()] if cut and len(words) > 60 else words
    label = "" if unit == "#" else f"{unit.title()} {number}"
    return title.strip(), label


def list_stages(lines: list[str], headings: dict[int, tuple[int, str]], clean) -> CourseTables:
    """The first run of sibling list items, or of lines, whose markers count up: each a stage with
    its nested lines (its body), grouped by the heading above the run. A heading line inside a run
    of plain lines (a PDF that set one of its day lines large) is a member of the run too."""
    candidates: list[tuple[int, str, tuple[str, int] | None]] = []  # (line, kind, marker)
    fenced = False
    for number, line in enumerate(lines):
        if FENCE.match(line):
            fenced = not fenced
        if fenced or not line.strip() or line.lstrip().startswith("|"):
            continue
        bullet = UNORDERED.match(line)
        if bullet:
            candidates.append((number, f"item{len(bullet.group(1).expandtabs(4))}",
                               _marker(bullet.group(2), clean, True)))
        elif number in headings:
            candidates.append((number, "heading", _marker(headings[number][1], clean, False)))
        elif BULLET.match(line):
            candidates.append((number, f"ordered{len(line) - len(line.lstrip())}", None))
        elif line[:1] not in " \t":
            candidates.append((number, "line", _marker(line, clean, False)))
    for run in _runs(candidates, lines):
        found = _rows(run, lines, headings, clean)
        if found.rows:
            return found
    return CourseTables()


def _runs(candidates, lines: list[str]):
    """Runs of candidates of one kind and one unit, broken by a heading that is not a member,
    by a shallower list item, or (for items) by a paragraph line between them."""
    for start, (_, kind, marker) in enumerate(candidates):
        if marker is None or (start and _same(candidates[start - 1], kind, marker[0])):
            continue
        family = _family(kind)
        run = [candidates[start]]
        for later in candidates[start + 1 :]:
            _, later_kind, later_marker = later
            if family == "line":
                if later_marker is not None and _family(later_kind) == "line" and later_marker[0] == marker[0]:
                    run.append(later)
                elif later_kind == "heading":
                    break
                continue
            if later_kind == family:
                if later_marker is not None and later_marker[0] != marker[0]:
                    break
                run.append(later)
            elif later_kind.startswith("item") and int(later_kind[4:]) > int(family[4:]):
                continue  # a nested bullet: the body of the item above
            else:
                break
        yield run


def _same(candidate, kind: str, unit: str) -> bool:
    _, other_kind, other_marker = candidate
    return _family(other_kind) == _family(kind) and other_marker is not None and other_marker[0] == unit


def _family(kind: str) -> str:
    """Marked lines and headings make one run ("week1 ..." set as a line or as a heading); items
    make runs of their own depth."""
    return "line" if kind in {"line", "heading"} else kind


def _rows(run, lines: list[str], headings: dict[int, tuple[int, str]], clean) -> CourseTables:
    marked = [c for c in run if c[2] is not None]
    if len(marked) < MIN_ITEMS or len(marked) * 3 < len(run) * 2 or not _counts_up([c[2][1] for c in marked]):
        return CourseTables()
    if sum(1 for c in marked if c[1] == "heading") * 3 > len(marked):
        return CourseTables()  # mostly headings: the heading readers order them
    members = [number for number, _, _ in run]
    above = [n for n in sorted(headings) if n < members[0] and n not in members]
    group = strip_symbols(headings[above[-1]][1]) if above else "main"
    ends = members[1:] + [_end(lines, headings, members[-1], run[0][1])]
    found = CourseTables()
    for (number, kind, marker), end in zip(run, ends):
        if kind == "heading":
            text = headings[number][1]
        else:
            bullet = UNORDERED.match(lines[number])
            text = bullet.group(2) if bullet else lines[number].strip()
        body = [n for n in range(number + 1, end) if lines[n].strip()]
        title, label = _title(*(marker or ("#", 0)), text, clean)
        found.rows[number] = TableRow(title=title, lines=[text, *(lines[n] for n in body)], label=label if marker else "",
                                      group=group, shared_topics=False)
        found.skipped.update(body)
    return found


def _end(lines: list[str], headings: dict[int, tuple[int, str]], last: int, kind: str) -> int:
    """Where the run's last member ends: the next heading; for an item, also the next line that is
    not indented below it."""
    for number in range(last + 1, len(lines)):
        line = lines[number]
        if number in headings and not item_heading(line):
            return number
        if kind.startswith("item") and line.strip():
            indent = len(line) - len(line.lstrip())
            if indent <= int(kind[4:]):
                return number
        if kind in {"line", "heading"} and not line.strip():
            return number
    return len(lines)
