"""Reports of an eval run: the Markdown report with its PNG charts, the answers file, the summary
the UI reads. Every dataset is reported by split, with the tune/test gap (evals/suite.py)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from evals.metrics import LATENCY_KEYS, QUALITY_KEYS, SUMMARY_KEYS
from evals.runner import EXTRA_K, EvalRun, QuestionResult, result_record
from evals.suite import DatasetRun, SplitFailure, SuiteRun

LABELS = {
    "retrieval_recall_at_k": "Retrieval recall@k",
    "mrr": "MRR",
    "citation_recall": "Citation recall",
    "citation_precision": "Citation precision",
    "keypoint_recall": "Key-point recall",
    "answerability_accuracy": "Answerability accuracy",
    "marker_validity": "Marker validity",
    "groundedness": "Groundedness",
    "search_recall_at_4": "Search recall@4 (the search's own first 4)",
    "search_cited_at_4": "Cited of those (share of what the search's first 4 found that the answer cites)",
    "search_topic_recall_at_4": "Search recall@4 of the groups search must find (next-stage groups left out)",
    "citations_median": "Median citations per answer",
    "latency_p50_ms": "Latency p50 (ms)",
    "latency_p95_ms": "Latency p95 (ms)",
    "judge_faithfulness": "LLM judge faithfulness",
}
SHORT = {
    "retrieval_recall_at_k": "retr. recall",
    "mrr": "MRR",
    "citation_recall": "cit. recall",
    "citation_precision": "cit. precision",
    "keypoint_recall": "key points",
    "answerability_accuracy": "answerability",
    "marker_validity": "markers",
    "groundedness": "grounded",
    "search_recall_at_4": "search@4",
    "search_cited_at_4": "cited of search@4",
    "search_topic_recall_at_4": "topic search@4",
}


def _fmt(value, key: str) -> str:
    if value is None:
        return "–"
    if key == "citations_median":
        return f"{value:.1f}"
    return f"{value:.0f}" if key.endswith("_ms") else f"{value:.3f}"


def _delta(ours, base, key: str) -> str:
    if ours is None or base is None:
        return ""
    diff = ours - base
    if key.endswith("_ms"):
        return f"{diff:+.0f}"
    if key == "citations_median":
        return f"{diff:+.1f}"
    return f"{diff:+.3f}"


def summary_rows(run: EvalRun) -> list[tuple[str, str, str, str]]:
    metrics = run.summary()["metrics"]
    ours, base = metrics["ours"], metrics.get("baseline")
    keys = list(SUMMARY_KEYS) + (["judge_faithfulness"] if "judge_faithfulness" in ours else [])
    rows = []
    for key in keys:
        b = base.get(key) if base else None
        rows.append((LABELS[key], _fmt(ours.get(key), key), _fmt(b, key) if base else "–", _delta(ours.get(key), b, key)))
    return rows


def extra_rows(run: EvalRun) -> list[tuple[str, str, str]]:
    ours = run.ours.extras()
    base = run.baseline.extras() if run.baseline else {}
    labels = {f"retrieval_recall_at_{EXTRA_K}": f"Retrieval recall@{EXTRA_K} (first {EXTRA_K} of the context)",
              "context_passages": "Passages in the context (k)", "citations_per_answer": "Citations per answer"}
    return [(labels[k], f"{ours[k]:.3f}" if "recall" in k else f"{ours[k]:.1f}",
             (f"{base[k]:.3f}" if "recall" in k else f"{base[k]:.1f}") if base else "–") for k in labels]


# -- chart ---------------------------------------------------------------------------------------
def render_chart(run: EvalRun, path: Path, title: str = "") -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    metrics = run.summary()["metrics"]
    ours, base = metrics["ours"], metrics.get("baseline")
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.2), gridspec_kw={"width_ratios": [4, 1]})
    positions = list(range(len(QUALITY_KEYS)))
    width = 0.38 if base else 0.6
    left.bar([p - (width / 2 if base else 0) for p in positions], [ours[k] for k in QUALITY_KEYS], width,
             label="ours", color="#2b6cb0")
    if base:
        left.bar([p + width / 2 for p in positions], [base[k] for k in QUALITY_KEYS], width, label="naive baseline",
                 color="#bbbbbb")
    left.set_xticks(positions, [SHORT[k] for k in QUALITY_KEYS], rotation=25, ha="right")
    left.set_ylim(0, 1.2)
    for container in left.containers:
        left.bar_label(container, fmt="%.2f", fontsize=7, padding=1)
    left.set_ylabel("score (higher is better)")
    left.set_title(f"{title or 'Quality'}: {run.questions} questions, backend {run.backend}")
    left.legend(loc="upper right", ncol=2, fontsize=8)
    left.grid(axis="y", alpha=0.3)
    lat = list(range(len(LATENCY_KEYS)))
    right.bar([p - (width / 2 if base else 0) for p in lat], [ours[k] for k in LATENCY_KEYS], width, color="#2b6cb0")
    if base:
        right.bar([p + width / 2 for p in lat], [base[k] for k in LATENCY_KEYS], width, color="#bbbbbb")
    for container in right.containers:
        right.bar_label(container, fmt="%.0f", fontsize=7, padding=1)
    right.set_xticks(lat, ["p50", "p95"])
    right.set_ylabel("ms (lower is better)")
    right.set_title("Latency")
    right.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


# -- markdown ------------------------------------------------------------------------------------
def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _kind_rows(run: EvalRun) -> list[list[str]]:
    ours = run.ours.by_kind()
    base = run.baseline.by_kind() if run.baseline else {}
    rows = []
    for kind in sorted(ours):
        row = [kind, str(ours[kind]["questions"])]
        for key in QUALITY_KEYS + ("latency_p50_ms",):
            o = _fmt(ours[kind].get(key), key)
            b = _fmt(base.get(kind, {}).get(key), key) if base else None
            row.append(o if b is None else f"{o} / {b}")
        rows.append(row)
    return rows


def _quote(text: str, limit: int = 700) -> str:
    text = text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
    return "\n".join("> " + line if line.strip() else ">" for line in text.splitlines())


def _worst_section(result: QuestionResult, base: QuestionResult | None, rank: int) -> str:
    item = result.item
    parts = [f"#### {rank}. `{item.id}` ({item.kind}, {item.split or 'no split'}): score {result.score:.2f}"]
    turns = " → ".join(f"“{t}”" for t in item.turns)
    parts.append(f"Asked: {turns}  \nExpected: {'an answer' if item.answerable else 'a refusal'}"
                 + (f"; cite groups {item.cite}" if item.cite else "") + (f"; mentions {item.mention}" if item.mention else ""))
    parts.append(f"Got ({'answered' if result.answer.answerable else 'refused'}, intent `{result.answer.intent}`, "
                 f"{len(result.answer.citations)} citations, {result.latency_ms:.0f} ms):")
    parts.append(_quote(result.answer.answer or "(empty)"))
    metric_line = ", ".join(f"{SHORT[k]} {_fmt(v, k)}" for k, v in result.metrics.items() if v is not None)
    parts.append(f"Metrics: {metric_line}")
    parts.append("What went wrong:\n" + ("\n".join(f"- {p}" for p in result.problems) or "- (nothing specific)"))
    if base is not None:
        parts.append(f"The baseline on the same question scored {base.score:.2f}"
                     + (f" ({'; '.join(base.problems[:2])})" if base.problems else "") + ".")
    return "\n\n".join(parts)


SPLIT_KEYS = ("citation_recall", "keypoint_recall", "answerability_accuracy", "groundedness", "citations_median")


def gate_cell(dataset: DatasetRun, split: str, failures: list[SplitFailure]) -> str:
    """The verdict of one split: pass / FAIL (metrics), `report only` for a dataset not yet gated,
    and nothing for the `all` row of a dataset gated per half."""
    if split not in dataset.gated_splits():
        return ""
    missed = sorted({f.failure.metric for f in failures if f.dataset == dataset.name and f.split == split})
    verdict = "pass" if not missed else "FAIL: " + ", ".join(missed)
    return verdict if dataset.policy.gated else f"report only ({'would pass' if not missed else 'would ' + verdict})"


def split_rows(suite: SuiteRun, failures: list[SplitFailure]) -> list[list[str]]:
    """Dataset | split | n | our key figures | the baseline's | gate, one row per dataset and split."""
    rows = []
    for dataset in suite.datasets:
        for split, run in dataset.splits().items():
            metrics = run.summary()["metrics"]
            ours, base = metrics["ours"], metrics.get("baseline", {})
            rows.append([dataset.name, split, str(run.questions)] + [_fmt(ours[k], k) for k in SPLIT_KEYS]
                        + [_fmt(base.get(k), k) if base else "–" for k in SPLIT_KEYS[:2] + SPLIT_KEYS[-1:]]
                        + [gate_cell(dataset, split, failures)])
    return rows


