"""The extractive backend: deterministic answers composed from retrieved passages only, by the
question's intent (rag.intents), the default intent's composition when the intent's finds nothing."""

from __future__ import annotations

from typing import Iterator

from rag.backends.base import AnswerRequest, Reply, lines
from rag.evidence_floor import DEFAULT_RULE, FloorRule, floor_block
from rag.extractive import Composition, cap_citations
from rag.intents.registry import DEFAULT, unit
from rag.stated_cost import NO_PRICE, paid_mark, paid_sentence


class ExtractiveBackend:
    name = "extractive"
    model: str | None = None
    checks_citations = False

    def __init__(self, floor: FloorRule | None = DEFAULT_RULE):
        self.floor = floor  # None: the intents' compositions alone

    def rewrite_query(self, question: str, history: list[dict[str, str]]) -> str | None:
        return None  # the deterministic rewrite in rag.rewrite is used

    def reply(self, request: AnswerRequest) -> Reply:
        composition = Composition(request.evidence, request.idf, request.default_idf)
        intent = unit(request.evidence.query.intent)
        query = request.evidence.query
        mark = paid_mark(query.question, request.evidence.ranked, query.query) if intent.floored else None
        # what the roadmaps say of a price they do not give leads, cited first
        lead = paid_sentence(mark, composition.book.cite(mark.passage)) if mark is not None else ""
        text = intent.compose(composition)
        if not text and intent is not DEFAULT:
            text = DEFAULT.compose(composition)
        if text and lead:
            text = f"{NO_PRICE} {lead}\n\n{text}"
        if text and intent.floored and self.floor is not None:
            block = floor_block(composition, text, self.floor)
            text = f"{text.rstrip()}\n\n{block}" if block else text
        citations, resources = composition.book.citations(), composition.resources
        if intent.capped:
            text, citations, resources = cap_citations(text, citations, resources)
        return Reply(text=text, citations=citations, resources=resources, backend=self.name, model=None)

    def execute(self, request: AnswerRequest) -> Iterator[str | Reply]:
        reply = self.reply(request)
        yield from lines(reply.text)
        yield reply
