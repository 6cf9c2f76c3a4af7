"""BM25 over every indexed passage (bm25s), rebuilt only when the index content changes."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from rag.models import Passage
from rag.text import bm25_tokens


@dataclass(frozen=True)
class Selection:
    """The passages a metadata filter accepts in this snapshot of the index: a mask for BM25, their
    chunk ids (in document order) for the dense side, and how many there are of how many."""

    mask: np.ndarray
    ids: list[str]
    total: int

    @property
    def count(self) -> int:
        return len(self.ids)


class LexicalIndex:
    SELECTIONS_KEPT = 16  # filters an answer repeats (one roadmap, resources only, roadmaps only, ...)

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
        # object array of the passages' own id strings: a masked list of ids costs no string copies
        self._chunk_ids = np.empty(len(passages), dtype=object)
        self._chunk_ids[:] = [p.chunk_id for p in passages]
        self._selections: OrderedDict[tuple, Selection] = OrderedDict()
        self._selections_lock = threading.Lock()
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

    def selection(self, flt) -> Selection:
        """`mask_for` with the matching chunk ids, kept for the last few metadata-only filters."""
        key = (flt.doc_id or None, flt.kind or None, flt.stage_index)
        if flt.contains:  # per-passage substring test: not worth keeping
            mask = self.mask_for(flt)
            return Selection(mask, self._chunk_ids[mask].tolist(), len(self.passages))
        with self._selections_lock:
            found = self._selections.get(key)
            if found is not None:
                self._selections.move_to_end(key)
                return found
        mask = self.mask_for(flt)
        mask.setflags(write=False)  # shared between callers
        found = Selection(mask, self._chunk_ids[mask].tolist(), len(self.passages))
        with self._selections_lock:
            self._selections[key] = found
            while len(self._selections) > self.SELECTIONS_KEPT:
                self._selections.popitem(last=False)
        return found
