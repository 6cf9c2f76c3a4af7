"""Grounding checks shared by the eval suite and the LLM backends' citation checker.

Claims come from `rag.claims.split_claims` (an answer split into claims, each with its markers).

`support_score(claim, passages, embedder)` decides whether passages support a claim, from
   - `cosine`: the best cosine similarity (all-MiniLM-L6-v2, normalised vectors) between the claim
     and either a whole passage or one of its lines (short claims are diluted against a long
     passage, so single lines and pairs of lines are compared too);
   - `overlap`: the share of the claim's content words (stopwords and domain filler removed, lightly
     stemmed) that occur in the passages' words;
   - `numbers_ok`: every number in the claim (step numbers, durations, salaries) occurs in the
     passages. A claim that changes "4-6 weeks" to "8-10 weeks" is unsupported however similar.

   A claim is supported when `numbers_ok` and one of the rules below. The embedding is computed
   only when it can change the outcome (OVERLAP_WEAK <= overlap < OVERLAP_STRONG); otherwise the
   words and numbers decide alone and `cosine` is None (answers that copy the passages cost nothing).
   A claim is supported when `numbers_ok` and one of:
     overlap >= OVERLAP_STRONG                       (the passage's own words: extractive answers)
     cosine >= COSINE_STRONG and overlap >= OVERLAP_WEAK   (a close paraphrase)
     cosine >= COSINE_MIN and overlap >= OVERLAP_MID       (a looser paraphrase, most words shared)

Calibration: 45 labelled (claim, passage, supported?) pairs written from the corpus, in
tests/rag/test_grounding.py: the extractive answerer's own lines, LLM-style paraphrases (some
sharing few words with the passage), and hard negatives (the neighbouring step's content, a changed
duration or step number, tools of another stage, an unrelated claim in the same vocabulary). These
thresholds judge 43 of 45 right (0.96), the best any setting of the five reaches, and each sits inside
the range where that accuracy holds with the others fixed (OVERLAP_STRONG 0.51-1.0, COSINE_STRONG
0.56-0.67, OVERLAP_WEAK 0-0.14, COSINE_MIN up to 0.46, OVERLAP_MID 0.51-0.66). There is no NLI model
offline, so this is a similarity test with a guard on numbers, not entailment: it catches claims
about something the passage does not discuss or with figures it does not contain; it cannot see a
reversed judgement ("lowest risk" against "highest risk") or figures reshuffled within the passage
(one miss), and a paraphrase sharing no word with its passage ("a month and a half" for "4-6 weeks",
the other miss) needs the LLM judge.
"""

from __future__ import annotations

import re
import threading
import weakref
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Protocol, Sequence

from rag.learner import recomputes
from rag.claims import MARKER, Claim, content_words, markers_in, plain, split_claims, split_sentences

__all__ = [  # the claim splitting is part of the grounding API its users import from here
    "MARKER", "Claim", "ClaimCheck", "SupportScore", "check_claims", "content_words", "decide", "lexical_overlap",
    "markers_in", "missing_numbers", "needs_cosine", "passage_text", "passage_windows", "plain", "split_claims",
    "split_sentences", "support_score",
]

# -- thresholds (see module docstring; calibrated in tests/rag/test_grounding.py) ------------------
OVERLAP_STRONG = 0.8
COSINE_STRONG = 0.62
OVERLAP_WEAK = 0.1
COSINE_MIN = 0.4
OVERLAP_MID = 0.6

NUMBER = re.compile(r"\d+(?:\.\d+)?")


class Embedder(Protocol):
    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...


@dataclass(frozen=True)
class SupportScore:
    cosine: float | None  # None: not computed, the words and numbers decided alone
    overlap: float
    supported: bool
    numbers_ok: bool = True
    missing_numbers: tuple[str, ...] = ()
    best: int = -1  # index of the passage with the best cosine (-1: no passages)


@dataclass
class ClaimCheck:
    claim: Claim
    support: SupportScore  # against all the passages it cites (or the context when it cites none)
    per_marker: dict[int, SupportScore] = field(default_factory=dict)  # each cited passage alone
    invalid_markers: tuple[int, ...] = ()  # markers that name no known passage

    @property
    def supported(self) -> bool:
        return self.support.supported


# -- scoring --------------------------------------------------------------------------------------
class _VectorCache:
    """Normalised vectors of recent texts for one embedder (claims and passages repeat a lot). Each
    text is encoded alone: in a batch its vector moves (~1e-7) with the padding its batch mates
    bring, so a score would depend on which texts happened to be checked together. Alone was no
    slower here (short lines padded to a long neighbour cost more than the batching saves)."""

    def __init__(self, embedder: Embedder, limit: int = 20000):
        self.embedder = embedder
        self.limit = limit
        self.vectors: dict[str, object] = {}
        self.lock = threading.Lock()

    def get(self, texts: Sequence[str]):
        import numpy as np

        with self.lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self.vectors))
        if missing:
            found = [self.embedder.embed_documents([text])[0] for text in missing]
            with self.lock:
                if len(self.vectors) + len(missing) > self.limit:
                    self.vectors.clear()
                for text, vector in zip(missing, found):
                    v = np.asarray(vector, dtype=np.float32)
                    norm = float(np.linalg.norm(v))
                    self.vectors[text] = v / norm if norm else v
        with self.lock:
            return np.stack([self.vectors[t] for t in texts]) if texts else np.zeros((0, 1), dtype=np.float32)


_CACHES: "weakref.WeakKeyDictionary[object, _VectorCache]" = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def _cache_for(embedder: Embedder) -> _VectorCache:
    with _CACHES_LOCK:
        try:
            cache = _CACHES.get(embedder)
            if cache is None:
                cache = _CACHES[embedder] = _VectorCache(embedder)
            return cache
        except TypeError:  # not weak-referenceable: no sharing across calls
            return _VectorCache(embedder)


