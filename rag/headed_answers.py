"""Question-shaped headings as answers: a roadmap that says "### What are the prerequisites?" (or, in
plain text, a line "Do I need to buy a robot?" followed by its answer) has already answered the
learner who asks "what do I need before starting?". When such a heading (or a heading the question
restates, "Each lesson includes:") matches the question by meaning, its body is the answer.

The match is the shipped embedding model's cosine between the heading and the question, both
without the words that name a roadmap ("the pytorch course", "roadmap": they name every heading of
it), plus the words they share; the heading's body must not miss a rare subject word of the
question ("does it cover kubernetes?" is not answered by "Does the roadmap teach deep learning?").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np

from rag.answer_lines import subject_terms
from rag.extractive import passage_lines
from rag.models import Passage
from rag.targeting import ROADMAP_WORDS
from rag.text import content_terms, stem, tokens

QUESTION_LINE = re.compile(r"^(?:[#*_\s]*)(?:q:\s*)?(?:what|which|who|whom|when|where|why|how|do|does|did|is|are|can|"
                           r"could|should|will|would|must|may|am)\b[^?]{2,140}\?[*_\s]*$", re.I)
BARE_QUESTION = re.compile(r"^[^?]{3,80}\?[*_\s]*$")  # "Python or C++?": a short line ending with "?"
MIN_MATCH = 0.45  # cosine (plus shared words) a heading needs to answer the question
PASSAGE_SHARE = 0.5  # the passage's own cosine to the query, beside its heading's
MARGIN = 0.05  # over the next-best heading, unless it matches strongly
STRONG = 0.7
WORD_BONUS = 0.08  # per content word the heading shares with the question (at most two)
MAX_BODY_LINES = 10
MAX_BODY_CHARS = 700
MAX_CANDIDATES = 24  # headings embedded per question (each ~10-30 ms, cached)
WHOLE_DISCOUNT = 0.15  # the question with its roadmap's name words: they lift every heading of it
MISSING = 0.05  # per rare subject word of the question the heading and its answer lack
RARE = 1.4  # idf: a subject word in at most about a quarter of the passages must be in the body


@dataclass(frozen=True)
class HeadedAnswer:
    """A heading that asks the learner's question, with its body (the answer), in one passage."""

    heading: str
    lines: tuple[str, ...]
    passage: Passage
    score: float


def is_question(line: str) -> bool:
    line = line.strip()
    return bool(QUESTION_LINE.match(line) or BARE_QUESTION.match(line))


def entries(passage: Passage, lines: Sequence[str]) -> list[tuple[str, list[str]]]:
    """(heading, body) pairs of one passage: its own heading with the lines before any inline
    question, then each inline question line with the lines that follow it."""
    own = passage.section.split(" > ")[-1].strip()
    found: list[tuple[str, list[str]]] = [(own, [])]
    for line in lines:
        if is_question(line) and len(line) < 160:
            found.append((line.strip(" *_#"), []))
        else:
            found[-1][1].append(line)
    return [(heading, body) for heading, body in found if heading and body]


def _plain(text: str) -> str:
    return " ".join(ROADMAP_WORDS.sub(" ", text).split())


