"""A retriever that needs no index, for tests of what the stored structure finds (EvidenceFinder
takes it through its constructor): it ranks the passages it is given first, whatever the query,
or none, so an answer that needs more must find it through the roadmap's structure."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from rag.models import Passage


@dataclass
class LexicalStub:
    """The BM25 index's word weights, empty: every word weighs the same."""

    idf: dict = field(default_factory=dict)


class FixedSearch:
    """Ranks `ranked` first (each at `score`) for any query and records the filters it was asked
    with; `lexical` is what answers that read word weights get (None: the retriever has none)."""

    def __init__(self, ranked: list[Passage] = (), score: float = 0.5, lexical: LexicalStub | None = None):
        self.ranked, self.score, self.lexical = list(ranked), score, lexical
        self.filters: list = []

    def search(self, query, filter=None, k=6):
        self.filters.append(filter)
        return [p.model_copy(update={"score": self.score}) for p in self.ranked][:k]

    def similarities(self, query, chunk_ids):
        return {}


@pytest.fixture
def fixed_search() -> type[FixedSearch]:
    return FixedSearch
