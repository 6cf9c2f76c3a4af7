"""Tables whose rows are a roadmap's stages: course tables with a Duration, Effort or Hours column,
and curriculum tables whose rows are the order itself (a Week, Lesson or Module column that counts
up, or rows the text around them says to take in order), with a column that groups them into parts
("Lesson Grouping", "Part", "Block"). A table that compares tools or lists prices has neither, so
its rows stay content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.estimates import estimate_hours
from rag.order_cues import ORDER_CUE

TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)+\|?\s*$")
RELATIVE_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\((?!https?://)[^)\s]{0,500}\)")
TIME_COLUMN = re.compile(r"\b(duration|effort|hours?|weeks?|time|length|workload)\b", re.I)
CELL_TAG = re.compile(r"</?(?:ul|ol|li|br|p|span|div|b|i|em|strong|sup|sub)\b[^>]{0,200}>", re.I)  # "<ul><li>Jen</li>"
# A column that numbers the rows ("Week", "Lesson Number", "#", "Module") and one that groups them.
ORDER_UNIT = re.compile(
    r"^(?:#|no\.?|nr\.?|number|order|sequence|seq\.?|)$|\b(week|lesson|module|unit|day|session|lecture|chapter|"
    r"part|step|stage|phase|section|level|class|course|episode|video)s?\b", re.I)
GROUP_COLUMN = re.compile(r"\b(group(?:ing)?|part|block|section|track|phase|stage|category|area|course|unit)s?\b", re.I)
COUNT = re.compile(r"(?<![\d$€£.,])(\d{1,3})(?![\d%$€£]|[.,]\d)")  # a row number, not a year, a price or a share
NUMBERED_NAME = re.compile(r"^\s*(\d{1,3})(?:_|[.)]\s+|\s+[-–—:]\s+)\s*[A-Za-z]")  # "07_PyTorch", "3. Pandas"
LETTERED = re.compile(r"^\s*[A-Za-z]+\s+([A-Z])(?:\s*[:.)\-–—]|\s*$)")  # "Appendix A: ...", "Part B"
LABEL_ONLY = re.compile(r"^\s*(?:[A-Za-z]+\s*)?#?\d{1,3}[.):]?\s*$")  # "01", "Lesson 3", "Week 2", "#4"
MIN_ROWS = 3
PLACEHOLDERS = {"-", "–", "—", "n/a", "N/A", "tbd", "TBD", "?"}


@dataclass
class TableRow:
    title: str
    lines: list[str]  # the row as "Column: value" lines (links kept)
    estimate_text: str = ""
    hours: tuple[float | None, float | None] = (None, None)
    label: str = ""  # "Week 3", "Lesson 5": what the row's number column calls it
    group: str = ""  # the value of the table's group column ("Regression"), if it has one
    shared_topics: bool = True  # the bullets above a course table are each course's topics; not a curriculum's
    topics: list[str] = field(default_factory=list)  # a curriculum row's other cells ("Focus: tokenisation, ...")


@dataclass
class CourseTables:
    rows: dict[int, TableRow] = field(default_factory=dict)  # line number -> row
    skipped: set[int] = field(default_factory=set)  # header and rule lines


@dataclass(frozen=True)
class _Table:
    start: int  # the header line; the rule follows it, then the body rows
    end: int
    columns: list[str]
    body: list[tuple[int, list[str]]]  # (line number, cells)


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line)]  # "\|" is a pipe in a cell


def _tables(lines: list[str], clean) -> list[_Table]:
    found, number = [], 0
    while number < len(lines) - 1:
        if "|" in lines[number] and TABLE_RULE.match(lines[number + 1]):
            end = number + 2
            while end < len(lines) and "|" in lines[end] and lines[end].strip():
                end += 1
            columns = [clean(cell) for cell in _cells(lines[number])]
            found.append(_Table(number, end, columns, [(n, _cells(lines[n])) for n in range(number + 2, end)]))
            number = end
            continue
        number += 1
    return found


def course_tables(lines: list[str], clean) -> CourseTables:
    """Tables with a Duration, Effort or Hours column: each row is a course, a stage of its own."""
    found = CourseTables()
    for table in _tables(lines, clean):
        if any(TIME_COLUMN.search(c) for c in table.columns[1:]):
            found.skipped.update({table.start, table.start + 1})
            for row_number, cells in table.body:
                row = _row(table.columns, cells, clean)
                if row:
                    found.rows[row_number] = row
    return found


def curriculum_tables(lines: list[str], headings: dict[int, tuple[int, str]], clean) -> CourseTables:
    """Tables whose rows are the curriculum in order: a column that numbers them and counts up
    ("Week", "Lesson Number", "Module"), or rows the words between their heading and the table
    say to take in order ("work through these from top to bottom"). Each row is a stage, titled by
    its first column of words, grouped by a column whose values run in blocks."""
    found = CourseTables()
    starts = sorted(headings)
    for table in _tables(lines, clean):
        if len(table.body) < MIN_ROWS or len(table.columns) < 2:
            continue
        texts = [[_plain(cell, clean) for cell in cells] + [""] * (len(table.columns) - len(cells))
                 for _, cells in table.body]
        counter = _counting_column(table.columns, texts)
        if counter is None and not ORDER_CUE.search(_said_before(lines, starts, table.start)):
            continue
        group = _group_column(table.columns, texts, counter)
        title = next((c for c in range(len(table.columns)) if c != group
                      and sum(1 for row in texts if row[c] and not LABEL_ONLY.match(row[c])) * 2 > len(texts)), None)
        if title is None:
            continue
        found.skipped.update({table.start, table.start + 1})
        duplicated = len({row[title] for row in texts}) < len(texts)
        for (row_number, cells), text in zip(table.body, texts):
            row = _row(table.columns, cells, clean, title_column=title)
            if row is None:
                continue
            if duplicated and sum(1 for other in texts if other[title] == text[title]) > 1:
                extra = next((text[c] for c in range(title + 1, len(text)) if c not in {counter, group} and text[c]), "")
                row.title = f"{row.title}: {extra}" if extra else row.title  # "North American pumpkin prices: Build a logistic regression model"
            row.label = _label(table.columns[counter], text[counter]) if counter is not None else ""
            row.group = text[group] if group is not None else ""
            row.shared_topics = False
            row.lines = ["; ".join(row.lines)] if row.lines else []  # one row, one line: read (and quoted) as the table's row
            row.topics = [text[c] for c in range(len(text)) if c not in {counter, group, title} and 0 < len(text[c]) <= 160]
            found.rows[row_number] = row
    return found


def _said_before(lines: list[str], starts: list[int], table: int) -> str:
    """The words that introduce a table: from the second heading above it (an intro under the
    title, then "## Lessons"), not across an earlier table, without table lines."""
    above = [n for n in starts if n < table][-2:]
    first = above[0] if len(above) == 2 else 0
    said = []
    for line in reversed(lines[first:table]):
        if "|" in line and said and TABLE_RULE.match(said[-1]):
            break
        said.append(line)
    return " ".join(line for line in said if "|" not in line)


def _plain(cell: str, clean) -> str:
    text = clean(RELATIVE_LINK.sub(r"\1", CELL_TAG.sub(" ", cell)))
    return "" if text in PLACEHOLDERS else text


def _number(text: str) -> int | None:
    found = COUNT.search(text)
    return int(found.group(1)) if found else None


def _counting_column(columns: list[str], texts: list[list[str]]) -> int | None:
    """The column that numbers the rows: its header names an order unit ("Week", "Lesson", "#")
    and two thirds of its cells or more hold numbers that count up, mostly one at a time."""
    for c, name in enumerate(columns):
        if not ORDER_UNIT.search(name):
            continue
        letters = [ord(found.group(1)) for found in (LETTERED.match(row[c]) for row in texts) if found]
        numbers = [n for n in (_number(row[c]) for row in texts if not LETTERED.match(row[c])) if n is not None]
        if (len(numbers) + len(letters)) * 3 < len(texts) * 2 or len(numbers) < MIN_ROWS:
            continue
        if _counts(numbers) and (not letters or _counts(letters)):  # "Ch 1" ... "Ch 7", then "Appendix A" ... "E"
            return c
    for c in range(len(columns)):  # no number column: names that carry their own ("00_Notebooks", "01_Python")
        numbers = [int(found.group(1)) for found in (NUMBERED_NAME.match(row[c]) for row in texts) if found]
        if len(numbers) * 3 >= len(texts) * 2 and len(numbers) >= MIN_ROWS and _counts(numbers):
            return c
    return None


def _counts(numbers: list[int]) -> bool:
    pairs = list(zip(numbers, numbers[1:]))
    return all(b > a for a, b in pairs) and sum(1 for a, b in pairs if b == a + 1) * 2 >= len(pairs)


def _group_column(columns: list[str], texts: list[list[str]], counter: int | None) -> int | None:
    """A column whose values run in blocks ("Regression" x4, then "Web App"), each value in one
    block only, fewer values than rows: named like a group ("Lesson Grouping", "Part"), or with
    blocks two rows long on average."""
    best = None
    for c, name in enumerate(columns):
        if c == counter:
            continue
        values = [row[c] for row in texts]
        if not all(values):
            continue
        runs = [v for n, v in enumerate(values) if n == 0 or values[n - 1] != v]
        if len(set(runs)) != len(runs) or not 2 <= len(runs) < len(values):
            continue
        named = bool(GROUP_COLUMN.search(name))
        if named or len(values) >= 2 * len(runs):
            if named:
                return c
            best = c if best is None else best
    return best


def _label(column: str, cell: str) -> str:
    """"Week 3", "Lesson 5" from the number column's header and cell; the cell when it says so itself."""
    lettered = re.match(r"^\s*([A-Za-z]+)\s+([A-Z])\b", cell) if LETTERED.match(cell) else None
    if lettered:
        return f"{lettered.group(1).title()} {lettered.group(2)}"  # "Appendix B"
    number = _number(cell)
    if number is None:
        return ""
    lead = re.match(r"^\s*([A-Za-z]+)\.?\s*#?(\d{1,3})\s*[:.)\-–—]", cell)  # "Ch 3: ..." under "Chapter Title"
    unit = ORDER_UNIT.search(column)
    if lead and unit and unit.group(1) and unit.group(1).lower().startswith(lead.group(1).lower()) and not LABEL_ONLY.match(cell):
        return f"{unit.group(1).title()} {number}"
    if NUMBERED_NAME.match(cell) and re.fullmatch(r"[A-Za-z]+", column.strip()):
        return f"{column.strip().title()} {number}"  # "Notebook 7" for "07_PyTorch" under "Notebook"
    if not LABEL_ONLY.match(cell):
        return ""
    word = re.match(r"^\s*([A-Za-z]+)", cell)
    unit = ORDER_UNIT.search(column)
    name = word.group(1) if word else (unit.group(1) if unit and unit.group(1) else "")
    return f"{name.title()} {number}" if name else str(number)


def _row(columns: list[str], cells: list[str], clean, title_column: int = 0) -> TableRow | None:
    if not cells or len(cells) <= title_column or not clean(cells[title_column]):
        return None
    first = CELL_TAG.sub(" ", cells[title_column])
    first_link = re.match(r"^\s*\[([^\]]{1,300})\]\(", first)
    title = clean(first_link.group(1)) if first_link else clean(RELATIVE_LINK.sub(r"\1", first))
    lines, times = [], []
    for name, cell in zip(columns, cells):
        cell = RELATIVE_LINK.sub(r"\1", cell)  # a link into the roadmap's own repository is just its text
        cell = " ".join(CELL_TAG.sub(" ", cell).split())
        if not cell or cell in {"-", "–", "—"}:
            continue
        lines.append(f"{name or 'Item'}: {cell}")
        if name is not columns[0] and TIME_COLUMN.search(name) and re.search(r"\d", cell):
            times.append(clean(cell))
    text = ", ".join(times)
    return TableRow(title=title, lines=lines, estimate_text=text, hours=estimate_hours(text) if text else (None, None))
