"""The items inside one stage, in the document's own order: its sub-headings ("Convolutional Neural
Networks (CNNs)", then "Recurrent Neural Networks & Transformers") and the entries of its lists
("Supervised Learning: ...", then "Unsupervised Learning: ..."; a course table's rows). A learner who
says they finished one item of a stage ("done with git basics") wants the item that follows it in
that stage, not the next stage.

Built from the stage's passages alone (their section paths and lines), so it holds for any roadmap
whose stages hold sub-headings or lists, whatever its words. Resource and reference lists, "why"
and other question headings ("What to Learn?") and alternatives ("Alternative: TensorFlow/Keras")
are not items of the sequence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from rag.lines import TABLE_RULE
from rag.models import Passage
from rag.text import content_terms, stem

LIST_LINE = re.compile(r"^(?:[-*+•]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")
TABLE_ROW = re.compile(r"^\|.*\|$")
NUMBERING = re.compile(r"^(#|no\.?|\d+[.)]?)$", re.I)  # a row's number, not its name
LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
RESOURCE_HEADING = re.compile(r"\b(resources?|references?|further reading|links?|books?|readings?|"
                              r"playlists?|courses? to take|where to find)\b", re.I)
RECORD_FIELD = re.compile(r"^[\w-]+:\s")  # "Effort: 6-10 hours/week"
WHY = re.compile(r"^why\b", re.I)
ALTERNATIVE = re.compile(r"^(alternatives?|or|instead)\b", re.I)
VERSION = re.compile(r"v\d+(?:\.\d+)*", re.I)  # "v1" of "CartPole-v1": a version, not a name
MAX_LABEL = 90  # characters: a longer line without a label is a paragraph, not an item
MIN_COVER = 0.5  # share of an item's own words the question must name (or two of them)


@dataclass(frozen=True)
class StageItem:
    label: str  # what the item is called ("Unsupervised Learning", "Calculus 1B: Integration")
    text: str  # the item's whole line, its nested lines folded in
    passage: Passage
    level: int  # 0: a sub-heading of the stage; 1: an entry of a list
    group: int  # items of one list (or the stage's sub-headings) share it
    heading: str = ""  # the sub-heading the item sits under ("" for a sub-heading itself)

    @property
    def alternative(self) -> bool:
        return bool(ALTERNATIVE.match(self.label))


def stage_items(stage_title: str, passages: Iterable[Passage]) -> list[StageItem]:
    """Every item of one stage, in document order (its passages are in document order)."""
    items: list[StageItem] = []
    seen_headings: set[str] = set()
    group, last_section, in_resources = 0, None, False
    for passage in passages:
        path = passage.section.split(" > ")
        below = path[path.index(stage_title) + 1:] if stage_title in path else []
        topics = [h for h in below if _is_topic(h)]
        heading = topics[-1] if topics else ""
        if passage.section != last_section:
            group, last_section = group + 1, passage.section
            in_resources = any(RESOURCE_HEADING.search(h) for h in below)
            for name in topics:  # every sub-heading that names a topic, nested or not, in order
                if name not in seen_headings:
                    seen_headings.add(name)
                    items.append(StageItem(name, name, passage, 0, 0))
        if any(WHY.match(h) for h in below):  # reasons to learn the stage, not things to learn
            continue
        lines = [raw for raw in passage.text.split("\n") if raw.strip()]
        rows = _table_rows(lines)
        listed = bool(rows) or any(LIST_LINE.match(raw.strip()) for raw in lines)
        if not listed and sum(bool(RECORD_FIELD.match(raw.strip())) for raw in lines) * 2 > len(lines):
            continue  # a table row read as "Duration: 13 weeks" fields: one record, not a list
        titled = False  # the line before was an item of a plain (unmarked) list
        for n, raw in enumerate(lines):
            if n in rows:  # a table row: its first cell names it
                if rows[n] is not None and not in_resources:
                    items.append(StageItem(rows[n][0], rows[n][1], passage, 1, group, heading))
                continue
            indent, line = len(raw) - len(raw.lstrip()), LINK.sub(r"\1", raw.strip())
            is_item = bool(LIST_LINE.match(line))
            text = LIST_LINE.sub("", line).strip()
            if n == 0 and not is_item and _same_name(text, [stage_title, *below]):
                continue  # the section's own heading, repeated as the passage's first line
            described = titled and not is_item and _keywords(text)  # a title, then its keywords on a line below
            titled = False
            if (indent >= 2 or described) and items and items[-1].passage is passage and items[-1].level == 1:
                last = items[-1]  # a nested line belongs to the item above it
                joiner = " " if last.text.endswith(":") else "; "
                items[-1] = StageItem(last.label, f"{last.text}{joiner}{text}", passage, 1, last.group, last.heading)
                continue
            if not is_item and (text.endswith(":") or len(text) > MAX_LABEL or not listed and text.endswith((".", "!", "?", ",", ";"))):
                group += 1  # a lead-in or a paragraph starts a new list
                in_resources = bool(text.endswith(":") and RESOURCE_HEADING.search(text))
                continue
            if in_resources or not (is_item or not listed) or text.startswith("_"):
                continue
            label = item_label(text, passage)
            if label:
                items.append(StageItem(label, text, passage, 1, group, heading))
                titled = not listed
    return items


def _keywords(line: str) -> bool:
    """A line of keywords rather than a title: it opens in lower case ("parameteric approach, bias
    trick, ..."), or lists three or more terms in lower case with no label ("L1/L2 distances,
    hyperparameter search, cross-validation")."""
    if line[:1].islower():
        return True
    words = line.split()[1:]
    return ":" not in line and line.count(",") >= 2 and sum(w[:1].islower() for w in words) * 2 > len(words)


def _same_name(line: str, headings: list[str]) -> bool:
    """The line says one of the headings, whatever its case and spacing."""
    said = " ".join(line.casefold().split())
    return any(said == " ".join(h.casefold().split()) for h in headings if h)


def _table_rows(lines: list[str]) -> dict[int, tuple[str, str] | None]:
    """A table's rows by line number, each as (its first named cell, its first two named cells; a
    lesson number names nothing): a row is a step of the table's sequence; its header and rule rows
    (None) are not."""
    rows: dict[int, tuple[str, str] | None] = {}
    for n, raw in enumerate(lines):
        line = raw.strip()
        if not TABLE_ROW.match(line):
            continue
        following = lines[n + 1].strip() if n + 1 < len(lines) else ""
        cells = [LINK.sub(r"\1", cell.strip()) for cell in line.strip("|").split("|") if cell.strip()]
        header = TABLE_RULE.match(line) or TABLE_ROW.match(following) and TABLE_RULE.match(following)
        named = [cell for cell in cells if not NUMBERING.match(cell)]  # "| 05 | Introduction to regression |"
        rows[n] = None if header or not named else (named[0], ": ".join(named[:2]))
    return rows


def _is_topic(heading: str) -> bool:
    """A sub-heading that names something to learn: not a question ("Why Learn SQL?", "What to
    Learn?") and not a list of resources."""
    return not heading.rstrip().endswith("?") and not RESOURCE_HEADING.search(heading)


def item_label(text: str, passage: Passage) -> str:
    """"Linear Algebra: Vectors, matrices" -> "Linear Algebra"; a line that opens with a link is
    named by the link's text; a short line is its own label. A bare URL is no part of a name ("Linear
    Regression https://..." is Linear Regression, not "Linear Regression https")."""
    text = re.sub(r"\s*\bhttps?://\S+", "", text).strip() or text
    head, colon, _ = text.partition(":")
    if colon and 0 < len(head) <= MAX_LABEL // 2:
        return head.strip(" *")
    opening = next((link.get("text", "") for link in passage.links if link.get("text") and text.startswith(link["text"])), "")
    if opening:
        return opening
    return text.rstrip(".").strip() if len(text) <= MAX_LABEL else ""


def _names(label: str) -> list[set[str]]:
    """The item's names as word stems: its label, and what it gives in parentheses ("(CNNs)")."""
    inner = re.findall(r"\(([^)]*)\)", label)
    outer = re.sub(r"\([^)]*\)", " ", label)
    split = [re.sub(r"(?<=\w)-(?=\w)", " ", outer)] if re.search(r"\w-\w", outer) else []  # "CartPole-v1" ~ "cartpole"
    return [s for s in ({word_key(t) for t in content_terms(part) if not t.isdigit() and not VERSION.fullmatch(t)}
                        for part in [outer, *inner, *split]) if s]


def name_keys(item: StageItem) -> set[str]:
    """Every word key the item is named by (its label, what it gives in parentheses)."""
    return set().union(*_names(item.label))


def coverage(item: StageItem, said: set[str]) -> float:
    """The share of the item's name (its best-covered form) the question's words cover."""
    return max((len(said & name) / len(name) for name in _names(item.label)), default=0.0)


def word_key(word: str) -> str:
    """A word's stem with a short plural's "s" taken too ("CNNs" ~ "cnn": the stemmer keeps four
    letters), so an item and a question name it alike."""
    stemmed = stem(word)
    return stemmed[:-1] if len(stemmed) > 2 and stemmed.endswith("s") and not stemmed.endswith("ss") else stemmed


def named_item(items: list[StageItem], asked: set[str], said: set[str] | None = None) -> int | None:
    """The item the learner says they reached: one whose name shares a word with `asked` (the
    question's word keys without the stage's own title words) and whose words the whole question
    (`said`) covers best (most words, then the largest share of its name), two of them or half. On
    a tie, a sub-heading stands for the list inside it, and the later item for the earlier (a
    learner who names two items has done both)."""
    said = asked | (said or set())
    best: tuple[int, float, int, int] | None = None
    found = None
    for n, item in enumerate(items):
        names = _names(item.label)
        if not names or not asked & set().union(*names):
            continue
        every = len(said & set().union(*names))
        if not any(len(said & name) >= min(2, len(name)) or len(said & name) >= MIN_COVER * len(name) for name in names):
            continue
        key = (every, coverage(item, said), -item.level, n)
        if best is None or key > best:
            best, found = key, n
    return found


def phrase_words(text: str) -> list[str]:
    """A text's words and numbers, lower-cased, in order."""
    return re.findall(r"[a-z0-9]+", text.casefold())


def quoted_item(items: list[StageItem], text: str) -> int | None:
    """The item whose whole name the question says word for word ("neural networks part 2" names
    "Neural Networks Part 2", not Part 1 or 3, whose words are the same but for the number): the
    longest such name of two words or more, the first on a tie."""
    said = " " + " ".join(phrase_words(text)) + " "
    best: tuple[int, int] | None = None
    for n, item in enumerate(items):
        words = phrase_words(item.label)
        if len(words) >= 2 and f" {' '.join(words)} " in said and (best is None or len(words) > best[0]):
            best = (len(words), n)
    return best[1] if best else None


def items_after(items: list[StageItem], at: int, most: int = 2) -> list[StageItem]:
    """The items that follow item `at` in its stage: the next entries of its list; past the list's
    end, the sub-headings after the one it sits under. Alternatives to it are skipped."""
    item = items[at]
    if item.level == 1:
        same = [i for i in items[at + 1:] if i.group == item.group and i.level == 1 and not i.alternative]
        if same:
            return same[:most]
    after = [i for i in items[at + 1:] if i.level == 0 and not i.alternative
             and i.label != (item.heading if item.level == 1 else item.label)]
    return after[:most] if (item.level == 0 or item.heading) else []
