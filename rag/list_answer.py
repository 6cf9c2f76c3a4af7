"""Questions that ask for a list or a count ("which tools are nice to have?", "how many projects
should I build in Q2?", "list the topics covered in core math") are answered from the list the
question names: a list under a labelled lead-in ("Nice to Have:", "Prerequisites:", "Topics
covered:") or under a sub-heading that labels it. A prose line that shares the question's words
does not answer it; the list whose label the question names does, whole.

The label is matched by its words' rarity (as BM25 weighs them): the lead-in's or heading's own
words count fully, the headings above it (its stage, its section) by half, so "nice to have in
the tools section" finds "Tools > Nice to Have" and not "Tools > Essential Stack".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from rag.lines import Line, read_lines
from rag.models import Passage
from rag.text import content_terms, stem

COUNT = re.compile(r"\bhow many\b", re.I)
# "list the ...", "which tools ...", "what are the ...", "name all ...": a plural asked for by name
ENUMERATION = re.compile(r"\b(list|enumerate|name (?:the|all|every)|what(?: are|'re) (?:the|all)|"
                         r"which (?:\w+ )?\w{2,}[^s\W]s (?:are|do|does|did|should|can|would|will|make|in|from|of|to|for))\b",
                         re.I)
# A question put as a bare noun phrase, a plural and what recommends it ("coding practice sites the
# guide recommends?", "books it suggests?"): the plural is what is asked for. A question with a
# question word or an auxiliary of its own ("is pandas recommended?", "which sites does it recommend?")
# is read by its own words: a yes/no, or ENUMERATION's plural.
RECOMMENDED = re.compile(r"^(?!.*\b(?:what|which|who|whom|whose|how|why|when|where|is|are|was|were|am|does|do|did|"
                         r"should|shall|can|could|would|will|may|might|must|has|have|had)\b)"
                         r".*\b\w{2,}[^s\W]s\b[^?.]{0,40}\b(?:recommends?|suggests?|recommended|suggested)\b", re.I)
MAX_ITEM = 160  # characters: a longer line is a paragraph, not a list entry
MAX_ITEMS = 8  # a longer list is cut: the answer names its first entries
PARENT_SHARE = 0.5  # the headings above a label name it half as much as its own words


@dataclass(frozen=True)
class LabelledList:
    """A list and what labels it, in one passage."""

    label: str  # "Nice to Have", "Topics covered", "Build 3-5 end-to-end projects"
    items: tuple[str, ...]
    passage: Passage
    score: float = 0.0


def asks_for_list(question: str) -> bool:
    """The answer type is a count or an enumeration."""
    return bool(COUNT.search(question) or ENUMERATION.search(question) or RECOMMENDED.search(question))


def labelled_lists(passage: Passage) -> list[LabelledList]:
    """The lists of one passage: those under a lead-in line ending with ":", and, when the passage
    opens with a list, that list under the passage's own heading. A table's body rows are a list
    (quoted with their columns' names); its header and rule rows never are entries."""
    lines = [line for line in read_lines(passage.text) if line.kind not in ("table_header", "table_rule")]
    found: list[LabelledList] = []
    opening = _run(lines, 0)
    if len(opening) >= 2:
        found.append(LabelledList(passage.section.split(" > ")[-1], tuple(opening), passage))
    for n, line in enumerate(lines):
        if line.kind == "prose" and line.text.endswith(":") and len(line.text) <= MAX_ITEM:
            items = _run(lines, n + 1)
            if items:
                found.append(LabelledList(line.text.rstrip(":").strip(), tuple(items), passage))
    return found + _nested(lines, passage)


def _nested(lines: list[Line], passage: Passage) -> list[LabelledList]:
    """Lists under a list entry that introduces them ("- Libraries:" then "  - NumPy", "  - Pandas"):
    the entries nested deeper than it, up to the next entry at its depth or shallower."""
    found: list[LabelledList] = []
    for n, line in enumerate(lines):
        if not (line.kind == "item" and line.text.endswith(":") and len(line.text) <= MAX_ITEM):
            continue
        items = []
        for entry in lines[n + 1:]:
            if entry.kind != "item" or entry.depth <= line.depth:
                break
            items.append(entry.text)
        if items:
            found.append(LabelledList(line.text.rstrip(":").strip(" *_"), tuple(items), passage))
    return found


def _run(lines: list[Line], start: int) -> list[str]:
    """The entries that follow `start`: list items, a table's rows, or short plain lines when the
    block has no list markers ("Topics covered:" then one topic a line); a lead-in or a paragraph
    ends it, as does a line of another kind."""
    kind = lines[start].kind if start < len(lines) else "prose"
    items: list[str] = []
    for line in lines[start:]:
        if line.kind != kind or line.kind == "heading":
            break  # the list's kind of line ends
        if line.kind == "prose" and (line.text.endswith((":", ".", "!", "?")) or len(line.text) > MAX_ITEM):
            break  # a lead-in or a sentence of prose follows it
        if len(line.text) > MAX_ITEM and line.kind != "table_row":
            break  # a paragraph, not an entry (a table's row is one however long)
        items.append(line.quote())
    return items


def named_list(question: str, passages: Iterable[Passage], idf: Mapping[str, float],
               default_idf: float = 1.0) -> LabelledList | None:
    """The list whose label the question names best: two of the label's own words, or all of a
    one-word label (the words that name the roadmap itself name none of its lists); None when the
    question asks no list or names none."""
    if not asks_for_list(question):
        return None
    asked = {stem(t) for t in content_terms(question)}
    best: LabelledList | None = None
    seen: set[str] = set()
    for passage in passages:
        if passage.chunk_id in seen or passage.kind != "roadmap":
            continue
        seen.add(passage.chunk_id)
        above = {stem(t) for t in content_terms(" ".join(passage.section.split(" > ")[:-1]) + " " + passage.stage_title)}
        naming = asked - {stem(t) for t in content_terms(passage.title)}
        for found in labelled_lists(passage):
            own = {stem(t) for t in content_terms(found.label)}
            hits = naming & own
            if len(hits) < 2 and not (hits and hits == own):
                continue
            score = sum(idf.get(t, default_idf) for t in hits)
            score += PARENT_SHARE * sum(idf.get(t, default_idf) for t in (naming & above) - own)
            score += passage.score
            if best is None or score > best.score:
                best = LabelledList(found.label, found.items[:MAX_ITEMS], passage, score)
    return best
