"""Several datasets in one eval: each answered from its own corpus, scored per split, gated per split.

A dataset whose questions carry a `split` is reported as a whole and per half (tune, test) with the
tune - test gap per metric; the gate holds on each half separately, so a rule that helps only the
tune half shows as a gap and cannot hide behind the average. A dataset without splits is gated as
a whole. evals/thresholds.toml can leave a dataset report-only (`gated = false` with a `note`): it
is measured and shown with that note, and its misses are listed but do not fail the gate.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

from evals import metrics as M
from evals.dataset import SPLITS, EvalItem, load_dataset, load_datasets
from evals.routing import DatasetSpec
from evals.runner import EvalRun, Progress, QuestionResult, SystemRun, load_thresholds, run_eval

GAP_KEYS = M.QUALITY_KEYS + M.COUNT_KEYS


@dataclass(frozen=True)
class SplitFailure:
    dataset: str
    split: str
    failure: M.GateFailure

    def __str__(self) -> str:
        return f"{self.dataset} [{self.split}]: {self.failure}"


@dataclass(frozen=True)
class GatePolicy:
    gated: bool = True
    note: str = ""
    held_out: bool = False  # a frozen probe: every question in the test half, nothing tuned on it


def gate_policy(thresholds: dict, dataset: str) -> GatePolicy:
    """`[datasets.<name>]` of thresholds.toml; a dataset not listed there is gated."""
    entry = thresholds.get("datasets", {}).get(dataset, {})
    return GatePolicy(gated=bool(entry.get("gated", True)), note=str(entry.get("note", "")),
                      held_out=bool(entry.get("held_out", False)))


@dataclass
class DatasetRun:
    spec: DatasetSpec
    run: EvalRun
    policy: GatePolicy = field(default_factory=GatePolicy)
    index: str = ""
    sync: str = ""  # what the corpus sync did, for the report

    @property
    def name(self) -> str:
        return self.spec.name

    def frozen(self, item: EvalItem) -> bool:
        """A question nobody changing the answerer may read: a held-out set's, or a test half's."""
        return self.policy.held_out or item.split == "test"

    def worst(self, n: int = 5, reveal: bool = False) -> list[QuestionResult]:
        """The worst questions a per-question view may show: frozen ones only when `reveal`."""
        return self.run.ours.subset(lambda item: reveal or not self.frozen(item)).worst(n)

    def withheld(self, reveal: bool = False) -> int:
        return 0 if reveal else sum(1 for r in self.run.ours.results if self.frozen(r.item))

    def splits(self) -> dict[str, EvalRun]:
        """`all`, then each half its questions name (none for a dataset without splits)."""
        present = {r.item.split for r in self.run.ours.results}
        out = {"all": self.run}
        for split in SPLITS:
            if split in present:
                out[split] = self.run.subset(lambda item, s=split: item.split == s)
        return out

    def gated_splits(self) -> dict[str, EvalRun]:
        splits = self.splits()
        halves = {k: v for k, v in splits.items() if k != "all"}
        return halves or {"all": splits["all"]}

    def failures(self, thresholds: dict) -> list[SplitFailure]:
        """Every rule a gated split breaks (for a report-only dataset too: shown, not enforced)."""
        return [SplitFailure(self.name, split, f) for split, run in self.gated_splits().items() for f in run.gate(thresholds)]

    def gap(self) -> dict[str, dict[str, float]] | None:
        """tune - test per metric, for ours and the baseline (None without both halves)."""
        splits = self.splits()
        if "tune" not in splits or "test" not in splits:
            return None
        tune, test = splits["tune"].summary()["metrics"], splits["test"].summary()["metrics"]
        return {system: {k: round(tune[system][k] - test[system][k], 4) for k in GAP_KEYS} for system in tune}

    def summary(self) -> dict:
        corpus = self.spec.corpus.display() if self.spec.corpus else None
        splits = {}
        for name, run in self.splits().items():
            data = run.summary()
            splits[name] = {"questions": data["questions"], "metrics": data["metrics"]}
        out = {"questions": self.run.questions, "corpus": corpus, "index": self.index, "sync": self.sync,
               "gated": self.policy.gated, "splits": splits, "gap": self.gap()}
        if not self.policy.gated:
            out["note"] = self.policy.note
        if self.policy.held_out:
            out["held_out"] = True
        return out


@dataclass
class SuiteRun:
    backend: str
    datasets: list[DatasetRun]
    seconds: float = 0.0

    @property
    def questions(self) -> int:
        return sum(d.run.questions for d in self.datasets)

    def pooled(self) -> EvalRun:
        """Every question of every dataset as one run (the headline the UI shows)."""
        ours = SystemRun("ours", [r for d in self.datasets for r in d.run.ours.results])
        bases = [d.run.baseline for d in self.datasets]
        baseline = SystemRun("baseline", [r for b in bases for r in b.results]) if bases and all(bases) else None
        return EvalRun(backend=self.backend, ours=ours, baseline=baseline,
                       datasets=[d.spec.display() for d in self.datasets], seconds=self.seconds)

    def summary(self) -> dict:
        """The `advisor eval --json` object: the pooled metrics, then each dataset by split."""
        pooled = self.pooled().summary()
        return {**pooled, "datasets": {d.name: d.summary() for d in self.datasets}}

    def gate(self, thresholds: dict | None = None) -> tuple[list[SplitFailure], list[SplitFailure]]:
        """(failures of gated datasets, misses of report-only ones)."""
        thresholds = thresholds if thresholds is not None else load_thresholds()
        enforced, reported = [], []
        for dataset in self.datasets:
            (enforced if dataset.policy.gated else reported).extend(dataset.failures(thresholds))
        return enforced, reported


# -- running -----------------------------------------------------------------------------------
AdvisorFor = Callable[[DatasetSpec], tuple[object, str, str]]  # spec -> (advisor, index shown, sync note)


def index_advisor(settings) -> AdvisorFor:
    """The default: sync the dataset's corpus into its own index (evals/routing.py) and answer from
    it; a dataset without a declared corpus is answered from the index `settings` names."""
    from evals.routing import sync_corpus
    from rag.advisor import get_advisor

    def advisor_for(spec: DatasetSpec):
        if spec.corpus is None:
            return get_advisor(settings), settings.index_location(), "no corpus declared: the index --db names"
        own, report = sync_corpus(spec.corpus, settings)
        note = (f"Index synced: {report.documents} roadmaps, {report.chunks} passages; sources {report.added} added, "
                f"{report.updated} updated, {report.removed} removed, {report.unchanged} unchanged")
        return get_advisor(own), own.index_location(), note

    return advisor_for


def run_suite(specs: list[DatasetSpec], advisor_for: AdvisorFor, *, baseline: bool = True,
              progress: Progress | None = None, judge=None, thresholds: dict | None = None) -> SuiteRun:
    """Evaluate each dataset over its own corpus (ids must be unique across the datasets)."""
    started = time.perf_counter()
    load_datasets([s.path for s in specs])  # validates every file and the uniqueness of ids first
    thresholds = thresholds if thresholds is not None else load_thresholds()
    runs: list[DatasetRun] = []
    backend = ""
    for spec in specs:
        items: list[EvalItem] = load_dataset(spec.path)
        advisor, index, note = advisor_for(spec)
        run = run_eval(advisor, items, baseline=baseline, datasets=[spec.display()], progress=progress, judge=judge)
        backend = run.backend
        runs.append(DatasetRun(spec=spec, run=run, policy=gate_policy(thresholds, spec.name), index=index, sync=note))
    return SuiteRun(backend=backend, datasets=runs, seconds=round(time.perf_counter() - started, 1))
