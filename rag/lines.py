"""One reader of a passage's lines, so every module sees the same kinds of line.

A passage's text is Markdown-ish lines. Read one by one they are headings ("## Step 3"), list items
(with their depth and ordinal), Markdown table lines (the header row, the "| --- |" rule, body rows
with their cells and the header they sit under) and prose. A module that splits the text itself and
matches its own patterns reads a table's header and rule as list entries or answer lines; this one
knows them. Prose a source wrapped ("... if you delete" / "your resources after each session.") and
a fragment that cannot open a line (". Feel free to ...", a loader's split after a link) are folded
into the line they belong to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from rag.literal_refs import fenced_literal

Kind = Literal["heading", "item", "table_header", "table_rule", "table_row", "prose"]

HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
ITEM = re.compile(r"^(\s*)(?:([-*+•])|(\d{1,3})[.)])\s+(?:\[[ xX]\]\s+)?")
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
WRAP_WIDTH = 50  # a prose line this long that ends mid-sentence was wrapped by its author's editor
SENTENCE_END = (".", "!", "?", ":", ";", "|", ")")
CONTINUES = re.compile(r"^[.,;:!?)\]]")  # a fragment that cannot open a line: ". Feel free to ...", ", and"
LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]*\)")
# Between two sentences of a line: ". ", "! " or "? " after a word or ")" and before a capital, so
# "v1.2" and "e.g. numpy" keep their sentence whole. (rag.stated_cost, rag.evidence_floor)
SENTENCE = re.compile(r"(?<=[a-z0-9)][.!?])\s+(?=[A-Z])")
LABEL_WORDS = 4  # a header cell longer than this is a sentence, not a column's name


@dataclass(frozen=True)
class Line:
    """One line of a passage, read: what kind it is and its text without its marker."""

    kind: Kind
    text: str  # without "#"s, the bullet or ordinal; a table line's cells joined by " | "
    depth: int = 0  # list nesting, from the indentation (two spaces a level, one space counts)
    ordinal: int | None = None  # "3." or "3)" -> 3
    level: int = 0  # a heading's number of "#"
    cells: tuple[str, ...] = ()  # a table line's cells
    header: tuple[str, ...] = ()  # a body row's column names (its table's header row)
    indent: int = 0  # the raw line's leading spaces
    same: tuple[int, ...] = ()  # a body row's columns that say the same in every row ("Learn More")

    @property
    def table(self) -> bool:
        return self.kind.startswith("table")

    def quote(self) -> str:
        """The words an answer quotes for this line: a body row with its columns' names when they
        are short labels ("Lesson: 04; Title: Prompt Engineering"), else its cells."""
        if self.kind != "table_row":
            return self.text
        return labelled_row(tuple("" if n in self.same else cell for n, cell in enumerate(self.cells)), self.header)


def cells(line: str) -> tuple[str, ...]:
    """A table line's cells, "| a | b |" -> ("a", "b"); an escaped pipe stays in its cell."""
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return tuple(cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", inner))


def labelled_row(row: tuple[str, ...], header: tuple[str, ...]) -> str:
    """"Lesson: 04; Title: Prompt Engineering" when the columns' names are short labels (a column
    with no name gives its cell alone); the cells alone otherwise. Empty cells are left out, and a
    cell that already starts with its column's name is kept as it is."""
    named = [h for h in header if h]
    readable = len(header) == len(row) and bool(named) and all(len(h.split()) <= LABEL_WORDS for h in named)
    parts = []
    for n, cell in enumerate(row):
        cell = LINK.sub(r"\1", cell).replace("**", "").strip()  # a cell's link is quoted by its words
        if not cell:
            continue
        label = header[n] if readable else ""
        parts.append(cell if not label or cell.lower().startswith(label.lower()) else f"{label}: {cell}")
    return "; ".join(parts)


def is_rule(line: str) -> bool:
    return bool(TABLE_RULE.match(line)) and "-" in line


def read_lines(text: str) -> list[Line]:
    """The passage's non-blank lines, typed, with wrapped prose and split-off fragments folded in
    (read once per text: an answer reads the same passages many times)."""
    return list(_read(text))


@lru_cache(maxsize=4096)
def _read(text: str) -> tuple[Line, ...]:
    raw = [line.rstrip() for line in fenced_literal(text).split("\n")]  # a code line is quoted out of its fence
    out: list[Line] = []
    header: tuple[str, ...] = ()
    wrapped = False  # the previous prose line broke off mid-sentence
    for number, line in enumerate(raw):
        stripped = line.strip()
        if not stripped:
            wrapped = False
            continue
        following = raw[number + 1] if number + 1 < len(raw) else ""
        if TABLE_ROW.match(line) or is_rule(line) and "|" in line:
            if is_rule(line):
                out.append(Line("table_rule", stripped, cells=cells(line)))
            elif is_rule(following) and "|" in following:
                header = cells(line)
                out.append(Line("table_header", " | ".join(header), cells=header))
            else:
                row = cells(line)
                out.append(Line("table_row", " | ".join(row), cells=row, header=header))
            wrapped = False
            continue
        header = ()
        heading = HEADING.match(line)
        item = ITEM.match(line)
        indent = len(line.replace("\t", "  ")) - len(line.replace("\t", "  ").lstrip())
        if heading:
            out.append(Line("heading", heading.group(2).strip(), level=len(heading.group(1)), indent=indent))
        elif item:
            out.append(Line("item", line[item.end():].strip(), depth=(indent + 1) // 2,
                            ordinal=int(item.group(3)) if item.group(3) else None, indent=indent))
        elif out and out[-1].kind in ("prose", "item") and _continues(stripped, wrapped):
            joiner = "" if CONTINUES.match(stripped) else " "
            out[-1] = replace(out[-1], text=f"{out[-1].text}{joiner}{stripped}")
        else:
            out.append(Line("prose", stripped, indent=indent))
        last = out[-1].text
        wrapped = len(last) >= WRAP_WIDTH and not last.endswith(SENTENCE_END) if out[-1].kind != "heading" else False
    return tuple(_same_columns(out))


def _same_columns(lines: list[Line]) -> list[Line]:
    """Mark the columns whose cell is the same in every row of a run of three or more rows: a
    "Learn More" link in each row tells one row from another nothing."""
    out = list(lines)
    start = 0
    while start < len(out):
        end = start
        while end < len(out) and out[end].kind == "table_row":
            end += 1
        if end - start >= 3:
            width = min(len(line.cells) for line in out[start:end])
            same = tuple(n for n in range(width) if out[start].cells[n]
                         and all(line.cells[n] == out[start].cells[n] for line in out[start:end]))
            out[start:end] = [replace(line, same=same) for line in out[start:end]]
        start = end + 1
    return out


def _continues(line: str, wrapped: bool) -> bool:
    """A line that is the rest of the one before: the previous broke off mid-sentence (a wrapped
    paragraph) and this one starts lower-case, or this one cannot open a sentence (". Feel free")."""
    return bool(CONTINUES.match(line)) or wrapped and line[:1].islower()
