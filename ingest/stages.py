"""Stages of roadmaps that do not say "Step 3": numbered headings, a curriculum's table of contents,
emoji-prefixed sections, and course tables whose rows are the stages; and the time a roadmap gives
for a stage ("4-6 weeks (15-20 hours/week)"), with the total hours when the text allows.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rag.estimates import PER_WEEK, SPAN, TOTAL_HOURS, estimate_hours
from rag.models import StageEstimate

NUMBERED = re.compile(r"^(\d{1,2})\s*[.)]\s+\S")
TOC_ENTRY = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[([^\]]{1,200})\]\(#([^)\s]{1,200})\)\s*$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)+\|?\s*$")
RELATIVE_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\((?!https?://)[^)\s]{0,500}\)")
TIME_COLUMN = re.compile(r"\b(duration|effort|hours?|weeks?|time|length|workload)\b", re.I)
ESTIMATE_LINE = re.compile(
    r"^[\s\-*•]*(?:\*\*)?(time commitment|estimated time|time required|time needed|duration|timeline|"
    r"time to complete|effort)(?:\*\*)?\s*[:\-–—]\s*(?:\*\*)?\s*(?P<text>.+)$",
    re.I,
)


def estimate_in_line(line: str, section: str) -> StageEstimate | None:
    found = ESTIMATE_LINE.match(line)
    if not found:
        return None
    text = " ".join(found.group("text").replace("**", "").split())
    if not re.search(r"\d", text) or not (SPAN.search(text) or TOTAL_HOURS.search(text) or PER_WEEK.search(text)):
        return None
    low, high = estimate_hours(text)
    return StageEstimate(text=text, hours_low=low, hours_high=high, section=section)


def strip_symbols(text: str) -> str:
    """A heading without the emoji or symbols in front of it ("🧩 LLM Fundamentals")."""
    return re.sub(r"^[^\w(\"'“]+", "", text).strip() or text


def starts_with_symbol(text: str) -> bool:
    first = text.strip()[:1]
    return bool(first) and unicodedata.category(first) in {"So", "Sk", "Cs"}


def slug(text: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[^\w\- ]", "", text.lower())
    return text.replace(" ", "-")


# -- course tables ---------------------------------------------------------------------------
@dataclass
class TableRow:
    title: str
    lines: list[str]  # the row as "Column: value" lines (links kept)
    estimate_text: str = ""
    hours: tuple[float | None, float | None] = (None, None)


@dataclass
class CourseTables:
    rows: dict[int, TableRow] = field(default_factory=dict)  # line number -> row
    skipped: set[int] = field(default_factory=set)  # header and rule lines


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line)]  # "\|" is a pipe in a cell


def course_tables(lines: list[str], clean) -> CourseTables:
    """Tables with a Duration, Effort or Hours column: each row is a course, a stage of its own."""
    found = CourseTables()
    number = 0
    while number < len(lines) - 1:
        header = lines[number]
        if "|" in header and TABLE_RULE.match(lines[number + 1]):
            columns = [clean(cell) for cell in _cells(header)]
            end = number + 2
            while end < len(lines) and "|" in lines[end] and lines[end].strip():
                end += 1
            if any(TIME_COLUMN.search(c) for c in columns[1:]):
                found.skipped.update({number, number + 1})
                for row_number in range(number + 2, end):
                    row = _row(columns, _cells(lines[row_number]), clean)
                    if row:
                        found.rows[row_number] = row
            number = end
            continue
        number += 1
    return found


def _row(columns: list[str], cells: list[str], clean) -> TableRow | None:
    if not cells or not clean(cells[0]):
        return None
    first_link = re.match(r"^\s*\[([^\]]{1,300})\]\(", cells[0])
    title = clean(first_link.group(1)) if first_link else clean(cells[0])
    lines, times = [], []
    for name, cell in zip(columns, cells):
        cell = RELATIVE_LINK.sub(r"\1", cell)  # a link into the roadmap's own repository is just its text
        if not cell or cell in {"-", "–", "—"}:
            continue
        lines.append(f"{name or 'Item'}: {cell}")
        if name is not columns[0] and TIME_COLUMN.search(name) and re.search(r"\d", cell):
            times.append(clean(cell))
    text = ", ".join(times)
    return TableRow(title=title, lines=lines, estimate_text=text, hours=estimate_hours(text) if text else (None, None))


# -- headings that are stages ----------------------------------------------------------------
def heading_stages(headings: dict[int, tuple[int, str]], lines: list[str]) -> dict[int, str]:
    """Line number -> group, for the first heading style the document uses as its sequence:
    numbered headings, the entries of a table of contents, or emoji-prefixed sections."""
    ordered = sorted(headings.items())
    return _numbered(ordered) or _table_of_contents(ordered, lines) or _emoji(ordered)


def _parent(ordered: list[tuple[int, tuple[int, str]]], position: int) -> str:
    level = ordered[position][1][0]
    for _, (other_level, text) in reversed(ordered[:position]):
        if other_level < level:
            return strip_symbols(text)
    return "main"


def _numbered(ordered) -> dict[int, str]:
    runs: dict[tuple[int, str], list[int]] = {}
    for position, (number, (level, text)) in enumerate(ordered):
        if NUMBERED.match(text):
            runs.setdefault((level, _parent(ordered, position)), []).append(number)
    return {number: group for (_, group), numbers in runs.items() if len(numbers) >= 2 for number in numbers}


def _table_of_contents(ordered, lines: list[str]) -> dict[int, str]:
    for position, (number, (level, text)) in enumerate(ordered):
        end = ordered[position + 1][0] if position + 1 < len(ordered) else len(lines)
        targets = [m.group(2) for m in (TOC_ENTRY.match(l) for l in lines[number + 1 : end]) if m]
        if len(targets) < 2:
            continue
        stages = {}
        for later, (later_level, later_text) in ordered[position + 1 :]:
            if later_level <= level:
                break
            if slug(later_text) in targets:
                stages[later] = strip_symbols(text)
        if len(stages) >= 2:
            return stages
    return {}


def _emoji(ordered) -> dict[int, str]:
    by_level: dict[int, list[int]] = {}
    for number, (level, text) in ordered:
        if level > 1 and starts_with_symbol(text):
            by_level.setdefault(level, []).append(number)
    for level in sorted(by_level):
        if len(by_level[level]) >= 3:
            return {number: "main" for number in by_level[level]}
    return {}
