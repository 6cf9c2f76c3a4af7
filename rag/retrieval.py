"""Hybrid retrieval as a LangChain retriever: dense (langchain-chroma) + BM25, fused by reciprocal
rank fusion, then diversified with maximal marginal relevance so one section cannot fill every slot."""

from __future__ import annotations

from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import BaseModel, ConfigDict

from rag.lexical import LexicalIndex
from rag.models import Passage
from rag.store import passage_from_record


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

    def accepts(self, passage: Passage) -> bool:
        return (
            (not self.doc_id or passage.doc_id == self.doc_id)
            and (not self.kind or passage.kind == self.kind)
            and (self.stage_index is None or passage.stage_index == self.stage_index)
            and (not self.contains or self.contains in f"{passage.title} > {passage.section}\n{passage.text}")
        )


def passage_to_document(passage: Passage) -> Document:
    return Document(id=passage.chunk_id, page_content=passage.text, metadata=passage.model_dump(exclude={"text"}))


def document_to_passage(document: Document) -> Passage:
    return Passage(text=document.page_content, **{k: v for k, v in document.metadata.items() if k in Passage.model_fields})


class HybridRetriever(BaseRetriever):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: Any  # rag.store.IndexStore
    vectorstore: Any  # langchain_chroma.Chroma over the same collection
    embedder: Any  # rag.embeddings.Embedder
    lexical: LexicalIndex
    k: int = 6
    candidates: int = 24
    rrf_k: int = 60
    mmr_lambda: float = 0.85
    use_lexical: bool = True
    use_mmr: bool = True

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
        return {cid: round(float(v @ vector), 4) for cid, v in self._vectors(ids).items()}

    def search(self, query: str, *, filter: RetrievalFilter | None = None, k: int | None = None) -> list[Passage]:
        k = k or self.k
        flt = filter or RetrievalFilter()
        vector = self.query_vector(query)
        dense = self.store._call(  # a dead or hung server becomes a StoreUnavailableError
            self.vectorstore.similarity_search_by_vector_with_relevance_scores,
            vector, k=self.candidates, filter=flt.where(), where_document=flt.where_document(),
        )
        ranked: dict[str, float] = {}
        by_id: dict[str, Passage] = {}
        for rank, (document, _distance) in enumerate(dense):
            passage = passage_from_record(document.id, document.page_content, document.metadata)
            by_id[passage.chunk_id] = passage
            ranked[passage.chunk_id] = ranked.get(passage.chunk_id, 0.0) + 1.0 / (self.rrf_k + rank + 1)
        if self.use_lexical:
            mask = self.lexical.mask_for(flt) if filter else None
            for rank, (passage, _score) in enumerate(self.lexical.search(query, self.candidates, mask)):
                by_id.setdefault(passage.chunk_id, passage)
                ranked[passage.chunk_id] = ranked.get(passage.chunk_id, 0.0) + 1.0 / (self.rrf_k + rank + 1)
        if not ranked:
            return []
        order = sorted(ranked, key=lambda cid: (-ranked[cid], cid))
        vectors = self._vectors(order)
        order = [cid for cid in order if cid in vectors]  # deleted since the BM25 snapshot was taken
        if not order:
            return []
        query_vector = np.asarray(vector, dtype=np.float32)
        for cid in order:
            by_id[cid] = by_id[cid].model_copy(update={"score": round(float(vectors[cid] @ query_vector), 4)})
        chosen = self._mmr(order, ranked, vectors, k) if self.use_mmr else order[:k]
        return [by_id[cid] for cid in chosen]

    def _vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        got = self.store._call(self.store.chunks.get, ids=ids, include=["embeddings"])
        return {cid: np.asarray(vec, dtype=np.float32) for cid, vec in zip(got["ids"], got["embeddings"])}

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