SPLIT_HEADER = (["Dataset", "Split", "n"] + [SHORT.get(k, "median cit.") for k in SPLIT_KEYS]
                + ["baseline cit. recall", "baseline key points", "baseline median cit.", "Gate"])


def gap_rows(dataset: DatasetRun) -> list[list[str]]:
    gap = dataset.gap()
    if gap is None:
        return []
    splits = dataset.splits()
    tune, test = splits["tune"].summary()["metrics"], splits["test"].summary()["metrics"]
    rows = []
    for key in QUALITY_KEYS + ("citations_median",):
        base = gap.get("baseline", {}).get(key)
        rows.append([LABELS[key], _fmt(tune["ours"][key], key), _fmt(test["ours"][key], key), _delta(tune["ours"][key], test["ours"][key], key),
                     _delta(tune["baseline"][key], test["baseline"][key], key) if base is not None else "–"])
    return rows


GAP_HEADER = ["Metric", "Ours, tune", "Ours, test", "Gap (tune − test)", "Baseline gap"]


WITHHELD = ("{n} frozen questions (a test half or a held-out set) are scored above but not shown one by one, "
            "so that nobody tunes on them; --show-held-out shows them")
# what a frozen question's line in --output keeps: enough to pool scores by kind, no text
FROZEN_FIELDS = ("kind", "split", "intent", "answerable", "backend", "metrics")


