"""What the Advisor hands a backend and what a backend hands back.

A backend is a leaf: it never sees the Advisor. The Advisor validates the question, rewrites it,
finds the evidence and decides whether it is answerable; a refused question never reaches a backend.
A backend gets one `AnswerRequest` and its `execute` generator yields text pieces as they are
produced, then one `Reply`; the Advisor shows the pieces when streaming, drains them otherwise, and
builds the `Answer` (with its timings) from the `Reply`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Mapping, Protocol

from rag.evidence import Evidence
from rag.models import Citation, Grounding, ResourceLink


@dataclass(frozen=True)
class AnswerRequest:
    evidence: Evidence  # the standalone query (question, intent) and every passage that may be cited
    history: list[dict[str, str]]  # earlier turns, validated
    started: float  # perf_counter() when the question arrived: deadlines count from here
    streaming: bool = False  # pieces are shown as they come, so a failure after the first one is final
    idf: Mapping[str, float] = field(default_factory=dict)  # word rarity in the index (extractive line choice)
    default_idf: float = 1.0
    allowed_urls: frozenset[str] = frozenset()  # links an answer may give (the citation checker's list)


@dataclass
class Reply:
    """A backend's answer text with what it cites; "" text means it found nothing to say."""

    text: str
    citations: list[Citation]
    resources: list[ResourceLink]
    backend: str
    model: str | None = None
    grounding: Grounding | None = None
    notice: str | None = None


class Backend(Protocol):
    name: str
    model: str | None
    checks_citations: bool  # needs `AnswerRequest.allowed_urls`

    def rewrite_query(self, question: str, history: list[dict[str, str]]) -> str | None:
        """A standalone search query for a follow-up, written by the backend's model (None: none)."""

    def execute(self, request: AnswerRequest) -> Iterator[str | Reply]:
        """Text pieces as they are produced, then the final Reply (always last, always once)."""


def lines(text: str) -> Iterator[str]:
    yield from text.splitlines(keepends=True)
