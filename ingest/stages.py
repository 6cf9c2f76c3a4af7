"""Stages of roadmaps that do not say "Step 3": numbered headings, a curriculum's table of contents,
emoji-prefixed sections and ordered lists (tables whose rows are stages: ingest/tables.py); and the time a roadmap gives
for a stage ("4-6 weeks (15-20 hours/week)"), with the total hours when the text allows.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ingest.tables import CourseTables, TableRow
from rag.estimates import PER_WEEK, SPAN, TOTAL_HOURS, estimate_hours
from rag.models import StageEstimate

UNIT_HEADING = re.compile(
    r"^(?P<unit>week|day|month|module|lesson|unit|session|lecture|chapter|step|stage|phase|level|sprint|part)"
    r"\s*#?\s*(?P<number>\d{1,3})(?![\d.,]\d|\d)", re.I)  # "Day 7", "Session 12", not "Step 1.5" or "Week 2024"
NUMBERED = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}\s*[.)])\s+\S")  # "1.", "1.1", "2)"
ORDERED_ITEM = re.compile(r"^(\d{1,2})[.)]\s+(?P<text>\S.*)$")  # a top-level item of an ordered list
CURRICULUM_HEADING = re.compile(
    r"\b(curriculum|learning path|learning order|study plan|path|roadmap|syllabus|order|outline|plan)\b", re.I)
NO_ORDER = re.compile(
    r"\b(?:no|not (?:in )?any|not a|not in a|without (?:a|any))\s+(?:specific|particular|set|fixed|strict|"
    r"required|prescribed)?\s*order\b|\bin (?:any|no particular) order\b", re.I)
ORDER_IS_FREE = re.compile(
    r"\border\b[^.\n]{0,40}\b(?:does not|doesn't|do not|don't|isn't|is not) (?:matter|important)\b|"
    r"\bwhichever (?:order|interests|you like)\b|\bany order you\b", re.I)
TOC_ENTRY = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[([^\]]{1,200})\]\(#([^)\s]{1,200})\)\s*$")
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


# -- headings that are stages ----------------------------------------------------------------
def heading_stages(headings: dict[int, tuple[int, str]], lines: list[str]) -> dict[int, str]:
    """Line number -> group, for the first heading style the document uses as its sequence:
    numbered headings, the entries of a table of contents, or emoji-prefixed sections. A longer
    run of same-level headings that count a unit ("Session 1" ... "Session 12") is the sequence
    rather than the short "1.", "2.", "3." lists that sit inside one section."""
    ordered = sorted(headings.items())
    numbered = _numbered(ordered)
    units = _unit_run(ordered)
    others = numbered or _table_of_contents(ordered, lines) or _emoji(ordered, lines)
    if not units:
        return others
    level = headings[min(units)][0]
    # a unit run competes only with numbered runs at its own or a shallower level ...
    shallow = Counter(group for number, group in numbered.items() if headings[number][0] <= level)
    if len(units) <= max(shallow.values(), default=0):
        return others
    # ... and "### Week 1..5" all inside "## 3. Machine Learning", itself a stage, is that stage's parts
    parents = {_parent_line(ordered, position) for position, (number, _) in enumerate(ordered) if number in units}
    if len(parents) == 1 and next(iter(parents)) in others:
        return others
    return units


def _unit_run(ordered) -> dict[int, str]:
    """The longest run of same-level headings that name one unit with a number counting up
    ("🗓️ Day 3: ...", "Session 4", "Sprint 2 - ..."), at least three: line number -> group."""
    runs: dict[tuple[int, str], list[tuple[int, int, int]]] = {}
    for position, (number, (level, text)) in enumerate(ordered):
        found = UNIT_HEADING.match(strip_symbols(text))
        if found:
            runs.setdefault((level, found.group("unit").lower()), []).append((position, number, int(found.group("number"))))
    best: list[tuple[int, int, int]] = []
    for items in runs.values():
        if len(items) >= 3 and len(items) > len(best) and _is_sequence([(n,) for _, _, n in items]):
            best = items
    if not best:
        return {}
    parents = {_parent(ordered, position) for position, _, _ in best}
    group = parents.pop() if len(parents) == 1 else "main"
    return {number: group for _, number, _ in best}


def _parent_line(ordered: list[tuple[int, tuple[int, str]]], position: int) -> int | None:
    level = ordered[position][1][0]
    for number, (other_level, _) in reversed(ordered[:position]):
        if other_level < level:
            return number
    return None


def _parent(ordered: list[tuple[int, tuple[int, str]]], position: int) -> str:
    parent = _parent_line(ordered, position)
    return strip_symbols(dict(ordered)[parent][1]) if parent is not None else "main"


def _is_sequence(numbers: list[tuple[int, ...]]) -> bool:
    """Numbers that count up ("1, 2, 3", "1.1, 1.2, 2.1"), mostly one step at a time."""
    pairs = list(zip(numbers, numbers[1:]))
    steps = sum(1 for a, b in pairs if b[-1] == a[-1] + 1 or (len(b) > 1 and b[0] == a[0] + 1))
    return bool(pairs) and all(b > a for a, b in pairs) and steps * 2 >= len(pairs)


def _numbered(ordered) -> dict[int, str]:
    runs: dict[tuple[int, int | None], list[tuple[int, tuple[int, ...]]]] = {}
    for position, (number, (level, text)) in enumerate(ordered):
        found = NUMBERED.match(text)
        if found:
            parts = tuple(int(n) for n in re.findall(r"\d+", found.group("number")))
            runs.setdefault((level, _parent_line(ordered, position)), []).append((number, parts))
    kept = {key: items for key, items in runs.items() if _is_sequence([parts for _, parts in items])}
    stages = {number for items in kept.values() for number, _ in items}
    titles = dict(ordered)
    found_stages: dict[int, str] = {}
    for (_, parent), items in kept.items():
        if parent in stages and all(len(parts) > 1 for _, parts in items):
            continue  # "1.1 Vectors" under the "1. Mathematics" stage is a part of it
        group = strip_symbols(titles[parent][1]) if parent is not None else "main"
        found_stages.update({number: group for number, _ in items})
    return found_stages


def says_unordered(lines: list[str]) -> bool:
    """The roadmap says its content has no order ("there is no specific order to follow")."""
    return any(NO_ORDER.search(line) for line in lines)


def says_order_is_free(lines: list[str]) -> bool:
    """The roadmap says it has no order, or that the order is the reader's ("the order doesn't
    matter", "whichever interests you"): its prose then orders nothing (ingest/prose_order.py)."""
    return says_unordered(lines) or any(ORDER_IS_FREE.search(line) for line in lines)