def _dataset_section(dataset: DatasetRun, failures: list[SplitFailure], chart_name: str | None,
                     reveal: bool = False) -> list[str]:
    run = dataset.run
    corpus = ", ".join(f"`{p}`" for p in dataset.spec.corpus.display()) if dataset.spec.corpus else "the index --db names"
    out = [f"## Dataset `{dataset.name}`" + ("" if dataset.policy.gated else f": {dataset.policy.note}"), "",
           f"{run.questions} questions from `{dataset.spec.display()}`, answered from {corpus} only (index `{dataset.index}`)."]
    if dataset.sync:
        out[-1] += f" {dataset.sync}."
    if chart_name:
        out += ["", f"![{dataset.name}: ours vs baseline]({chart_name})"]
    out += ["", _table(["Metric", "Ours", "Baseline", "Δ"], [list(r) for r in summary_rows(run)])]
    out += ["", "Not gated, for context:", "", _table(["Figure", "Ours", "Baseline"], [list(r) for r in extra_rows(run)])]
    if dataset.gap() is not None:
        out += ["", "### Tune/test gap", "", "The test half is frozen: nobody tunes on it (evals/datasets/README.md). "
                "A gap is what tuning bought that does not generalise.", "", _table(GAP_HEADER, gap_rows(dataset))]
    mine = [f for f in failures if f.dataset == dataset.name]
    out += ["", "### Gate", ""]
    if not dataset.policy.gated:
        out.append(f"**{dataset.policy.note}.** Measured and reported, not enforced"
                   + (": it would miss" if mine else ": it would pass") + ".")
    elif mine:
        out.append("**FAIL** against `evals/thresholds.toml`:")
    else:
        out.append("**Pass** on every gated split: every threshold holds and every quality metric is at least the baseline's.")
    out += [f"- {f.split}: {f.failure}" for f in mine]
    header = ["Kind", "n"] + [SHORT[k] for k in QUALITY_KEYS] + ["p50 ms"]
    out += ["", "### Per kind", "", "Each cell is ours / baseline; – where a metric does not apply to that kind.", "",
            _table(header, _kind_rows(run))]
    base_by_id = {r.item.id: r for r in run.baseline.results} if run.baseline else {}
    out += ["", "### The five worst questions", ""]
    if dataset.withheld(reveal):
        out += [f"{WITHHELD.format(n=dataset.withheld(reveal))}.", ""]
    for rank, result in enumerate(dataset.worst(5, reveal), 1):
        out += [_worst_section(result, base_by_id.get(result.item.id), rank), ""]
    out += [f"- {note}" for note in run.notes]
    return out


