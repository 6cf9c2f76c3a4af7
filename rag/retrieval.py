"""Hybrid retrieval as a LangChain retriever: dense (the vector store) + BM25, fused by reciprocal
rank fusion, then diversified with maximal marginal relevance so one section cannot fill every slot.

A metadata filter on the dense side is not handed to Chroma as a `where`: Chroma resolves a `where`
by listing every matching id from SQLite before its HNSW search, O(matching passages) per query
(~0.5 s at 100,000 passages when most of them match). The BM25 snapshot already knows, in numpy,
which passages a filter accepts, so the dense search is planned from that count (`_dense`):

- every passage matches: an unfiltered query (a filter that admits everything changes nothing in
  the HNSW search, so the results are the filtered search's own);
- none matches: no query;
- a few match (m*m <= exact_factor * total): their vectors are fetched and ranked exactly in numpy
  (a filtered HNSW search over so few has to walk most of the graph to find them: ~100 ms at
  100,000 passages for one roadmap's 101 passages, ~10 ms this way). With fewer matches than the
  HNSW's ef (100) the filtered search visits every one of them, so it is exact too and both agree;
  with more it is approximate and this ranking is the one it approximates;
- otherwise: Chroma's query with `ids=` the matching ids instead of the `where`. Chroma then skips
  SQLite and searches the HNSW with the very same allowed set, so the results are identical.

A snapshot that no longer matches the index (a sync in another process, not yet reloaded) can only
make a plan fall back to the `where`: results are checked against the filter, and ids the index no
longer has fail the query, which then runs with the `where`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import BaseModel, ConfigDict

from rag.errors import IndexChangedError
from rag.lexical import LexicalIndex, Selection
from rag.models import Passage


class RetrievalFilter(BaseModel):
    """Metadata restrictions: one roadmap, one stage, resources only, or text that must appear."""

    doc_id: str | None = None
    kind: str | None = None
    stage_index: int | None = None
    contains: str | None = None

    def where(self) -> dict | None:
        clauses: list[dict] = []
        if self.doc_id:
            clauses.append({"doc_id": self.doc_id})
        if self.kind:
            clauses.append({"kind": self.kind})
        if self.stage_index is not None:
            clauses.append({"stage_index": self.stage_index})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def where_document(self) -> dict | None:
        return {"$contains": self.contains} if self.contains else None

    def metadata_only(self) -> bool:
        return not self.contains

    def accepts(self, passage: Passage) -> bool:
        stage = -1 if passage.stage_index is None else passage.stage_index  # as stored: -1 is "no stage"
        return (
            (not self.doc_id or passage.doc_id == self.doc_id)
            and (not self.kind or passage.kind == self.kind)
            and (self.stage_index is None or stage == self.stage_index)
            and (not self.contains or self.contains in f"{passage.title} > {passage.section}\n{passage.text}")
        )


def passage_to_document(passage: Passage) -> Document:
    return Document(id=passage.chunk_id, page_content=passage.text, metadata=passage.model_dump(exclude={"text"}))


class HybridRetriever(BaseRetriever):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: Any  # a rag.vector_store.VectorStore
    embedder: Any  # rag.embeddings.Embedder
    lexical: LexicalIndex
    k: int = 6
    candidates: int = 24
    rrf_k: int = 60
    mmr_lambda: float = 0.85
    use_lexical: bool = True
    use_mmr: bool = True
    # "auto": plan a filtered dense search from the BM25 snapshot (see the module docstring);
    # "where": hand every filter to Chroma as a `where` (the reference the tests compare against).
    filter_strategy: str = "auto"
    exact_factor: float = 2.0  # rank exactly when matching**2 <= exact_factor * total (see _dense)
    exact_limit: int = 2000  # never fetch more vectors than this for an exact ranking

    def _get_relevant_documents(
        self,
        query: str,
        *,
        run_manager: CallbackManagerForRetrieverRun,
        filter: RetrievalFilter | None = None,
        k: int | None = None,
    ) -> list[Document]:
        return [passage_to_document(p) for p in self.search(query, filter=filter, k=k)]

    def query_vector(self, query: str) -> list[float]:
        """Embeddings of recent queries are kept: one question embeds its query once."""
        cache = self.__dict__.setdefault("_query_cache", {})
        if query not in cache:
            if len(cache) > 256:
                cache.clear()
            cache[query] = self.embedder.embed_query(query)
        return cache[query]

    def similarities(self, query: str, ids: list[str]) -> dict[str, float]:
        vector = np.asarray(self.query_vector(query), dtype=np.float32)
        return {cid: round(float(v @ vector), 4) for cid, v in self.store.vectors(ids).items()}

    def search(self, query: str, *, filter: RetrievalFilter | None = None, k: int | None = None) -> list[Passage]:
        k = k or self.k
        flt = filter or RetrievalFilter()
        vector = self.query_vector(query)
        selection = self.lexical.selection(flt) if filter else None  # one mask for BM25 and the dense plan
        dense = self._dense(vector, flt, selection)
        ranked: dict[str, float] = {}
        by_id: dict[str, Passage] = {}
        for rank, (passage, _distance) in enumerate(dense):
            by_id[passage.chunk_id] = passage
            ranked[passage.chunk_id] = ranked.get(passage.chunk_id, 0.0) + 1.0 / (self.rrf_k + rank + 1)
        if self.use_lexical:
            mask = selection.mask if selection is not None else None
            for rank, (passage, _score) in enumerate(self.lexical.search(query, self.candidates, mask)):
                by_id.setdefault(passage.chunk_id, passage)
                ranked[passage.chunk_id] = ranked.get(passage.chunk_id, 0.0) + 1.0 / (self.rrf_k + rank + 1)
        if not ranked:
            return []
        order = sorted(ranked, key=lambda cid: (-ranked[cid], cid))
        vectors = self.store.vectors(order)
        order = [cid for cid in order if cid in vectors]  # deleted since the BM25 snapshot was taken
        if not order:
            return []
        query_vector = np.asarray(vector, dtype=np.float32)
        for cid in order:
            by_id[cid] = by_id[cid].model_copy(update={"score": round(float(vectors[cid] @ query_vector), 4)})
        chosen = self._mmr(order, ranked, vectors, k) if self.use_mmr else order[:k]
        return [by_id[cid] for cid in chosen]

    # -- the dense side ----------------------------------------------------------------------
    def dense_plan(self, flt: RetrievalFilter, selection: Selection | None) -> str:
        """How `_dense` searches for this filter: where | none | all | exact | ids (module docstring)."""
        if selection is None or not flt.metadata_only() or self.filter_strategy == "where":
            return "where"
        matching, total = selection.count, selection.total
        if matching == 0:
            return "none"
        if matching == total:
            return "all"
        if matching * matching <= self.exact_factor * total and matching <= self.exact_limit:
            return "exact"
        return "ids"

    def _dense(self, vector: list[float], flt: RetrievalFilter, selection: Selection | None) -> list[tuple[Passage, float]]:
        """The `candidates` nearest passages the filter accepts, best first, as (passage, distance)."""
        where, where_document = flt.where(), flt.where_document()
        plan = self.dense_plan(flt, selection)
        if plan == "where":
            return self._query(vector, where=where, where_document=where_document)
        if plan == "none":
            return []
        if plan == "exact":
            return self._exact(vector, selection)
        try:  # "all": a filter that admits every passage changes nothing in the search; "ids": the
            # store searches its HNSW with the same allowed set a `where` gives it, without asking SQLite
            found = self._query(vector) if plan == "all" else self._query(vector, ids=selection.ids)
        except IndexChangedError:  # the snapshot names a passage the index no longer has
            found = None
        if found is not None and all(flt.accepts(passage) for passage, _ in found):
            return found
        return self._query(vector, where=where)  # the snapshot is older than the index

    def _query(self, vector: list[float], *, where: dict | None = None, where_document: dict | None = None,
               ids: list[str] | None = None) -> list[tuple[Passage, float]]:
        return self.store.dense_search(vector, self.candidates, where=where, where_document=where_document, ids=ids)

    def _exact(self, vector: list[float], selection: Selection) -> list[tuple[Passage, float]]:
        """Exact cosine ranking of a few passages (those of the selection the index still has)."""
        vectors = self.store.vectors(selection.ids)
        keep = [(cid, position) for cid, position in zip(selection.ids, selection.positions()) if cid in vectors]
        if not keep:
            return []
        matrix = np.asarray([vectors[cid] for cid, _ in keep], dtype=np.float32)
        matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
        query = np.asarray(vector, dtype=np.float32)
        distances = 1.0 - matrix @ (query / max(float(np.linalg.norm(query)), 1e-12))
        order = np.argsort(distances, kind="stable")[: self.candidates]
        passages = self.lexical.passages
        return [(passages[keep[j][1]], float(distances[j])) for j in order]

    def _mmr(self, order: list[str], ranked: dict[str, float], vectors: dict[str, np.ndarray], k: int) -> list[str]:
        """Greedy MMR on fused relevance (scaled to [0, 1]) against similarity to what is chosen."""
        top = ranked[order[0]]
        chosen: list[str] = []
        remaining = list(order)
        while remaining and len(chosen) < k:
            def value(cid: str) -> float:
                relevance = ranked[cid] / top
                redundancy = max((float(vectors[cid] @ vectors[c]) for c in chosen), default=0.0)
                return self.mmr_lambda * relevance - (1 - self.mmr_lambda) * redundancy

            best = max(remaining, key=lambda cid: (value(cid), -order.index(cid)))
            chosen.append(best)
            remaining.remove(best)
        return chosen
