"""Which roadmap stages hold each stem, and in which part (title; label and sub-headings; topics
and links): `locate`'s scoring as array lookups.

Every stage's stems as Python sets cost ~1 s and well over 100 MB to rebuild from a snapshot at
100,000 passages; as one posting list per stem they are two int32 arrays read straight from the
file, and scoring a question reads only the postings of its own few stems.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from types import MappingProxyType
from typing import AbstractSet, Iterable, Mapping, Sequence

import numpy as np

PARTS = 3  # title, headings, body: weights 3, 2, 1 (rag.roadmap.stage_score)
WEIGHTS = np.array([3.0, 2.0, 1.0])
StageKey = tuple[str, int]  # (doc_id, stage index)


@dataclass(frozen=True)
class StageStemIndex:
    stages: list[StageKey]  # stage number -> its key
    vocabulary: list[str]  # stem id -> stem
    indptr: np.ndarray  # stem id -> its run in `postings` (int64, len(vocabulary) + 1)
    postings: np.ndarray  # int32 part numbers (stage number * 3 + part), ascending within each run

    @classmethod
    def build(cls, stems: Mapping[StageKey, Sequence[AbstractSet[str]]]) -> "StageStemIndex":
        vocabulary: dict[str, int] = {}
        ids: list[int] = []
        parts: list[int] = []
        for number, key in enumerate(stems):
            for part, words in enumerate(stems[key]):
                for word in sorted(words):
                    ids.append(vocabulary.setdefault(word, len(vocabulary)))
                    parts.append(number * PARTS + part)
        id_array = np.asarray(ids, dtype=np.int64)
        order = np.argsort(id_array, kind="stable")  # within a stem, parts stay ascending
        indptr = np.zeros(len(vocabulary) + 1, dtype=np.int64)
        np.cumsum(np.bincount(id_array, minlength=len(vocabulary)), out=indptr[1:])
        return cls(list(stems), list(vocabulary), indptr, np.asarray(parts, dtype=np.int32)[order])

    def check(self) -> None:
        """Arrays that disagree would index out of range mid-answer: ValueError here instead."""
        if (len(self.indptr) != len(self.vocabulary) + 1 or (len(self.indptr) and int(self.indptr[0]) != 0)
                or int(self.indptr[-1]) != len(self.postings) or bool(np.any(np.diff(self.indptr) < 0))
                or (len(self.postings) and (int(self.postings.min()) < 0
                                            or int(self.postings.max()) >= PARTS * len(self.stages)))):
            raise ValueError("its stage stems do not fit together")

    @cached_property
    def keys(self) -> dict[StageKey, int]:
        """Each indexed stage's number."""
        return {key: number for number, key in enumerate(self.stages)}

    @cached_property
    def _ids(self) -> dict[str, int]:
        return {word: i for i, word in enumerate(self.vocabulary)}

    def scores(self, stems: Iterable[str]) -> Mapping[StageKey, float]:
        """Per stage with any of `stems`: 3 per stem in its title, else 2 in its label or
        sub-headings, else 1 in its topics or links (rag.roadmap.stage_score). Kept for the last
        few stem sets: one answer locates the same question in each roadmap in turn."""
        return self._recent_scores(frozenset(stems))

    @cached_property
    def _recent_scores(self):
        return lru_cache(maxsize=16)(self._scores)

    def _scores(self, stems: frozenset[str]) -> Mapping[StageKey, float]:
        total = np.zeros(len(self.stages), dtype=np.float64)
        for word in stems:
            at = self._ids.get(word)
            if at is None:
                continue
            parts = self.postings[self.indptr[at]:self.indptr[at + 1]]
            best = np.zeros(len(self.stages), dtype=np.float64)
            np.maximum.at(best, parts // PARTS, WEIGHTS[parts % PARTS])
            total += best
        return MappingProxyType({self.stages[i]: float(total[i]) for i in np.flatnonzero(total).tolist()})

    def stems_of(self, key: StageKey) -> tuple[set[str], set[str], set[str]]:
        """One stage's stems (title; label and sub-headings; topics and links), as
        `rag.roadmap.stage_stems` gives them (slow: for checks, not answers)."""
        number = self.keys[key]
        found: tuple[set[str], set[str], set[str]] = (set(), set(), set())
        for at, word in enumerate(self.vocabulary):
            parts = self.postings[self.indptr[at]:self.indptr[at + 1]]
            for part in parts[parts // PARTS == number].tolist():
                found[part % PARTS].add(word)
        return found
