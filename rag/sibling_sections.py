"""The sibling section a follow-up asks about: "what if I can run multiple processes?" after an answer
that led with "Discrete Actions - Single Process" asks for "Discrete Actions - Multiprocessed".

A roadmap often splits one question into variants, headings under one parent that differ in a word or
two ("X - Battery Powered" / "X - Mains Powered", "Beginner Projects" / "Advanced Projects"). A
follow-up that names such a variant in its own words keeps the earlier turn's subject (the parent) and
swaps the variant. Only the index's own headings are chosen among: the heading the last answer led
with picks the parent, the follow-up's words pick the sibling, never words from the answer's text.
"""

from __future__ import annotations

from typing import Iterable

from rag.query import ConversationFocus
from rag.text import content_terms, stem

SEPARATOR = " > "
# a question word shorter than this names a heading word only by its whole stem
MIN_PART = 5


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _words(heading: str) -> set[str]:
    return {stem(t) for t in content_terms(heading)}


def _names(word: str, asked: set[str]) -> bool:
    """A heading word the follow-up names: by its stem, or as part of a joined word ("process" in
    "multiprocessed", "multiple" and "multiprocessed" sharing "multip")."""
    for term in asked:
        if term == word:
            return True
        if len(term) >= MIN_PART and len(word) >= MIN_PART and (term in word or word in term
                                                                or term[:MIN_PART + 1] == word[:MIN_PART + 1]):
            return True
    return False


def sibling(led: str, question: str, sections: Iterable[str]) -> str | None:
    """The section path of the sibling of `led` (a heading the last answer led with) whose own words
    (those it does not share with `led`) the follow-up names most; None when it names none, or when
    `led` sits under no parent (a top-level heading's siblings are the roadmap's other parts)."""
    wanted = _key(led)
    paths = list(dict.fromkeys(sections))
    parents = {SEPARATOR.join(p.split(SEPARATOR)[:-1]) for p in paths
               if SEPARATOR in p and _key(p.split(SEPARATOR)[-1]) == wanted}
    if len(parents) != 1:
        return None
    parent = parents.pop()
    asked = {stem(t) for t in content_terms(question)}
    own = _words(led)
    best, best_score = None, 0.0
    for path in paths:
        head, _, last = path.rpartition(SEPARATOR)
        if head != parent or _key(last) == wanted:
            continue
        distinct = _words(last) - own
        named = [w for w in distinct if _names(w, asked)]
        # every word the follow-up names counts, its share of the sibling's own words breaks ties
        score = len(named) + len(named) / len(distinct) if distinct else 0.0
        if score > best_score:
            best, best_score = path, score
    return best


def sibling_focus(finder, path: str, previous: ConversationFocus | None) -> ConversationFocus | None:
    """The focus of the sibling section: its roadmap and the stage it sits in (when it sits in one),
    as the words pinned it (not carried: the evidence is the sibling's, not the earlier stage's)."""
    passage = next((p for p in finder.passages if p.section == path), None)
    if passage is None:
        return previous
    alone = previous.alone if previous is not None and previous.doc_id == passage.doc_id else True
    roadmap = next((r for r in finder.structures if r.doc_id == passage.doc_id), None)
    stage = roadmap.stage(passage.stage_index) if roadmap is not None and passage.stage_index is not None else None
    if stage is None:
        return ConversationFocus(doc_id=passage.doc_id, alone=alone)
    return ConversationFocus(doc_id=passage.doc_id, stage_index=stage.index, stage_title=stage.title, alone=alone)
