"""Eval metrics: pure functions of an answer, its passages and the dataset's expectations.

Definitions (per question; the summary is the mean over the questions where a metric applies):

- retrieval_recall_at_k: share of the question's `cite` groups met by the passages the system
  retrieved for the answer (its whole context: k is the size of that context, whatever the system
  chose; the naive baseline's k is 4). A group is met when one of its strings occurs,
  case-insensitively, in a passage's section path or text.
- mrr: for each `cite` group, 1 / rank of the first retrieved passage (in the order the system
  returns its context) that meets it, 0 when none does; averaged over the groups.
- citation_recall: share of `cite` groups met by the passages the answer actually cites.
- keypoint_recall: share of `mention` groups with a string in the answer text.
- citation_precision: share of (claim, marker) pairs whose cited passage supports the claim it is
  attached to (rag.grounding support rule); a marker naming no citation supports nothing.
- groundedness: share of the answer's claims supported by the passages they cite (a claim citing
  nothing is checked against the whole retrieved context).
- marker_validity: share of `[n]` markers that name a citation whose passage was retrieved
  (1.0 for an answer with no markers: nothing invalid was said).
- answerability_accuracy: 1 when the system's `answerable` equals the dataset's.
- citations_median: median number of citations per answer given (answerable true); refusals cite
  nothing and are left out, so refusing cannot make answers look concise. 0 when nothing was answered.
- search_recall_at_4: share of `cite` groups met by the first 4 results of the system's own search
  (for us the hybrid search, before the roadmap structure adds passages; for the naive baseline its
  dense top 4). Beside citation_recall it says whether a miss was never found or found and dropped.
- search_cited_at_4: of the groups met by those first 4 results, the share the answer cites (None
  for a question whose first 4 results meet none): how much of what the search ranked highest the
  answer keeps. Our extractive answers' evidence floor (rag.evidence_floor) cites strongly ranked
  passages the composition left out, so for them this share is partly the floor's own doing: it
  says what the answer keeps, not what the intents' compositions chose.
- search_topic_recall_at_4: search_recall_at_4 over the groups the search is meant to find, leaving
  out the structural ones (`structural_groups`): a question that asks what follows (dataset kind
  next-step or plan, or an answer whose intent is next_step or plan) cites the stages after the one
  it names, which the answer takes from the roadmap's stage order, not from the search; a group of
  such a question none of whose strings the learner wrote is one of those. On the tune halves of
  session 11 the search's first 4 met 47% of those groups and 89% of the rest, so search@4 mostly
  moved with stages the search should not chase. None for a question with no other group.
- latency_p50_ms / latency_p95_ms: percentiles (linear interpolation) of the scored turn's wall time.

Which questions count:
- recall metrics (retrieval, mrr, citation, keypoint) apply to questions that have groups, which are
  exactly the answerable ones (unanswerable rows have none); a refusal of an answerable question
  scores 0 there, so a system cannot raise its recall by refusing.
- citation_precision and groundedness apply to the answers the system *gave* (answerable true) with
  at least one cited claim / one claim; a refusal makes no claims (its failure shows in
  answerability and recall).
- marker_validity and answerability apply to every question.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from rag.grounding import ClaimCheck, markers_in

QUALITY_KEYS = (
    "retrieval_recall_at_k",
    "mrr",
    "citation_recall",
    "citation_precision",
    "keypoint_recall",
    "answerability_accuracy",
    "marker_validity",
    "groundedness",
)
SEARCH_K = 4
SEARCH_KEYS = (f"search_recall_at_{SEARCH_K}", f"search_cited_at_{SEARCH_K}",  # where misses come from
               f"search_topic_recall_at_{SEARCH_K}")
FOLLOWING_KINDS = frozenset({"next-step", "plan"})  # dataset kinds whose answer cites the stages that follow
FOLLOWING_INTENTS = frozenset({"next_step", "plan"})  # the same said by the answer (a follow-up "and then?")
COUNT_KEYS = ("citations_median",)
LATENCY_KEYS = ("latency_p50_ms", "latency_p95_ms")
SUMMARY_KEYS = QUALITY_KEYS + SEARCH_KEYS + COUNT_KEYS + LATENCY_KEYS


def _field(item: Any, name: str) -> str:
    value = item.get(name, "") if isinstance(item, Mapping) else getattr(item, name, "")
    return value or ""


def group_met(group: Sequence[str], passage: Any) -> bool:
    """Does one passage (Passage, Citation or dict) meet a group: one string in section or text?"""
    haystack = f"{_field(passage, 'section')}\n{_field(passage, 'text')}".lower()
    return any(s.lower() in haystack for s in group)


def first_rank(group: Sequence[str], passages: Sequence[Any]) -> int | None:
    """1-based rank of the first passage meeting the group, or None."""
    return next((rank for rank, p in enumerate(passages, 1) if group_met(group, p)), None)


def groups_met(groups: Sequence[Sequence[str]], passages: Sequence[Any]) -> list[bool]:
    return [first_rank(g, passages) is not None for g in groups]


def retrieval_recall(groups: Sequence[Sequence[str]], retrieved: Sequence[Any], k: int | None = None) -> float | None:
    """Share of groups met by the first k retrieved passages (all of them when k is None)."""
    if not groups:
        return None
    top = list(retrieved) if k is None else list(retrieved)[:k]
    return sum(groups_met(groups, top)) / len(groups)


def reciprocal_rank(groups: Sequence[Sequence[str]], retrieved: Sequence[Any]) -> float | None:
    if not groups:
        return None
    ranks = [first_rank(g, retrieved) for g in groups]
    return sum(1.0 / r if r else 0.0 for r in ranks) / len(groups)


def citation_recall(groups: Sequence[Sequence[str]], cited: Sequence[Any]) -> float | None:
    if not groups:
        return None
    return sum(groups_met(groups, cited)) / len(groups)


def search_cited(groups: Sequence[Sequence[str]], searched: Sequence[Any], cited: Sequence[Any],
                 k: int = SEARCH_K) -> float | None:
    """Of the groups the first k search results meet, the share the cited passages meet too."""
    found = [g for g, met in zip(groups, groups_met(groups, list(searched)[:k])) if met]
    if not found:
        return None
    return sum(groups_met(found, cited)) / len(found)


def structural_groups(groups: Sequence[Sequence[str]], turns: Sequence[str], *, kind: str,
                      intent: str | None) -> list[bool]:
    """Which groups the answer takes from the stage structure rather than the search: those of a
    question asking what follows (its kind or its answer's intent) that the learner did not write."""
    follows = kind.split("(")[0].strip() in FOLLOWING_KINDS or intent in FOLLOWING_INTENTS
    said = "\n".join(turns).lower()
    return [follows and not any(s.lower() in said for s in group) for group in groups]


def topic_groups(groups: Sequence[Sequence[str]], turns: Sequence[str], *, kind: str,
                 intent: str | None) -> list[Sequence[str]]:
    """The groups the search is meant to find (every group but the structural ones)."""
    return [g for g, structural in zip(groups, structural_groups(groups, turns, kind=kind, intent=intent))
            if not structural]


def mentions_found(groups: Sequence[Sequence[str]], answer: str) -> list[bool]:
    text = answer.lower()
    return [any(s.lower() in text for s in g) for g in groups]


def keypoint_recall(groups: Sequence[Sequence[str]], answer: str) -> float | None:
    if not groups:
        return None
    return sum(mentions_found(groups, answer)) / len(groups)


def answerability_correct(expected: bool, predicted: bool) -> float:
    return 1.0 if bool(expected) == bool(predicted) else 0.0


def invalid_markers(answer: str, citations: Iterable[Any], retrieved_ids: Iterable[str]) -> list[int]:
    """Markers naming no citation, or a citation whose passage was not retrieved."""
    retrieved = set(retrieved_ids)
    valid = {
        int(c["id"] if isinstance(c, Mapping) else c.id)
        for c in citations
        if _field(c, "chunk_id") in retrieved
    }
    return [m for m in markers_in(answer) if m not in valid]


def marker_validity(answer: str, citations: Iterable[Any], retrieved_ids: Iterable[str]) -> float:
    markers = markers_in(answer)
    if not markers:
        return 1.0
    return 1.0 - len(invalid_markers(answer, citations, retrieved_ids)) / len(markers)


def citation_precision(checks: Sequence[ClaimCheck]) -> float | None:
    pairs = supported = 0
    for check in checks:
        for marker in check.claim.markers:
            pairs += 1
            score = check.per_marker.get(marker)
            supported += bool(score and score.supported)
    return supported / pairs if pairs else None


def groundedness(checks: Sequence[ClaimCheck]) -> float | None:
    if not checks:
        return None
    return sum(1 for c in checks if c.supported) / len(checks)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between ranks (numpy's default)."""
    data = sorted(float(v) for v in values)
    if not data:
        return 0.0
    position = (len(data) - 1) * q / 100.0
    low, high = math.floor(position), math.ceil(position)
    return data[low] + (data[high] - data[low]) * (position - low)


def mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def summarize(per_question: Sequence[Mapping[str, float | None]], latencies_ms: Sequence[float],
              answer_citations: Sequence[int] = ()) -> dict[str, float]:
    """The summary block of one system: each quality metric's mean where it applies, latencies.

    A metric that applies to no question (e.g. citation precision when nothing was cited) is
    reported as 0.0, so the summary always holds every key and a silent system cannot look perfect.
    """
    out: dict[str, float] = {}
    for key in QUALITY_KEYS + SEARCH_KEYS:
        value = mean(m.get(key) for m in per_question)
        out[key] = round(value, 4) if value is not None else 0.0
    out["citations_median"] = round(percentile(answer_citations, 50), 2)
    out["latency_p50_ms"] = round(percentile(latencies_ms, 50), 2)
    out["latency_p95_ms"] = round(percentile(latencies_ms, 95), 2)
    return out


def question_score(metrics: Mapping[str, float | None]) -> float:
    """One number per question for ranking the worst: the mean of its applicable quality metrics."""
    return mean(metrics.get(k) for k in QUALITY_KEYS) or 0.0


# -- the gate -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class GateFailure:
    metric: str
    value: float
    required: float
    rule: str  # "minimum" | "baseline" | "latency budget"

    def __str__(self) -> str:
        relation = "<" if self.rule != "latency budget" else ">"
        return f"{self.metric} = {self.value:.4g} {relation} {self.required:.4g} ({self.rule})"


def gate_failures(
    ours: Mapping[str, float],
    baseline: Mapping[str, float] | None,
    thresholds: Mapping[str, Any],
    backend: str,
) -> list[GateFailure]:
    """Every rule of evals/thresholds.toml that `ours` breaks (empty: the gate passes)."""
    failures: list[GateFailure] = []
    for metric, required in thresholds.get("minimum", {}).items():
        if ours.get(metric, 0.0) + 1e-9 < float(required):
            failures.append(GateFailure(metric, ours.get(metric, 0.0), float(required), "minimum"))
    rules = thresholds.get("baseline", {})
    if baseline is not None:
        tolerance = float(rules.get("tolerance", 0.0))
        for metric in rules.get("metrics", []):
            required = baseline.get(metric, 0.0) - tolerance
            if ours.get(metric, 0.0) + 1e-9 < required:
                failures.append(GateFailure(metric, ours.get(metric, 0.0), required, "baseline"))
    latency = thresholds.get("latency", {})
    budget = latency.get("budget_ms", {}).get(backend)
    metric = latency.get("metric", "latency_p95_ms")
    if budget is not None and ours.get(metric, 0.0) > float(budget):
        failures.append(GateFailure(metric, ours.get(metric, 0.0), float(budget), "latency budget"))
    return failures