def markdown_report(suite: SuiteRun, enforced: list[SplitFailure], reported: list[SplitFailure],
                    charts: dict[str, str] | None = None, reveal: bool = False) -> str:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    charts = charts or {}
    out = [f"# Grounding eval: backend `{suite.backend}`", "",
           f"{now}. {suite.questions} questions in {len(suite.datasets)} dataset(s), each answered from its own corpus; "
           f"the run took {suite.seconds:.0f} s.", "", "## Datasets and splits", "",
           "Each dataset is scored as a whole and per half; the gate holds on each half separately (a dataset "
           "without splits: as a whole).", "", _table(SPLIT_HEADER, split_rows(suite, enforced + reported))]
    out += ["", "## Gate", ""]
    if enforced:
        out.append("**FAIL** against `evals/thresholds.toml`:")
        out += [f"- {f}" for f in enforced]
    else:
        out.append("**Pass**: every gated dataset meets `evals/thresholds.toml` on every gated split.")
    for dataset in suite.datasets:
        if not dataset.policy.gated:
            out.append(f"- `{dataset.name}`: {dataset.policy.note} (report only; "
                       f"{sum(1 for f in reported if f.dataset == dataset.name)} rules would miss).")
    for dataset in suite.datasets:
        out += [""] + _dataset_section(dataset, enforced + reported, charts.get(dataset.name), reveal)
    out += ["## Method", "",
            "- Metrics are defined in `evals/metrics.py`; a claim is supported per `rag/grounding.py` (word overlap, "
            "embedding similarity and a guard on numbers, calibrated in `tests/rag/test_grounding.py`).",
            "- Recall metrics count the answerable questions; precision and groundedness count the answers given; "
            "answerability, marker validity and latency count every question; median citations counts the answers given.",
            "- Recall@k uses each system's whole context (k differs: see the tables above); MRR follows the order in "
            "which the system returns that context.",
            "- Each dataset is answered from the corpus `evals/datasets/corpora.toml` names, synced into an index of "
            "its own (`evals/routing.py`); splits come from a hash of each question's id (`evals/dataset.py`).",
            "- The baseline is naive RAG as tutorials build it (`evals/baseline.py`): raw files, "
            "RecursiveCharacterTextSplitter 1000/100, dense top 4, same embedding model, same backend, no history, "
            "always answers, over the same corpus."]
    return "\n".join(out) + "\n"


# -- files ---------------------------------------------------------------------------------------
def write_report(suite: SuiteRun, enforced: list[SplitFailure], reported: list[SplitFailure], path: Path,
                 reveal: bool = False) -> list[Path]:
    """The Markdown report and one chart per dataset beside it (`<report>-<dataset>.png`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    charts = {d.name: render_chart(d.run, path.with_name(f"{path.stem}-{d.name}.png"), d.name) for d in suite.datasets}
    path.write_text(markdown_report(suite, enforced, reported, {k: v.name for k, v in charts.items()}, reveal),
                    encoding="utf-8")
    return [path, *charts.values()]


def write_output(suite: SuiteRun, path: Path, reveal: bool = False) -> Path:
    """One JSON line per question; a frozen question's line keeps its kind and scores, not its text."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for dataset in suite.datasets:
            run = dataset.run
            base_by_id = {r.item.id: r for r in run.baseline.results} if run.baseline else {}
            for result in run.ours.results:
                record = {"dataset": dataset.name, **result_record(result, base_by_id.get(result.item.id))}
                if not reveal and dataset.frozen(result.item):
                    record = {"dataset": dataset.name, "id": "(withheld)", **{k: record[k] for k in FROZEN_FIELDS}}
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def write_latest_summary(suite: SuiteRun, enforced: list[SplitFailure], reported: list[SplitFailure],
                         state_dir: Path, *, index: str = "") -> Path:
    """`<state_dir>/reports/latest-summary.json`: the --json summary plus when, what and the gate,
    for the UI to show the latest eval."""
    path = Path(state_dir) / "reports" / "latest-summary.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {**suite.summary(), "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "index": index, "gate": {"passed": not enforced, "failures": [str(f) for f in enforced],
                                     "report_only": [str(f) for f in reported]}}
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
    tmp.replace(path)
    return path
