"""What a question asks, from its meaning: the nearest labelled example questions.

Keyword rules decide badly on their own ("course" is in half the questions about a curriculum,
"dataset" is not a request for resources, "gym" is not OpenAI Gym). The examples
(rag/intents/prototypes.jsonl, short generic questions per intent plus questions the roadmaps do not
answer) are embedded once per process with the model that embeds the queries; a question's vector
(the one retrieval computes anyway) is compared with them. The rules keep the last word only where
they are exact (see `IntentUnit.certain`).
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from rag.query import StandaloneQuery

PROTOTYPES = Path(__file__).parent / "intents" / "prototypes.jsonl"
OUT_OF_SCOPE = "out_of_scope"
READ_BY_NEAREST = frozenset({OUT_OF_SCOPE})  # a label whose examples share no one meaning (label_scores)
# Calibrated on the tune split of evals/datasets/dev_roadmaps_qa.jsonl and the seed questions.
INTENT_MARGIN = 0.10  # the examples overrule a keyword rule that is not exact by at least this much
OFF_TOPIC_MARGIN = 0.0  # an off-topic example closer than the best passage: not covered
OFF_TOPIC_FLOOR = 0.40  # and at least this close (in-domain questions stay below 0.37)
# Closer to the unanswered examples than to any answering intent's by this much: a near-domain question
# ("is it accredited?"), when a word of it is in no passage too (rag.scope). Own probes over the seeds
# and the dev roadmaps: near-domain questions +0.13 and more, in-domain yes/no questions +0.09 at most.
NEAR_DOMAIN_MARGIN = 0.11
# Or this close to one unanswered example: a paraphrase of it ("does finishing X guarantee a job?"), when a
# word of it is in no passage too. evals/calibration.py: answerable questions with such a word reach
# 0.40 at most; the near-domain questions that are not covered sit at 0.47-0.68.
PARAPHRASE_SIMILARITY = 0.50
# Closer to the answering intents' examples than to the unanswered ones by this much: a roadmap
# question, even when few of its words are the documents' or no passage is close (slang, typos).
# evals/calibration.py (probes, seeds, dev tune, test_scope): no unanswerable question reaches 0.12.
ON_TOPIC_MARGIN = 0.15

_CACHE: dict[tuple[str, str], tuple[list[str], np.ndarray]] = {}
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Reading:
    """How close a question is to each intent's examples (rag.understanding.label_scores)."""

    scores: dict[str, float]
    closest_unanswered: float = 0.0  # similarity to the single nearest unanswered example

    def best(self, among: set[str] | None = None) -> tuple[str, float]:
        items = [(name, s) for name, s in self.scores.items() if among is None or name in among]
        return max(items, key=lambda item: item[1], default=("", 0.0))

    @property
    def off_topic(self) -> float:
        return self.scores.get(OUT_OF_SCOPE, 0.0)


def load_prototypes(path: Path = PROTOTYPES) -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(row["intent"], row["text"]) for row in rows]


def vectors_key(path: Path, model: str) -> str:
    return f"{hashlib.sha256(path.read_bytes()).hexdigest()}|{model}"


def write_vectors(vectorize: Callable[[str], Sequence[float]], model: str, path: Path = PROTOTYPES) -> Path:
    """Save the examples' vectors beside them (`<name>.npz`), so a cold process reads them instead of
    embedding every example before its first answer (~0.8 s)."""
    matrix = np.asarray([vectorize(text) for _, text in load_prototypes(path)], dtype=np.float32)
    target = path.with_suffix(".npz")
    with target.open("wb") as handle:
        np.savez(handle, vectors=matrix, key=np.array(vectors_key(path, model)))
    return target


def _saved_vectors(path: Path, model: str, count: int) -> np.ndarray | None:
    """The shipped vectors when they belong to these examples and this model, else None."""
    try:
        with np.load(path.with_suffix(".npz"), allow_pickle=False) as saved:
            if str(saved["key"]) == vectors_key(path, model) and saved["vectors"].shape[0] == count:
                return saved["vectors"].astype(np.float32)
    except (OSError, KeyError, ValueError):
        pass
    return None


