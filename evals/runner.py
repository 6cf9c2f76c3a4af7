"""Run a dataset through our advisor and the naive baseline, score every answer, and summarise.

For each question the earlier turns are replayed through our advisor first (its answers become the
history), then the last turn is timed and scored. The baseline gets only the last turn. Both systems
are warmed up once before timing (the first call loads the embedding model), so latency measures
answering, not loading.
"""

from __future__ import annotations

import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol

from evals import metrics as M
from evals.dataset import EvalItem
from rag.grounding import ClaimCheck, check_claims, passage_text
from rag.intents.registry import REFUSAL
from rag.models import Answer

THRESHOLDS_FILE = Path(__file__).resolve().parent / "thresholds.toml"
WARM_UP_QUESTION = "What should I learn first?"
EXTRA_K = 4  # recall over the first 4 passages of each system's context, reported beside recall@k


class System(Protocol):
    name: str

    def answer(self, question: str, history: list[dict[str, str]] | None = None) -> Answer: ...


@dataclass
class QuestionResult:
    item: EvalItem
    system: str
    answer: Answer
    latency_ms: float
    metrics: dict[str, float | None]
    checks: list[ClaimCheck] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def score(self) -> float:
        return M.question_score(self.metrics)


@dataclass
class SystemRun:
    name: str
    results: list[QuestionResult]

    def summary(self) -> dict[str, float]:
        return M.summarize([r.metrics for r in self.results], [r.latency_ms for r in self.results],
                           _answer_citations(self.results))

    def extras(self) -> dict[str, float]:
        def avg(key: str) -> float:
            values = [r.extra.get(key) for r in self.results if r.extra.get(key) is not None]
            return round(sum(values) / len(values), 4) if values else 0.0

        return {f"retrieval_recall_at_{EXTRA_K}": avg("recall_at_extra_k"), "context_passages": avg("context_passages"),
                "citations_per_answer": avg("citations")}

    def by_kind(self) -> dict[str, dict[str, float]]:
        kinds: dict[str, list[QuestionResult]] = {}
        for r in self.results:
            kinds.setdefault(r.item.kind, []).append(r)
        out = {}
        for kind, rows in kinds.items():
            summary = M.summarize([r.metrics for r in rows], [r.latency_ms for r in rows], _answer_citations(rows))
            # per kind, a metric that applies to none of its questions is shown as absent, not 0
            for key in M.QUALITY_KEYS:
                if all(r.metrics.get(key) is None for r in rows):
                    summary[key] = None  # type: ignore[assignment]
            out[kind] = {"questions": len(rows), **summary}
        return out

    def worst(self, n: int = 5) -> list[QuestionResult]:
        return sorted(self.results, key=lambda r: (r.score, r.item.id))[:n]

    def subset(self, keep: Callable[[EvalItem], bool]) -> "SystemRun":
        return SystemRun(name=self.name, results=[r for r in self.results if keep(r.item)])


def _answer_citations(results: list[QuestionResult]) -> list[int]:
    return [len(r.answer.citations) for r in results if r.answer.answerable]


@dataclass
class EvalRun:
    backend: str
    ours: SystemRun
    baseline: SystemRun | None
    datasets: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    judge: dict[str, float] | None = None
    seconds: float = 0.0

    @property
    def questions(self) -> int:
        return len(self.ours.results)

    def summary(self) -> dict:
        """The `advisor eval --json` object."""
        metrics = {"ours": self.ours.summary()}
        if self.judge is not None:
            metrics["ours"]["judge_faithfulness"] = self.judge.get("ours", 0.0)
        if self.baseline is not None:
            metrics["baseline"] = self.baseline.summary()
            if self.judge is not None and "baseline" in self.judge:
                metrics["baseline"]["judge_faithfulness"] = self.judge["baseline"]
        return {"questions": self.questions, "backend": self.backend, "metrics": metrics}

    def subset(self, keep: Callable[[EvalItem], bool]) -> "EvalRun":
        """The same run restricted to some questions (a split): ours and the baseline alike."""
        return EvalRun(backend=self.backend, ours=self.ours.subset(keep),
                       baseline=self.baseline.subset(keep) if self.baseline is not None else None,
                       datasets=self.datasets, notes=self.notes, seconds=self.seconds)

    def gate(self, thresholds: dict | None = None) -> list[M.GateFailure]:
        thresholds = thresholds if thresholds is not None else load_thresholds()
        summary = self.summary()["metrics"]
        return M.gate_failures(summary["ours"], summary.get("baseline"), thresholds, self.backend)