class HeadingMatcher:
    """Scores headings against a question by meaning and words; heading vectors are cached."""

    def __init__(self, embed: Callable[[str], Sequence[float]] | None, idf: Mapping[str, float] | None = None):
        self._embed = embed
        self._idf = idf or {}
        self._cache: dict[str, np.ndarray] = {}

    def similarity(self, heading: str, question: str) -> float:
        """Cosine of the two by the embedding model; without one, the share of the heading's words asked."""
        if self._embed is None:
            own = {stem(t) for t in content_terms(heading)}
            return len(own & {stem(t) for t in content_terms(question)}) / len(own) if own else 0.0
        return float(self.vector(heading) @ self.vector(question))

    def vector(self, text: str) -> np.ndarray:
        if text not in self._cache:
            if len(self._cache) > 4096:
                self._cache.clear()
            self._cache[text] = np.asarray(self._embed(text), dtype=np.float32)
        return self._cache[text]

    def best(self, question: str, passages: Sequence[Passage], whole: str = "", wanted: Sequence = (),
             order: Mapping[str, int] | None = None, similar: Mapping[str, float] | None = None,
             templates: frozenset[tuple[str, str]] = frozenset()) -> HeadedAnswer | None:
        """The heading among `passages` that asks `question` (without the roadmap's names; `whole`,
        the question as asked, counts too: a name's word may be the subject, "buy a robot")."""
        asked = _plain(question)
        if len(tokens(asked)) < 2:  # "who is it for?" has no content word, and still asks something
            return None
        asked_stems = {stem(t) for t in content_terms(asked)}
        rare = {stem(t) for t in subject_terms(asked) if self._idf.get(stem(t), 0.0) > RARE}
        candidates: list[tuple[str, list[str], Passage]] = []
        for passage in passages:
            for heading, body in entries(passage, passage_lines(passage, keep_colons=True)):
                if sum(line.startswith("|") for line in body) * 2 > len(body):
                    continue  # table rows filed under the heading are not its answer
                own = {stem(t) for t in content_terms(heading)}
                hits = len(own & asked_stems)  # a heading restated with all its words but one
                restated = bool(own) and (own <= asked_stems and (len(own) >= 2 or own == asked_stems)
                                          or len(own) >= 3 and hits >= len(own) - 1)
                typed = all(any(cue.gives.search(line) for line in [heading, *body]) for cue in wanted)
                template = (passage.doc_id, heading.lower()) in templates  # "What to Learn?" in every step
                if (is_question(heading) or restated) and typed and not template:  # its answer gives the asked type
                    candidates.append((heading, body, passage))
        if not candidates:
            return None
        queries = [asked] + ([_plain(whole)] if whole and _plain(whole) != asked else [])
        scored: list[tuple[float, str, list[str], Passage]] = []
        for heading, body, passage in candidates[:MAX_CANDIDATES]:
            said = {stem(w) for w in tokens(f"{heading} {' '.join(body)} {passage.section}")}
            missing = rare - said  # the question's rare subject words this heading and its answer lack
            shared = len(asked_stems & {stem(t) for t in content_terms(heading)})
            score = (max(self.similarity(_plain(heading) or heading, query) - WHOLE_DISCOUNT * n
                         for n, query in enumerate(queries))
                     + WORD_BONUS * min(shared, 2)
                     - MISSING * len(missing))  # "does it cover kubernetes?" is not "Does it teach deep learning?"
            scored.append((score, heading, body, passage))
        if not scored:
            return None
        # the same heading over several passages: the first of them in the document answers it
        scored.sort(key=lambda item: (-round(item[0], 4), (order or {}).get(item[3].chunk_id, 0)))
        # between close headings, the passage nearer the question in meaning (heading and body) decides
        closeness = similar or {}
        def rank(item: tuple[float, str, list[str], Passage]) -> float:
            return item[0] + PASSAGE_SHARE * closeness.get(item[3].chunk_id, item[3].score)
        top = max(scored, key=rank)
        score, heading, body, passage = top
        runner_up = max((rank(item) for item in scored if item[1] != heading), default=0.0)
        if score < MIN_MATCH or (score < STRONG and rank(top) - runner_up < MARGIN):
            return None
        kept: list[str] = []
        for line in body[:MAX_BODY_LINES]:  # a list answer whole, within the answer's length budget
            if kept and sum(map(len, kept)) + len(line) > MAX_BODY_CHARS:
                break
            kept.append(line)
        return HeadedAnswer(heading, tuple(kept), passage, round(score, 3))


def heading_matcher(finder) -> HeadingMatcher:
    """One matcher per index snapshot (an EvidenceFinder): its heading vectors are cached with it."""
    matcher = finder.__dict__.get("_heading_matcher")
    if matcher is None:
        retriever = finder.retriever
        embedder = getattr(retriever, "embedder", None)
        embed = embedder.embed_query if embedder is not None else None  # a search without a model: words only
        matcher = HeadingMatcher(embed, getattr(getattr(retriever, "lexical", None), "idf", {}))
        finder.__dict__["_heading_matcher"] = matcher
    return matcher


TEMPLATE_REPEATS = 3  # a heading this many sections of one document share is its template, not a question


def template_headings(finder) -> frozenset[tuple[str, str]]:
    """(doc_id, heading) of the headings a document repeats under several sections ("Why Learn X?" is
    unique, "What to Learn?" under every step is the document's template: it asks no learner's question)."""
    found = finder.__dict__.get("_template_headings")
    if found is None:
        sections: dict[tuple[str, str], set[str]] = {}
        for passage in finder.passages:
            own = passage.section.split(" > ")[-1].strip().lower()
            sections.setdefault((passage.doc_id, own), set()).add(passage.section)
        found = frozenset(key for key, paths in sections.items() if len(paths) >= TEMPLATE_REPEATS)
        finder.__dict__["_template_headings"] = found
    return found


def document_order(finder) -> dict[str, int]:
    """Each passage's place in the index's document order (cached with the snapshot's finder)."""
    order = finder.__dict__.get("_document_order")
    if order is None:
        order = {p.chunk_id: i for i, p in enumerate(finder.passages)}
        finder.__dict__["_document_order"] = order
    return order