def curriculum_list(headings: dict[int, tuple[int, str]], lines: list[str], clean) -> tuple[dict[int, str], CourseTables]:
    """A top-level ordered list under a heading like "Curriculum" or "Learning path": its items are
    the stages. When every item names (or links to) a later heading, those headings are the stages
    (line number -> group); otherwise each item is a stage of its own, as a table row is."""
    ordered = sorted(headings.items())
    for position, (start, (level, title)) in enumerate(ordered):
        if not CURRICULUM_HEADING.search(title):
            continue
        end = ordered[position + 1][0] if position + 1 < len(ordered) else len(lines)
        items = _ordered_items(lines, start + 1, end)
        if len(items) < 2 or not _is_sequence([(n,) for n, _, _ in items]):
            continue
        group = strip_symbols(title)
        later = {_heading_key(text): number for number, (_, text) in ordered[position + 1 :]}
        targets = [later.get(_item_key(lines[line], clean)) for _, line, _ in items]
        starts = [number for number, _ in ordered] + [len(lines)]
        if all(targets) and len(set(targets)) == len(targets) and all(
            any(l.strip() for l in lines[t + 1 : starts[starts.index(t) + 1]]) for t in targets
        ):
            return {target: group for target in targets}, CourseTables()
        rows = CourseTables()  # the items themselves (also when the sections they name hold only images)
        for _, line, extra in items:
            text = ORDERED_ITEM.match(lines[line]).group("text")  # the item's words, not a topic of itself
            title_text = clean(text).rstrip(":")
            if re.search(r"\]\([^)\s]*#[^)\s]+\)", text):  # a link to a section of the roadmap itself
                text = title_text
            rows.rows[line] = TableRow(title=title_text, lines=[text, *(lines[n] for n in extra)])
            rows.skipped.update(extra)
        return {}, rows
    return {}, CourseTables()


def _ordered_items(lines: list[str], start: int, end: int) -> list[tuple[int, int, list[int]]]:
    """(number, line, indented lines below it) of the ordered list that starts a heading's body."""
    items: list[tuple[int, int, list[int]]] = []
    for line in range(start, end):
        text = lines[line]
        found = ORDERED_ITEM.match(text)
        if found:
            items.append((int(found.group(1)), line, []))
        elif text.strip() and items and text[:1] in " \t":
            items[-1][2].append(line)
        elif text.strip() and items:
            break  # the list is over
    return items


def _heading_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", strip_symbols(text).lower().replace("&", " and ")).strip()


def _item_key(line: str, clean) -> str:
    """An item's target: the heading its link points to ("...#text-mining"), else its own words."""
    anchor = re.search(r"\]\([^)\s]*#([^)\s]+)\)", line)
    if anchor:
        return _heading_key(anchor.group(1).replace("--", " and ").replace("-", " "))
    return _heading_key(clean(ORDERED_ITEM.match(line).group("text")))


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


def _emoji(ordered, lines: list[str]) -> dict[int, str]:
    by_level: dict[int, list[int]] = {}
    for number, (level, text) in ordered:
        if level > 1 and starts_with_symbol(text):
            by_level.setdefault(level, []).append(number)
    for level in sorted(by_level):
        if len(by_level[level]) >= 3:
            numbers = _without_matter(by_level[level], [number for number, _ in ordered], lines)
            return {number: "main" for number in numbers} if len(numbers) >= 2 else {}
    return {}


def _without_matter(numbers: list[int], heading_lines: list[int], lines: list[str]) -> list[int]:
    """The emoji sections without the front and back matter around them: a first or last section
    that is prose only, with no list, table or sub-heading ("🎯 Goal: This roadmap guides learners
    ...", "📝 Final Notes"), introduces or closes the roadmap and is no stage to start with or go to."""
    ends = numbers[1:] + [len(lines)]

    def prose_only(position: int) -> bool:
        start, end = numbers[position], ends[position]
        if any(start < other < end for other in heading_lines):
            return False
        body = lines[start + 1:end]
        return not any(re.match(r"\s*(?:[-*+•]|\d+[.)])\s|\s*\|", line) for line in body)

    kept = list(range(len(numbers)))
    while kept and prose_only(kept[0]):
        kept.pop(0)
    while kept and prose_only(kept[-1]):
        kept.pop()
    return [numbers[position] for position in kept]
