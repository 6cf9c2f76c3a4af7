"""BM25 over every indexed passage (bm25s), built once per index generation and kept in its
snapshot (`LexicalState`), so reopening an index reads arrays instead of tokenising every passage."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from rag.models import Passage
from rag.passages import codes, column
from rag.query_terms import QueryTerms
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

    def positions(self) -> np.ndarray:
        """Where the selected passages sit in the snapshot's passage list (the order of `ids`)."""
        return np.flatnonzero(self.mask)


@dataclass(frozen=True)
class LexicalState:
    """Everything BM25 derives from the passages: the terms with their idf, and bm25s's own score
    matrix (CSC arrays) and term ids. Plain arrays and strings, so a snapshot stores it as data."""

    terms: list[str]
    idf: np.ndarray  # float64, one per term
    term_ids: dict[str, int]  # bm25s's vocabulary (the terms and its empty token)
    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    num_docs: int

    @classmethod
    def build(cls, passages: list[Passage]) -> "LexicalState":
        import bm25s

        corpus = [bm25_tokens(f"{p.title} {p.section}\n{p.text}") for p in passages]
        frequency: dict[str, int] = {}
        for doc in corpus:
            for token in set(doc):
                frequency[token] = frequency.get(token, 0) + 1
        total = max(len(corpus), 1)
        terms = list(frequency)
        # idf of each (stemmed) token, for weighting which words of a question carry meaning
        idf = np.array([float(np.log((total + 1) / (frequency[t] + 0.5))) for t in terms], dtype=np.float64)
        empty = np.zeros(0, dtype=np.float32)
        if not passages:
            return cls(terms, idf, {}, empty, np.zeros(0, np.int32), np.zeros(1, np.int32), 0)
        bm25 = bm25s.BM25()
        bm25.index(corpus, show_progress=False)
        scores = bm25.scores
        return cls(terms, idf, dict(bm25.vocab_dict), scores["data"], scores["indices"], scores["indptr"],
                   int(scores["num_docs"]))

    def bm25(self):
        import bm25s

        bm25 = bm25s.BM25()
        bm25.scores = {"data": self.data, "indices": self.indices, "indptr": self.indptr, "num_docs": self.num_docs}
        bm25.vocab_dict = dict(self.term_ids)
        bm25.unique_token_ids_set = set(bm25.vocab_dict.values())
        bm25.nonoccurrence_array = None  # the default (Lucene) BM25 has none
        return bm25


class _Coded:
    """A text column as int codes into its distinct values: comparing it with one value is an
    integer comparison, and it costs no per-passage string copies."""

    def __init__(self, values: list, codes: np.ndarray):
        self._code = {value: code for code, value in enumerate(values)}
        self._codes = codes

    def matches(self, value) -> np.ndarray:
        code = self._code.get(value)
        return self._codes == code if code is not None else np.zeros(len(self._codes), dtype=bool)


class LexicalIndex:
    SELECTIONS_KEPT = 16  # filters an answer repeats (one roadmap, resources only, roadmaps only, ...)

    def __init__(self, passages: Sequence[Passage], state: LexicalState | None = None):
        """`state`: what `LexicalState.build(passages)` gives, read back from a snapshot."""
        self.passages = passages
        self.state = state if state is not None else LexicalState.build(passages)
        self.vocabulary = set(self.state.terms)
        self.idf = dict(zip(self.state.terms, self.state.idf.tolist()))
        self.default_idf = float(np.log(max(len(passages), 1) + 1))
        # Metadata as arrays, so a filtered search builds its mask in C rather than per passage.
        self._doc_ids = _Coded(*codes(passages, "doc_id"))
        self._kinds = _Coded(*codes(passages, "kind"))
        self._stages = np.array([-1 if s is None else s for s in column(passages, "stage_index")], dtype=np.int64)
        # object array of the passages' own id strings: a masked list of ids costs no string copies
        self._chunk_ids = np.empty(len(passages), dtype=object)
        self._chunk_ids[:] = column(passages, "chunk_id")
        self._selections: OrderedDict[tuple, Selection] = OrderedDict()
        self._selections_lock = threading.Lock()
        self._bm25 = self.state.bm25()
        self._lock = threading.Lock()
        self.query_terms = QueryTerms(self.vocabulary)  # the question's words as the index spells them

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[tuple[Passage, float]]:
        terms = self.query_terms.terms(query)
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
            mask &= self._doc_ids.matches(flt.doc_id)
        if flt.kind:
            mask &= self._kinds.matches(flt.kind)
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
