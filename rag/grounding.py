"""Grounding checks shared by the eval suite and the LLM backends' citation checker.

Two pieces, both deterministic and offline:

1. `split_claims(text)` turns an answer (Markdown with `[n]` markers) into the claims it makes, each
   with the markers attached to it. A marker belongs to the text before it, back to the previous
   marker or the start of the sentence, so `Learn SQL [1]; then maths [2].` is two claims. Headings,
   bold-only title lines, list intros ending in `:`, table headers, row labels and rule rows carry no
   claim. A table cell with its own marker is a claim. Unmarked text is a claim (an *uncited* one)
   only when it has at least `MIN_UNCITED_TERMS` content words: "Good luck!" is filler, "Both
   roadmaps put NLP after deep learning." is a claim that should have cited something.

2. `support_score(claim, passages, embedder)` decides whether passages support a claim, from
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

from rag.text import GENERIC, STOPWORDS, stem, tokens

# -- thresholds (see module docstring; calibrated in tests/rag/test_grounding.py) ------------------
OVERLAP_STRONG = 0.8
COSINE_STRONG = 0.62
OVERLAP_WEAK = 0.1
COSINE_MIN = 0.4
OVERLAP_MID = 0.6
MIN_UNCITED_TERMS = 3

MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\](?!\()")
MARKER_RUN = re.compile(r"(?:\s*\[\d+(?:\s*,\s*\d+)*\](?!\())+")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
LIST_LEAD = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")
HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
BOLD_ONLY = re.compile(r"^\s*(\*\*|__)(?P<inner>.+?)\1\s*:?\s*$")
# Sentence ends: . ! ? followed by space and a capital, digit, quote or markup; not after common
# abbreviations or single letters ("e.g.", "vs.", "A.").
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(*\[A-Z0-9])")
ABBREVIATIONS = re.compile(r"(\b(e\.g|i\.e|etc|vs|approx|incl|Dr|Mr|Ms|Mrs|St|No|Fig)\.|\b[A-Za-z]\.)$")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Words about the act of answering or citing, not about the subject: "Your question points to X",
# "the roadmap lists X" make the same claim as "X". Left out of the word overlap.
DISCOURSE = frozenset(
    """question questions answer answers ask asked asking point points pointing list lists listed
    say says said suggest suggests suggested mention mentions mentioned cover covers covered include
    includes including included according recommend recommends recommended see here below above
    roadmap roadmaps document documents source sources passage passages""".split()
)
NO_CLAIM_CELL = re.compile(r"^(not (stated|covered|mentioned)( in the roadmaps?)?|n/?a|none|-+|—|–)\.?$", re.I)


class Embedder(Protocol):
    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...


@dataclass(frozen=True)
class Claim:
    """One claim of an answer: its plain text and the citation numbers attached to it."""

    text: str
    markers: tuple[int, ...] = ()
    source: str = ""  # the raw fragment it came from (Markdown and markers included)

    @property
    def cited(self) -> bool:
        return bool(self.markers)


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


# -- splitting ------------------------------------------------------------------------------------
def markers_in(text: str) -> list[int]:
    """Every citation number named in `text`, in order (`[1]`, `[2, 3]`; not `[text](url)`)."""
    return [int(n) for group in MARKER.findall(text) for n in group.split(",")]


def plain(text: str) -> str:
    """Markdown emphasis, links, code ticks, list leads and markers removed; spaces collapsed."""
    text = LINK.sub(r"\1", text)
    text = MARKER.sub(" ", text)
    text = LIST_LEAD.sub("", text)
    text = re.sub(r"(\*\*|__|`|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" ;,:-–—").strip()


def content_words(text: str) -> list[str]:
    """The claim's meaningful words, stemmed: no stopwords, domain filler ("learn", "step") or
    words about answering and citing ("question", "lists")."""
    return [
        stem(t) for t in tokens(text)
        if t not in STOPWORDS and t not in GENERIC and t not in DISCOURSE and (len(t) > 1 or t.isdigit())
    ]


def split_sentences(text: str) -> list[str]:
    parts = SENTENCE_END.split(text)
    sentences: list[str] = []
    for part in parts:
        if sentences and ABBREVIATIONS.search(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {part}"
            continue
        # "Learn NLP. [1] Then ..." : markers that open a sentence belong to the one before
        lead = re.match(r"^((?:\[\d+(?:\s*,\s*\d+)*\](?!\()\s*)+)(.*)$", part, re.S)
        if lead and sentences:
            sentences[-1] = f"{sentences[-1]} {lead.group(1).strip()}"
            part = lead.group(2)
        if part.strip():
            sentences.append(part.strip())
    return sentences


def _segments(sentence: str) -> list[tuple[str, tuple[int, ...], str]]:
    """(text, markers, raw) pieces: each marker run closes the text before it."""
    out: list[tuple[str, tuple[int, ...], str]] = []
    position = 0
    for run in MARKER_RUN.finditer(sentence):
        raw = sentence[position:run.end()]
        out.append((plain(sentence[position:run.start()]), tuple(markers_in(run.group())), raw.strip()))
        position = run.end()
    tail = sentence[position:]
    if plain(tail):
        out.append((plain(tail), (), tail.strip()))
    # a marker run with no text before it ("...; [3]") cites the segment before it
    merged: list[tuple[str, tuple[int, ...], str]] = []
    for text, marks, raw in out:
        if not content_words(text) and marks and merged:
            prev_text, prev_marks, prev_raw = merged[-1]
            merged[-1] = (prev_text, prev_marks + marks, f"{prev_raw} {raw}")
        else:
            merged.append((text, marks, raw))
    return merged


def _claims_from_text(text: str) -> list[Claim]:
    """Claims of one paragraph (a line, list item or table cell). An unmarked sentence followed by
    a marked one in the same paragraph shares its markers ("NLP is next. It covers BERT [1].")."""
    pieces: list[tuple[str, tuple[int, ...], str]] = []
    for sentence in split_sentences(LIST_LEAD.sub("", text)):
        pieces.extend(_segments(sentence))
    claims: list[Claim] = []
    for index, (segment, marks, raw) in enumerate(pieces):
        words = content_words(segment)
        if not words:
            continue
        if not marks:
            marks = next((m for _, m, _ in pieces[index + 1:] if m), ())
        if not marks and len(words) < MIN_UNCITED_TERMS:
            continue
        claims.append(Claim(text=segment, markers=marks, source=raw))
    return claims


def _table_cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", inner)]


def is_heading(line: str) -> bool:
    """A line that names what follows instead of claiming something: '# ...', '**Title**', 'Intro:'."""
    if MARKER.search(line):
        return False
    stripped = line.strip()
    return bool(
        HEADING.match(line)
        or BOLD_ONLY.match(LIST_LEAD.sub("", stripped))
        or stripped.endswith(":")
        or RULE.match(stripped)
    )


def split_claims(text: str) -> list[Claim]:
    """The claims of an answer, in order, with the markers attached to each."""
    claims: list[Claim] = []
    lines = text.splitlines()
    in_code = False
    for number, line in enumerate(lines):
        if line.strip().startswith("```"):
            in_code = not in_code
            continue
        if in_code or not line.strip() or is_heading(line):
            continue
        if line.lstrip().startswith("|"):
            if TABLE_RULE.match(line):
                continue
            following = lines[number + 1] if number + 1 < len(lines) else ""
            header = bool(TABLE_RULE.match(following))
            for position, cell in enumerate(_table_cells(line)):
                if MARKER.search(cell):
                    claims.extend(_claims_from_text(cell))
                elif header or position == 0 or NO_CLAIM_CELL.match(plain(cell)):
                    continue  # column headers, row labels, "not stated in the roadmaps"
                else:
                    claims.extend(_claims_from_text(cell))
            continue
        if line.lstrip().startswith(">"):
            line = line.lstrip()[1:]
        claims.extend(_claims_from_text(line))
    return claims


# -- scoring --------------------------------------------------------------------------------------
class _VectorCache:
    """Normalised vectors of recent texts for one embedder (claims and passages repeat a lot)."""

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
            found = self.embedder.embed_documents(missing)
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
