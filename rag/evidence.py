"""Roadmap-aware retrieval: the passages an answer may draw on, organised by its intent.

Hybrid search finds what the question is about; the question's intent (rag.intents) then uses the
stored structure to add what a good advisor would look up next (the stages that follow, the
resources recommended there, the two sides of a comparison) and keeps it as its own typed payload.
Every passage placed in `Evidence` counts as retrieved, and only retrieved passages can be cited.
The lookups live in rag.structure_lookups and rag.roadmap_paths; this module searches and gathers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from rag.models import Passage, RoadmapStructure
from rag.path_types import RoadmapPath, StageEvidence, Swap
from rag.query import StandaloneQuery
from rag.retrieval import RetrievalFilter
from rag.roadmap_paths import PathLookups

__all__ = ["Evidence", "EvidenceFinder", "IntentPayload", "IntentUnit", "RoadmapPath", "StageEvidence", "Swap"]


class IntentPayload(Protocol):
    """What one intent found besides the search results (each intent module defines its own)."""

    def groups(self) -> list[list[Passage]]:
        """The passages, in the order an answerer should read them."""

    def covered(self) -> bool:
        """The roadmap structure itself answers the question (in scope whatever the similarity)."""

    def rescore(self, swap: Swap) -> None:
        """Replace each passage by `swap`'s copy (with its cosine score)."""


class IntentUnit(Protocol):
    """The part of an intent that gathers evidence (see rag.intents.base for the whole unit)."""

    def gather(self, finder: "EvidenceFinder", evidence: "Evidence", k: int,
               structures: list[RoadmapStructure]) -> IntentPayload | None: ...


@dataclass
class Evidence:
    query: StandaloneQuery
    ranked: list[Passage]  # hybrid search results, best first
    payload: IntentPayload | None = None  # what the intent found through the roadmap structure
    scope: RetrievalFilter | None = None  # the one roadmap the question named, if it named one
    retrieve_ms: float = 0.0

    @property
    def retrieved(self) -> list[Passage]:
        """Every passage the answer may use, in the order an answerer should read them: what the
        roadmap structure points at first, then the search results."""
        seen: dict[str, Passage] = {}
        groups = self.payload.groups() if self.payload is not None else []
        for group in [*groups, self.ranked]:
            for passage in group:
                seen.setdefault(passage.chunk_id, passage)
        return list(seen.values())

    @property
    def best_score(self) -> float:
        return max((p.score for p in self.ranked), default=0.0)


class EvidenceFinder(PathLookups):
    """Search plus lookups in the stored structure, shared by the intents' evidence gathering."""

    def find(self, query: StandaloneQuery, k: int, intent: IntentUnit) -> Evidence:
        roadmap = None
        if len(self.structures) > 1:  # a follow-up that names no roadmap stays on the conversation's
            roadmap = self.named_roadmap(query.question) or self._focus_roadmap(query) or (
                self.named_roadmap(query.subject) if query.subject else None)
        scope = RetrievalFilter(doc_id=roadmap.doc_id) if roadmap else None
        evidence = Evidence(query=query, ranked=self.retriever.search(query.query, filter=scope, k=k), scope=scope)
        if query.injection:
            return evidence
        evidence.payload = intent.gather(self, evidence, k, [roadmap] if roadmap else self.structures)
        self._score_unranked(evidence)
        return evidence

    def _focus_roadmap(self, query: StandaloneQuery) -> RoadmapStructure | None:
        """The roadmap the conversation is on alone (rag.focus)."""
        if query.focus is None or not query.focus.alone:
            return None
        return next((r for r in self.structures if r.doc_id == query.focus.doc_id), None)

    def _score_unranked(self, evidence: Evidence) -> None:
        """Passages found through the structure get the same cosine score as searched ones."""
        ranked = {p.chunk_id for p in evidence.ranked}
        extra = [p for p in evidence.retrieved if p.chunk_id not in ranked]
        if not extra or evidence.payload is None:
            return
        scores = self.retriever.similarities(evidence.query.query, [p.chunk_id for p in extra])
        replace = {p.chunk_id: p.model_copy(update={"score": scores.get(p.chunk_id, 0.0)}) for p in extra}
        evidence.payload.rescore(lambda group: [replace.get(p.chunk_id, p) for p in group])
