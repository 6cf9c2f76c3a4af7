"""Does one line of the retrieved passages speak to what a near-domain question asks?

A question like "will companies definitely hire me?" reads nearest an example of what roadmaps do not
answer ("does finishing this guarantee me a job offer?"), and a passage's vector is the mean of all it
says, so a long career section that states "it does not guarantee a hire" reads far from both. Read
line by line, that line is close to the question AND to the unanswered example it resembles: the
documents answer it after all. A line close to the question only ("Use the OSSU website to see the
courses" for "can I get a student visa by doing OSSU?") shares the roadmap's name, not the topic; a
line close to the example only is about someone else's question. The score is the best line's lower
of the two similarities (rag.scope.LINE_FLOOR). Lines are embedded only when the scope decision asks,
with the model that embeds queries, those not yet seen in one batch call, and kept by text.
"""

from __future__ import annotations

import re
import threading
from typing import Callable, Iterable, Sequence

import numpy as np

from rag.models import Passage

PASSAGES = 4  # the best-ranked passages read line by line (the answer cites from the first few)
MAX_LINES = 60  # lines read per question at most (a long table is many lines)
MIN_WORDS = 5  # a heading, a name or a table cell is not a statement ("Open Source Society University")
LINE = re.compile(r"\n+|(?<=[.!?])\s+(?=[A-Z\"'(\[*])")
WORD = re.compile(r"[A-Za-z]{2,}")
VectorizeMany = Callable[[list[str]], Sequence[Sequence[float]]]  # texts in, one vector each, in order


def lines_of(passages: Iterable[Passage], top: int = PASSAGES) -> list[str]:
    """The sentences and lines of the best-ranked passages, once each, in reading order."""
    seen: dict[str, None] = {}
    for passage in list(passages)[:top]:
        for line in LINE.split(passage.text):
            line = line.strip(" \t-*#>|")
            if len(WORD.findall(line)) >= MIN_WORDS:
                seen.setdefault(line, None)
    return list(seen)[:MAX_LINES]


class LineReader:
    """Callable: how well the best line of the passages speaks to both a question and an example."""

    def __init__(self, vectorize_many: VectorizeMany, limit: int = 4096):
        self.vectorize_many = vectorize_many
        self.limit = limit
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def _vectors(self, lines: list[str]) -> np.ndarray:
        """The lines' vectors, those not cached embedded together in one call."""
        with self._lock:
            found = {line: self._cache[line] for line in lines if line in self._cache}
        missing = [line for line in lines if line not in found]
        if missing:
            fresh = np.asarray(self.vectorize_many(missing), dtype=np.float32)
            found.update(zip(missing, fresh))
            with self._lock:
                if len(self._cache) + len(missing) > self.limit:
                    self._cache.clear()
                self._cache.update(zip(missing, fresh))
        return np.stack([found[line] for line in lines])

    def __call__(self, question: Sequence[float], example: Sequence[float], passages: Iterable[Passage]) -> float:
        lines = lines_of(passages)
        if not lines:
            return 0.0
        matrix = self._vectors(lines)
        both = np.minimum(matrix @ np.asarray(question, dtype=np.float32), matrix @ np.asarray(example, dtype=np.float32))
        return round(float(both.max()), 4)