def passage_windows(passage: str) -> list[str]:
    """The passage itself, its non-empty lines and pairs of adjacent lines (for short claims)."""
    lines = [plain(line) for line in passage.splitlines()]
    lines = [line for line in lines if content_words(line)]
    windows = [plain(passage)] + lines + [f"{a} {b}" for a, b in zip(lines, lines[1:])]
    return list(dict.fromkeys(w for w in windows if w))


def lexical_overlap(claim: str, passages: Iterable[str]) -> float:
    words = content_words(claim)
    if not words:
        return 0.0
    vocabulary = {w for passage in passages for w in content_words(passage)}
    return sum(1 for w in words if w in vocabulary) / len(words)


def missing_numbers(claim: str, passages: Iterable[str]) -> tuple[str, ...]:
    found = {n for passage in passages for n in NUMBER.findall(passage)}
    return tuple(dict.fromkeys(n for n in NUMBER.findall(plain(claim)) if n not in found))


def decide(cosine: float, overlap: float, numbers_ok: bool = True) -> bool:
    """The support rule (module docstring), on precomputed scores."""
    if not numbers_ok:
        return False
    return (
        overlap >= OVERLAP_STRONG
        or (cosine >= COSINE_STRONG and overlap >= OVERLAP_WEAK)
        or (cosine >= COSINE_MIN and overlap >= OVERLAP_MID)
    )


def needs_cosine(overlap: float, numbers_ok: bool = True) -> bool:
    """Whether the embedding can still change the decision (otherwise words and numbers decide)."""
    return numbers_ok and min(OVERLAP_WEAK, OVERLAP_MID) <= overlap < OVERLAP_STRONG


def support_score(
    claim_text: str, passage_texts: Sequence[str], embedder: Embedder, *, always_embed: bool = False
) -> SupportScore:
    """Do these passages (together) support the claim? See the module docstring for the rule.

    The embedding is computed only when it can change the decision (`needs_cosine`); otherwise
    `cosine` is None, unless `always_embed` asks for it anyway (for diagnostics).
    """
    claim = plain(claim_text)
    passages = [p for p in passage_texts if p and p.strip()]
    if not passages or not content_words(claim):
        return SupportScore(cosine=0.0, overlap=0.0, supported=False, numbers_ok=not passages, best=-1)
    overlap = lexical_overlap(claim, passages)
    missing = missing_numbers(claim, passages)
    cosine, best = None, -1
    if always_embed or needs_cosine(overlap, not missing):
        cosine, best = _best_cosine(claim, passages, embedder)
    else:  # the passage sharing most of the claim's words
        best = max(range(len(passages)), key=lambda i: (lexical_overlap(claim, [passages[i]]), -i))
    supported = decide(cosine or 0.0, overlap, not missing)
    return SupportScore(
        cosine=None if cosine is None else round(cosine, 4), overlap=round(overlap, 4), supported=supported,
        numbers_ok=not missing, missing_numbers=missing, best=best,
    )


def _best_cosine(claim: str, passages: Sequence[str], embedder: Embedder) -> tuple[float, int]:
    windows: list[str] = []
    owner: list[int] = []
    for index, passage in enumerate(passages):
        for window in passage_windows(passage):
            windows.append(window)
            owner.append(index)
    if not windows:
        return 0.0, -1
    vectors = _cache_for(embedder).get([claim, *windows])
    similarities = vectors[1:] @ vectors[0]
    best_window = int(similarities.argmax())
    return float(similarities[best_window]), owner[best_window]


def check_claims(
    text: str,
    cited: Mapping[int, str],
    embedder: Embedder,
    context: Sequence[str] = (),
) -> list[ClaimCheck]:
    """Check every claim of an answer against the passages its markers name.

    `cited` maps citation numbers to passage texts (use `passage_text` for a Passage or Citation);
    `context` is every passage the answerer saw, used for claims that cite nothing. A marker naming
    no entry of `cited` is reported in `invalid_markers` and supports nothing.
    """
    checks = []
    for claim in split_claims(text):
        valid = [m for m in claim.markers if m in cited]
        invalid = tuple(m for m in claim.markers if m not in cited)
        per_marker = {m: support_score(claim.text, [cited[m]], embedder) for m in dict.fromkeys(valid)}
        if valid and recomputes(plain(claim.text), [cited[m] for m in valid]):  # a labelled, reproducible figure
            support = SupportScore(cosine=None, overlap=1.0, supported=True)
            # each marker whose passage gives the figure again supports it too (citation precision)
            per_marker = {m: support if recomputes(plain(claim.text), [cited[m]]) else score
                          for m, score in per_marker.items()}
            checks.append(ClaimCheck(claim=claim, support=support, per_marker=per_marker, invalid_markers=invalid))
            continue
        if claim.markers:
            together = [cited[m] for m in dict.fromkeys(valid)]
            support = support_score(claim.text, together, embedder) if together else SupportScore(0.0, 0.0, False)
            if together and not support.supported and any(s.supported for s in per_marker.values()):
                support = max(per_marker.values(), key=lambda s: (s.supported, s.cosine or 0.0, s.overlap))
        else:
            support = support_score(claim.text, list(context), embedder)
        checks.append(ClaimCheck(claim=claim, support=support, per_marker=per_marker, invalid_markers=invalid))
    return checks


def passage_text(item) -> str:
    """The text a reader sees for a passage or citation: its title, section path and body."""
    parts = [getattr(item, "title", "") or "", getattr(item, "section", "") or "", getattr(item, "text", "") or ""]
    return "\n".join(p for p in parts if p)