def load_thresholds(path: Path = THRESHOLDS_FILE) -> dict:
    with open(path, "rb") as handle:
        return tomllib.load(handle)


# -- scoring one answer ------------------------------------------------------------------------
def score_answer(item: EvalItem, answer: Answer, embedder) -> tuple[dict[str, float | None], list[ClaimCheck], dict, list[str]]:
    """Metrics, claim checks, extra figures and readable problems for one answer."""
    retrieved = list(answer.retrieved)
    citations = list(answer.citations)
    answered = bool(answer.answerable)
    checks: list[ClaimCheck] = []
    if answered:
        cited = {c.id: passage_text(c) for c in citations}
        checks = check_claims(answer.answer, cited, embedder, context=[passage_text(p) for p in retrieved])
    metrics: dict[str, float | None] = {
        "retrieval_recall_at_k": M.retrieval_recall(item.cite, retrieved),
        "mrr": M.reciprocal_rank(item.cite, retrieved),
        "citation_recall": M.citation_recall(item.cite, citations),
        "citation_precision": M.citation_precision(checks) if answered else None,
        "keypoint_recall": M.keypoint_recall(item.mention, answer.answer),
        "answerability_accuracy": M.answerability_correct(item.answerable, answered),
        "marker_validity": M.marker_validity(answer.answer, citations, [p.chunk_id for p in retrieved]),
        "groundedness": M.groundedness(checks) if answered else None,
        M.SEARCH_KEYS[0]: M.retrieval_recall(item.cite, answer.searched, M.SEARCH_K),
        M.SEARCH_KEYS[1]: M.search_cited(item.cite, answer.searched, citations),
        M.SEARCH_KEYS[2]: M.retrieval_recall(M.topic_groups(item.cite, item.turns, kind=item.kind, intent=answer.intent),
                                             answer.searched, M.SEARCH_K),
    }
    metrics = {k: (round(v, 4) if v is not None else None) for k, v in metrics.items()}
    extra = {
        "recall_at_extra_k": M.retrieval_recall(item.cite, retrieved, EXTRA_K),
        "context_passages": len(retrieved),
        "citations": len(citations),
    }
    return metrics, checks, extra, diagnose(item, answer, metrics, checks)


def diagnose(item: EvalItem, answer: Answer, metrics: dict, checks: list[ClaimCheck]) -> list[str]:
    """What went wrong, in words a person tuning the answerer can act on."""
    problems: list[str] = []
    if answer.notice:
        problems.append(f"notice: {answer.notice}")
    if answer.grounding is not None and answer.grounding.note:
        problems.append(f"backend's citation check: {answer.grounding.note}")
    if metrics["answerability_accuracy"] == 0.0:
        got = "answered" if answer.answerable else "refused"
        want = "an answer" if item.answerable else "a refusal"
        problems.append(f"expected {want} but {got} (intent {answer.intent})")
    retrieved = list(answer.retrieved)
    for group, met in zip(item.cite, M.groups_met(item.cite, retrieved)):
        if not met:
            problems.append(f"retrieval missed cite group {group}")
    for group in item.cite:
        rank = M.first_rank(group, retrieved)
        if rank and rank > 3:
            problems.append(f"cite group {group} first appears at rank {rank} of the {len(retrieved)} passages "
                            "returned (MRR follows the order of the returned context)")
    cited_met = M.groups_met(item.cite, answer.citations)
    for group, met, in_context in zip(item.cite, cited_met, M.groups_met(item.cite, retrieved)):
        if not met and in_context:
            problems.append(f"cite group {group} was retrieved but not cited")
    if item.cite and not all(cited_met):
        sections = [c.section or c.title for c in answer.citations][:6]
        problems.append(f"cited sections: {sections}" if sections else "no citations")
    missing = [g for g, ok in zip(item.mention, M.mentions_found(item.mention, answer.answer)) if not ok]
    if missing:
        problems.append(f"answer lacks mentions {missing}")
    bad = M.invalid_markers(answer.answer, answer.citations, [p.chunk_id for p in retrieved])
    if bad:
        problems.append(f"invalid markers {sorted(set(bad))}")
    unsupported = [c for c in checks if not c.supported]
    for check in unsupported[:3]:
        marks = "".join(f"[{m}]" for m in check.claim.markers) or "(uncited)"
        s = check.support
        why = (f"numbers not in the passages: {', '.join(s.missing_numbers)}" if not s.numbers_ok
               else f"word overlap {s.overlap:.2f}" + (f", cosine {s.cosine:.2f}" if s.cosine is not None else ""))
        problems.append(f"unsupported claim {marks}: \"{_clip(check.claim.text)}\" ({why})")
    if len(unsupported) > 3:
        problems.append(f"... and {len(unsupported) - 3} more unsupported claims")
    wrong_pairs = [(c, m) for c in checks if c.supported for m, s in c.per_marker.items() if not s.supported]
    for check, marker in wrong_pairs[:2]:
        problems.append(f"marker [{marker}] does not support \"{_clip(check.claim.text)}\" (another cited passage does)")
    return problems