class PrototypeReader:
    """Nearest labelled examples; their vectors are read from the file shipped beside them (or
    computed when it is stale), once per process and model."""

    def __init__(self, vectorize: Callable[[str], Sequence[float]], model: str, path: Path = PROTOTYPES):
        self.vectorize = vectorize
        self.key = (model, str(path))
        self.path = path

    def examples(self) -> tuple[list[str], np.ndarray]:
        """The examples' labels and their vectors (one row each)."""
        with _LOCK:
            if self.key not in _CACHE:
                examples = load_prototypes(self.path)
                matrix = _saved_vectors(self.path, self.key[0], len(examples))
                if matrix is None:
                    matrix = np.asarray([self.vectorize(text) for _, text in examples], dtype=np.float32)
                _CACHE[self.key] = ([label for label, _ in examples], matrix)
            return _CACHE[self.key]

    def read(self, vector: Sequence[float]) -> Reading:
        labels, matrix = self.examples()
        similarity = matrix @ np.asarray(vector, dtype=np.float32)
        unanswered = [s for s, name in zip(similarity, labels) if name == OUT_OF_SCOPE]
        return Reading(label_scores(similarity, labels, matrix), round(float(max(unanswered, default=0.0)), 4))


def label_scores(similarity: np.ndarray, labels: list[str], matrix: np.ndarray) -> dict[str, float]:
    """Each intent's score from the question's similarity to every example. An answering intent's
    examples are phrasings of one request: the question is read against their mean (the cosine to the
    normalised centroid), which one reworded example barely moves. The unanswered examples are many
    unrelated topics, whose mean is about nothing: read against the two nearest. Leave-one-out over
    the examples (evals/calibration.py): 0.87 right this way, 0.77 with the two nearest for every intent."""
    scores: dict[str, float] = {}
    for label in dict.fromkeys(labels):
        own = [i for i, name in enumerate(labels) if name == label]
        if label in READ_BY_NEAREST:
            value = float(np.sort(similarity[own])[::-1][:2].mean())
        else:
            value = float(similarity[own].mean() / (np.linalg.norm(matrix[own].mean(axis=0)) or 1.0))
        scores[label] = round(value, 4)
    return scores


def choose_intent(rule_intent: str, certain: bool, reading: Reading, answerable: set[str], default: str = "") -> str:
    """The rule's intent when it is exact or the examples do not clearly disagree; else the examples'.
    A keyword collision ("course" in a question about how long a course takes) is what the examples
    correct; a question no rule detected keeps the default intent (the examples are too few to
    invent an intent from nothing: on the tune split that turned more answers wrong than right)."""
    if certain or rule_intent == default or rule_intent not in reading.scores:  # no examples: not ours to judge
        return rule_intent
    best, score = reading.best(answerable)
    if best and best != rule_intent and score >= reading.scores.get(rule_intent, 0.0) + INTENT_MARGIN:
        return best
    return rule_intent


def off_topic(similarity: float, best_passage: float) -> bool:
    """Closer to the questions the roadmaps do not answer than to anything they say."""
    return similarity >= OFF_TOPIC_FLOOR and similarity >= best_passage + OFF_TOPIC_MARGIN


def understand(query: "StandaloneQuery", reading: Reading) -> "StandaloneQuery":
    """The query with its intent decided by meaning where the rules are not exact, and how close it
    is to what the roadmaps do not answer. A follow-up keeps the intent the rewrite gave it (that
    depends on the earlier turn, which the examples do not see)."""
    from rag.intents.registry import DEFAULT, REFUSAL, UNITS, unit

    answerable = {u.name for u in UNITS if not u.refusal}
    update: dict = {"off_topic": reading.off_topic, "on_topic": reading.best(answerable)[1],
                    "closest_unanswered": reading.closest_unanswered}
    if not query.injection and not query.subject:
        certain = unit(query.intent).certain(query.question)
        update["intent"] = choose_intent(query.intent, certain, reading, answerable, DEFAULT.name)
    elif query.injection:
        update["intent"] = REFUSAL.name
    return query.model_copy(update=update)
