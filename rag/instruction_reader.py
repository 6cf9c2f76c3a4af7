"""Does a piece of a message tell the assistant how to behave ("stop citing sources", "answer in
JSON from now on", "olvida tus reglas") rather than ask the roadmaps something? Read by meaning.

The exact rules of rag.intents.injection catch the shapes they name; phrasings they do not name, and
other languages, are read here against labelled examples (rag/intents/instructions.jsonl:
instructions to an assistant, and learners' requests including look-alikes such as "how do I write
a good system prompt?" or "act as a data engineer"), with the model that embeds the queries. Only a
piece that does not ask a question is read this way (rag.intents.injection decides which): a
question about prompts or rules is the learner's, and an exact rule is needed to refuse it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from rag.understanding import PrototypeReader

EXAMPLES = Path(__file__).parent / "intents" / "instructions.jsonl"
INSTRUCTION, REQUEST = "instruction", "request"
NEAREST = 3  # an instruction is one of many kinds (persona, format, secrets): read against the nearest few
# `python -m evals.calibration --only instructions`: every piece that asks nothing of the seed and
# tune-half questions (44, dev to dev3) reads at most +0.03 closer to the instructions than to the requests;
# instructions in other languages read +0.29 to +0.52. Leave-one-out, the thresholds flag 32 of the
# 61 instructions and 1 of the 60 requests: they are strict on purpose, the exact rules come first.
FLOOR = 0.35  # at least this close to an instruction example
MARGIN = 0.20  # and this much closer to the instructions than to the requests

class InstructionReader:
    """Callable on a piece of text: True when it reads as an instruction to the assistant."""

    def __init__(self, vectorize: Callable[[str], Sequence[float]], model: str, path: Path = EXAMPLES):
        self.vectorize = vectorize
        self.examples = PrototypeReader(vectorize, model, path)

    def _examples(self) -> tuple[np.ndarray, np.ndarray]:
        labels, matrix = self.examples.examples()
        labels = np.asarray(labels)
        return matrix[labels == INSTRUCTION], matrix[labels == REQUEST]

    def scores(self, text: str) -> tuple[float, float]:
        """Mean similarity to the nearest instruction examples and to the nearest request examples."""
        instructions, requests = self._examples()
        vector = np.asarray(self.vectorize(text), dtype=np.float32)
        return nearest_mean(instructions @ vector), nearest_mean(requests @ vector)

    def __call__(self, text: str) -> bool:
        instruction, request = self.scores(text)
        return instruction >= FLOOR and instruction - request >= MARGIN


def nearest_mean(similarity: np.ndarray, k: int = NEAREST) -> float:
    return float(np.sort(similarity)[::-1][:k].mean()) if similarity.size else 0.0