def _clip(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- running -----------------------------------------------------------------------------------
Progress = Callable[[str, int, int], None]


def run_system(system: System, items: list[EvalItem], embedder, *, replay_history: bool, progress: Progress | None = None) -> SystemRun:
    try:
        system.answer(WARM_UP_QUESTION, [])
    except Exception:  # the warm-up only loads models; a real failure shows on the questions
        pass
    results = []
    for index, item in enumerate(items, 1):
        history: list[dict[str, str]] = []
        error = None
        try:
            if replay_history:
                for turn in item.history_turns:
                    earlier = system.answer(turn, history)
                    history += [{"role": "user", "content": turn}, {"role": "assistant", "content": earlier.answer}]
            started = time.perf_counter()
            answer = system.answer(item.question, history)
            latency = (time.perf_counter() - started) * 1000
        except Exception as exc:  # one broken question must not hide the others' results
            error = f"{exc.__class__.__name__}: {exc}"
            answer = Answer(question=item.question, answer="", answerable=False, intent=REFUSAL.name)
            latency = 0.0
        metrics, checks, extra, problems = score_answer(item, answer, embedder)
        if error:
            problems.insert(0, f"error: {error}")
        results.append(QuestionResult(item=item, system=system.name, answer=answer, latency_ms=round(latency, 2),
                                      metrics=metrics, checks=checks, extra=extra, problems=problems, error=error))
        if progress:
            progress(system.name, index, len(items))
    return SystemRun(name=system.name, results=results)


class OurSystem:
    name = "ours"

    def __init__(self, advisor):
        self.advisor = advisor

    def answer(self, question: str, history: list[dict[str, str]] | None = None) -> Answer:
        return self.advisor.answer(question, history or [])


def run_eval(
    advisor,
    items: list[EvalItem],
    *,
    baseline: bool = True,
    datasets: list[str] | None = None,
    progress: Progress | None = None,
    judge=None,
) -> EvalRun:
    """Evaluate `advisor` (any backend, any index) and, unless told not to, the naive baseline."""
    started = time.perf_counter()
    embedder = advisor.embedder
    ours = run_system(OurSystem(advisor), items, embedder, replay_history=True, progress=progress)
    base_run = None
    notes: list[str] = []
    if baseline:
        from evals.baseline import NaiveRAG

        with NaiveRAG(advisor) as naive:
            rebuilt = [d.source for d in naive.documents if d.from_index]
            if rebuilt:
                notes.append(f"baseline documents rebuilt from the index (files not on disk here): {', '.join(rebuilt)}")
            notes.append(
                f"baseline: {len(naive.documents)} documents, {len(naive.chunks)} chunks "
                f"(RecursiveCharacterTextSplitter {naive.chunk_size}/{naive.chunk_overlap}), dense top {naive.k}"
            )
            base_run = run_system(naive, items, embedder, replay_history=False, progress=progress)
    judged = None
    if judge is not None:
        judged = {"ours": judge.score_run(ours)}
        if base_run is not None:
            judged["baseline"] = judge.score_run(base_run)
    return EvalRun(backend=advisor.backend().name, ours=ours, baseline=base_run, datasets=datasets or [], notes=notes,
                   judge=judged, seconds=round(time.perf_counter() - started, 1))


def result_record(result: QuestionResult, baseline: QuestionResult | None = None) -> dict:
    """One line of `--output`: the answer contract plus the question id and its metrics."""
    record = {"id": result.item.id, **result.answer.to_contract(), "kind": result.item.kind,
              "split": result.item.split, "metrics": {**result.metrics, "latency_ms": result.latency_ms}, "problems": result.problems}
    if baseline is not None:
        record["baseline"] = {"answer": baseline.answer.answer, "citations": [c.model_dump() for c in baseline.answer.citations],
                              "metrics": {**baseline.metrics, "latency_ms": baseline.latency_ms}}
    return record
