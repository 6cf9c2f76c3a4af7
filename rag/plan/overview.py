"""A stage's time from an overview table elsewhere in the roadmap: "| Phase 1: Statistics refresher
| 3 | 5 |" under "| Phase | Weeks | Hours per week |", or "| Stage 0 | 00 | Foundation | 2-3 months |
4-6 months |" under "Est. Time (Full-Time)" and "Est. Time (Part-Time)". Roadmaps often give their
times once, in a table at the top, and not in the stages' own sections.

A row is the stage's when its first cell names the stage as the stage's heading does before its
colon ("Phase 1", "Stage 1.5"), or is its whole title. The time is said as the table says it, each
time column's header with its cell ("Weeks: 3; Hours per week: 5"); a bare number takes its unit
from the header, so the hours it implies can be computed and cited to the row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.estimates import parse_estimate
from rag.models import Passage, Stage, StageEstimate

TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)+\|?\s*$")
TIME_HEADER = re.compile(r"\b(duration|effort|hours?|weeks?|months?|days?|time|length|workload)\b", re.I)
UNIT_HEADER = re.compile(r"\b(?P<unit>hours?|weeks?|months?|days?)\b(?P<rate>\s*(?:per|a|/)\s*(?:week|day))?", re.I)
BARE = re.compile(r"^\d+(?:\.\d+)?(?:\s*[-–]\s*\d+(?:\.\d+)?)?$")
MARKUP = re.compile(r"[*_`]|\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class TableTime:
    text: str  # "Weeks: 3; Hours per week: 5", as the table gives it
    estimate: StageEstimate  # its hours when the row gives enough to compute them
    passage: Passage  # the passage holding the row


def _cells(line: str) -> list[str]:
    return [MARKUP.sub(lambda m: m.group(1) or "", cell).strip() for cell in line.strip().strip("|").split("|")]


def _key(text: str) -> str:
    return " ".join(text.split(":")[0].split()).casefold()


def _tables(passages: list[Passage]):
    """(header cells, row cells, passage, whether the passage holds the header) for each body row of each table in the passages, a table
    split across passages keeping the header its first part gave."""
    header: list[str] = []
    for passage in passages:
        lines = passage.text.split("\n")
        own = False  # whether this passage holds the header row (a table's later part does not)
        for number, line in enumerate(lines):
            if line.count("|") < 2 or TABLE_RULE.match(line):
                if not line.strip():
                    continue
                if line.count("|") < 2 and not line.lstrip().startswith("|"):
                    header = header if number == 0 else []
                continue
            if number + 1 < len(lines) and TABLE_RULE.match(lines[number + 1]):
                header, own = _cells(line), True
                continue
            if header:
                yield header, _cells(line), passage, own


def _said(header: str, cell: str) -> str:
    """A time cell as a duration the estimate parser reads: a bare number takes the header's unit."""
    unit = UNIT_HEADER.search(header)
    if unit and BARE.match(cell):
        rate = "/" + re.sub(r"^\W*(?:per|a)?\s*", "", unit.group("rate")).strip() if unit.group("rate") else ""
        return f"{cell} {unit.group('unit').lower().rstrip('s')}s{rate}"
    return cell


def table_time(stage: Stage, passages: list[Passage]) -> TableTime | None:
    """The stage's row in an overview table outside the stages, with the time its columns give."""
    names = {_key(stage.title), " ".join(stage.title.split()).casefold()}
    outside = [p for p in passages if p.stage_index is None and p.kind == "roadmap"]
    for header, row, passage, own in _tables(outside):
        if not row or _key(row[0]) not in names:
            continue
        timed = [(h, c) for h, c in zip(header, row) if TIME_HEADER.search(h) and c and c not in {"-", "–", "—"}]
        if not timed:
            continue
        # said with the headers when the cited passage shows them; else the row as the table gives it
        text = "; ".join(f"{h}: {c}" for h, c in timed) if own else " | ".join(row)
        estimate = parse_estimate(", ".join(_said(h, c) for h, c in timed), passage.section)
        if estimate is not None:
            return TableTime(text, estimate.model_copy(update={"text": text}), passage)
    return None
