"""BM25 over every indexed passage (bm25s), rebuilt only when the index content changes."""

from __future__ import annotations

import threading

import numpy as np

from rag.models import Passage
from rag.text import bm25_tokens


class LexicalIndex:
    def __init__(self, passages: list[Passage]):
        import bm25s

        self.passages = passages
        corpus = [bm25_tokens(f"{p.title} {p.section}\n{p.text}") for p in passages]
        self.vocabulary = {token for doc in corpus for token in doc}
        frequency: dict[str, int] = {}
        for doc in corpus:
            for token in set(doc):
                frequency[token] = frequency.get(token, 0) + 1
        total = max(len(corpus), 1)
        # idf of each (stemmed) token, for weighting which words of a question carry meaning
        self.idf = {token: float(np.log((total + 1) / (count + 0.5))) for token, count in frequency.items()}
        self.default_idf = float(np.log(total + 1))
        # Metadata as arrays, so a filtered search builds its mask in C rather than per passage.
        self._doc_ids = np.array([p.doc_id for p in passages], dtype=str)
        self._kinds = np.array([p.kind for p in passages], dtype=str)
        self._stages = np.array([-1 if p.stage_index is None else p.stage_index for p in passages], dtype=np.int64)
        self._bm25 = bm25s.BM25()
        self._lock = threading.Lock()
        if passages:
            self._bm25.index(corpus, show_progress=False)

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[tuple[Passage, float]]:
        terms = [t for t in bm25_tokens(query) if t in self.vocabulary]
        if not terms or not self.passages:
            return []
        k = min(k, len(self.passages))
        with self._lock:  # bm25s keeps per-call state; keep concurrent queries apart
            ids, scores = self._bm25.retrieve(
                [terms], k=k, show_progress=False, n_threads=1,
                weight_mask=allowed.astype(np.float32) if allowed is not None else None,
            )
        return [(self.passages[i], float(s)) for i, s in zip(ids[0], scores[0]) if s > 0]

    def mask(self, predicate) -> np.ndarray:
        return np.array([bool(predicate(p)) for p in self.passages], dtype=bool)

    def mask_for(self, flt) -> np.ndarray:
        """The passages a RetrievalFilter accepts, vectorised (only the substring test is per passage)."""
        mask = np.ones(len(self.passages), dtype=bool)
        if flt.doc_id:
            mask &= self._doc_ids == flt.doc_id
        if flt.kind:
            mask &= self._kinds == flt.kind
        if flt.stage_index is not None:
            mask &= self._stages == flt.stage_index
        if flt.contains:
            mask &= self.mask(flt.accepts)
        return mask
