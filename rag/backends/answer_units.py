"""An answer's units: the sentences of its lines (after a list lead) and the cells of its table rows,
with their offsets, so the checker can drop one unit (a table cell becomes "not stated") and tidy
what is left: no empty bullets, no heading with nothing under it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.grounding import MARKER, plain, split_sentences
from rag.lines import TABLE_RULE

LIST_LEAD = re.compile(r"^(\s*(?:[-*+•]|\d+[.)])\s+)")
EMPTY_LINE = re.compile(r"^\s*(?:[-*+•]|\d+[.)])?\s*[.;,:–—-]*\s*$")
NOT_STATED = "not stated"


@dataclass
class Unit:
    """A sentence of a line (after its list lead) or a cell of a table row, with its offsets."""

    line: int
    kind: str  # "sentence" | "cell"
    start: int  # offsets in the whole text
    end: int
    text: str
    lead: str = ""
    cell: int = -1
    bad: bool = False


def split_units(text: str) -> list[Unit]:
    units: list[Unit] = []
    offset = 0
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if line.lstrip().startswith("|"):
            following = lines[number + 1] if number + 1 < len(lines) else ""
            if not TABLE_RULE.match(line) and not TABLE_RULE.match(following):  # not the rule or header row
                inner_start = line.index("|") + 1
                position = inner_start
                for index, cell in enumerate(cells(line)):
                    if index > 0 and cell.strip():
                        units.append(Unit(number, "cell", offset + position, offset + position + len(cell), cell, cell=index))
                    position += len(cell) + 1
        else:
            lead_match = LIST_LEAD.match(line)
            lead = lead_match.group(1) if lead_match else ""
            cursor = len(lead)
            for sentence in split_sentences(line[len(lead):]) if line[len(lead):].strip() else []:
                found = line.find(sentence, cursor)
                start = found if found >= 0 else cursor
                end = start + len(sentence) if found >= 0 else len(line)
                units.append(Unit(number, "sentence", offset + start, offset + end, sentence, lead=lead))
                cursor = end
        offset += len(line) + 1
    return units


def units_of_claims(text: str, claims) -> list[int | None]:
    """For each claim (in text order), the index of the unit it lies in (None if not found)."""
    units = split_units(text)
    owners: list[int | None] = []
    cursor = 0
    for claim in claims:
        source = claim.source.strip()
        found = text.find(source, cursor) if source else -1
        if found < 0 and source:
            found = text.find(source)  # out of order (a table cell's claim); search from the start
        if found < 0:
            words = plain(claim.text)
            owners.append(next((i for i, u in enumerate(units) if words and words in plain(u.text)), None))
            continue
        cursor = found + len(source)
        owners.append(next((i for i, u in enumerate(units) if u.start <= found < u.end), None))
    return owners


def cells(line: str) -> list[str]:
    """The cells of a table row, with their spacing (the row's leading '|' removed).
    A trailing '|' gives an empty last cell, which the row keeps when it is rebuilt."""
    inner = line[line.index("|") + 1:]
    return re.split(r"(?<!\\)\|", inner)


def drop_units(text: str, bad_units: set[int]) -> tuple[str, list[str]]:
    """Remove the sentences (blank the table cells) whose index is in `bad_units`."""
    units = split_units(text)
    by_line: dict[int, list[Unit]] = {}
    for index, unit in enumerate(units):
        by_line.setdefault(unit.line, []).append(unit)
        unit.bad = index in bad_units
    out: list[str] = []
    dropped: list[str] = []
    for number, line in enumerate(text.splitlines()):
        parts = by_line.get(number, [])
        if not any(u.bad for u in parts):
            out.append(line)
            continue
        dropped += [dropped_sentence(u.text) for u in parts if u.bad and plain(u.text)]
        if parts[0].kind == "cell":
            row = cells(line)
            for u in parts:
                if u.bad:
                    row[u.cell] = f" {NOT_STATED} "
            out.append("|" + "|".join(row) + "|")
            continue
        kept = [u.text for u in parts if not u.bad]
        if kept:
            out.append(parts[0].lead + " ".join(kept))
    return "\n".join(out), dropped



def dropped_sentence(text: str) -> str:
    """A dropped unit as it is reported: plain text, markers gone, no space before punctuation."""
    return re.sub(r"\s+([.,;:!?])", r"\1", plain(text))


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())] if line.strip() else ""


def tidy(text: str) -> str:
    """After removals: no empty bullets, no headings left with nothing under them, tidy spaces."""
    lines = [_indent(line) + re.sub(r"[ \t]{2,}", " ", line.strip()) for line in text.splitlines()]
    lines = [re.sub(r"\s+([.,;:!?])", r"\1", line) if not line.lstrip().startswith("|") else line for line in lines]
    lines = [line for line in lines if line.strip() == "" or not EMPTY_LINE.match(MARKER.sub("", line))]

    def heading(line: str) -> bool:
        s = line.strip()
        return bool(re.match(r"^#{1,6}\s", s) or re.match(r"^(\*\*|__)[^*_]+(\*\*|__):?$", s) or (s.endswith(":") and not MARKER.search(s)))

    kept: list[str] = []
    for i, line in enumerate(lines):
        if heading(line):
            rest = [l for l in lines[i + 1:] if l.strip()]
            if not rest or heading(rest[0]):
                continue
        kept.append(line)
    text = "\n".join(kept)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()
