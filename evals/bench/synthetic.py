"""Synthetic roadmaps and synthetic vectors for `advisor bench --scale N`.

The scale benchmark measures what grows with the corpus: the Chroma store (HNSW, SQLite, disk),
the BM25 index, the ingest pipeline's memory and the answer path's per-query work. It does not
measure embedding quality, so the passages are generated text and the vectors are random.
"""

from __future__ import annotations

import hashlib
import itertools
import random
from pathlib import Path

import numpy as np

# Words the real roadmaps use, so BM25 and the roadmap-aware answerer see realistic matches.
DOMAIN = """python sql statistics probability linear algebra calculus pandas numpy matplotlib
scikit-learn regression classification clustering pytorch tensorflow keras transformers attention
embeddings tokenization llms prompt engineering rag retrieval vector databases langchain agents
fine-tuning lora quantization evaluation mlops docker kubernetes fastapi deployment monitoring
airflow spark kafka git linux cloud aws gcp azure computer vision cnn segmentation detection nlp
sentiment translation speech reinforcement learning reward policy gradient diffusion gans
recommendation systems time series forecasting feature engineering data cleaning visualization
experiment tracking mlflow weights biases ethics fairness privacy security portfolio projects
interviews kaggle research papers open source communication optimisation gradient descent
backpropagation regularisation dropout batch normalisation hyperparameters cross-validation""".split()
SYLLABLES = "ka lo mi ne ru ta vo xe zi pa qu re so ti ul ve wa yo ba ce di fo gu he".split()
STAGE_SECTIONS = ("What to Learn?", "Key Concepts", "Projects", "Common Pitfalls", "Resources")


class _Words:
    """A Zipf-like vocabulary: domain words are frequent, a long tail of made-up words is rare."""

    def __init__(self, rng: random.Random, tail: int = 6000):
        made_up = {"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(tail)}
        self.words = DOMAIN + sorted(made_up)
        weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(self.words))]
        self.cumulative = list(itertools.accumulate(weights))
        self.rng = rng

    def phrase(self, low: int, high: int) -> str:
        count = self.rng.randint(low, high)
        return " ".join(self.rng.choices(self.words, cum_weights=self.cumulative, k=count))


def roadmap_text(number: int, words: _Words, steps: int) -> str:
    """One Markdown roadmap: a title, `steps` ordered steps, five sections each (one passage each)."""
    rng = words.rng
    lines = [f"# Synthetic Roadmap {number:05d}: {words.phrase(2, 3).title()}", "", words.phrase(12, 20) + "."]
    for step in range(1, steps + 1):
        lines += ["", f"## Step {step}: {words.phrase(2, 4).title()}"]
        for section in STAGE_SECTIONS:
            lines += ["", f"### {section}"]
            if section == "Resources":
                for k in range(rng.randint(2, 4)):
                    lines.append(
                        f"- [{words.phrase(2, 5).title()}](https://example.invalid/synthetic/{number}/{step}/{k})"
                    )
            else:
                lines += [f"- {words.phrase(6, 14)}" for _ in range(rng.randint(3, 6))]
    return "\n".join(lines) + "\n"


def write_corpus(target: Path, passages: int, *, seed: int = 7, steps: int = 20) -> int:
    """Write roadmaps with about `passages` passages (5 per step, `steps` steps per file) into
    `target`; returns the number of files. The text is deterministic for a given seed."""
    target.mkdir(parents=True, exist_ok=True)
    words = _Words(random.Random(seed))
    per_file = steps * len(STAGE_SECTIONS) + 1  # + the introduction
    files = max(1, round(passages / per_file))
    for number in range(files):
        (target / f"synthetic-{number:05d}.md").write_text(roadmap_text(number, words, steps), encoding="utf-8")
    return files


def random_unit_vector(text: str, dimension: int) -> list[float]:
    """A deterministic random unit vector for a text (the same text always gets the same vector)."""
    seed = int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")
    vector = np.random.default_rng(seed).standard_normal(dimension).astype(np.float32)
    return (vector / np.linalg.norm(vector)).tolist()


class SyntheticEmbedder:
    """Stands in for rag.embeddings.Embedder in the scale benchmark only.

    Why a fake: encoding 100,000 passages with the real model takes well over an hour on two CPU
    cores, and what the scale benchmark measures (HNSW search, SQLite reads, BM25, fusion, MMR,
    the answerer's per-query work, index size, ingest memory) depends on how many vectors there are
    and their dimension, not on what they mean. Random unit vectors are, if anything, the hard case
    for HNSW (no clusters). It has the same interface as Embedder (LangChain `Embeddings`,
    `dimension`, `set_threads`), returns 384-d unit vectors like all-MiniLM-L6-v2, and the bench
    output says `"synthetic_embeddings": true` for every figure measured with it.
    """

    def __init__(self, settings=None, *, threads: int | None = None, dimension: int = 384):
        self.model_name = getattr(settings, "embedding_model", "synthetic")
        self._dimension = dimension

    @property
    def dimension(self) -> int:
        return self._dimension

    def set_threads(self, threads: int) -> None:
        pass

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [random_unit_vector(t, self._dimension) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return random_unit_vector("query:" + text, self._dimension)

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_documents(texts)

    async def aembed_query(self, text: str) -> list[float]:
        return self.embed_query(text)
