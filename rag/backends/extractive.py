"""The extractive backend: deterministic answers composed from retrieved passages only."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Iterator

from rag.evidence import Evidence
from rag.extractive import ExtractiveComposer
from rag.models import Answer
from rag.rewrite import StandaloneQuery

if TYPE_CHECKING:  # pragma: no cover
    from rag.advisor import Advisor


class ExtractiveBackend:
    name = "extractive"
    model: str | None = None

    def __init__(self, advisor: "Advisor"):
        self.advisor = advisor
        self.composer = ExtractiveComposer(advisor.lexical.idf, advisor.lexical.default_idf)

    def rewrite(self, question: str, history: list[dict[str, str]]) -> StandaloneQuery | None:
        return None  # the deterministic rewrite in rag.rewrite is used

    def answer(self, evidence: Evidence, *, started: float, answerable: bool) -> Answer:
        if not answerable:
            return self.advisor.out_of_scope(evidence, started, self.name)
        generate_started = time.perf_counter()
        text, book, resources = self.composer.compose(evidence)
        if not text.strip():
            return self.advisor.out_of_scope(evidence, started, self.name)
        now = time.perf_counter()
        return Answer(
            question=evidence.query.question,
            answer=text,
            answerable=True,
            intent=evidence.query.intent,
            citations=book.citations(),
            resources=resources,
            backend=self.name,
            model=None,
            timings_ms={
                "retrieve": round(evidence.retrieve_ms, 2),
                "generate": round((now - generate_started) * 1000, 2),
                "total": round((now - started) * 1000, 2),
            },
        )

    def stream(self, advisor: "Advisor", question: str, history: list[dict[str, str]]) -> Iterator[str | Answer]:
        answer = advisor.answer(question, history)
        for line in answer.answer.splitlines(keepends=True):
            yield line
        yield answer
