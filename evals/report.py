"""Reports of an eval run: the console table, the Markdown report with its PNG chart, the files."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from evals.metrics import LATENCY_KEYS, QUALITY_KEYS, SUMMARY_KEYS, GateFailure
from evals.runner import EXTRA_K, EvalRun, QuestionResult, result_record

LABELS = {
    "retrieval_recall_at_k": "Retrieval recall@k",
    "mrr": "MRR",
    "citation_recall": "Citation recall",
    "citation_precision": "Citation precision",
    "keypoint_recall": "Key-point recall",
    "answerability_accuracy": "Answerability accuracy",
    "marker_validity": "Marker validity",
    "groundedness": "Groundedness",
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
}


def _fmt(value, key: str) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if key.endswith("_ms") else f"{value:.3f}"


def _delta(ours, base, key: str) -> str:
    if ours is None or base is None:
        return ""
    diff = ours - base
    if key.endswith("_ms"):
        return f"{diff:+.0f}"
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


# -- console -------------------------------------------------------------------------------------
def print_console(run: EvalRun, failures: list[GateFailure], console=None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    table = Table(title=f"Grounding eval: {run.questions} questions, backend {run.backend}")
    table.add_column("Metric")
    table.add_column("Ours", justify="right")
    table.add_column("Baseline", justify="right")
    table.add_column("Δ", justify="right")
    for row in summary_rows(run):
        table.add_row(*row)
    console.print(table)
    extra = Table(title="Not gated", show_header=True)
    extra.add_column("Figure")
    extra.add_column("Ours", justify="right")
    extra.add_column("Baseline", justify="right")
    for row in extra_rows(run):
        extra.add_row(*row)
    console.print(extra)
    if failures:
        console.print("[bold red]Gate: FAIL[/bold red]")
        for failure in failures:
            console.print(f"  - {failure}", markup=False, highlight=False)
    else:
        console.print("[bold green]Gate: pass[/bold green] (evals/thresholds.toml)")
    console.print("\n[bold]Worst questions[/bold]")
    for result in run.ours.worst(5):
        console.print(f"  {result.item.id} ({result.item.kind}, score {result.score:.2f})", markup=False, highlight=False)
        for problem in result.problems[:4]:
            console.print(f"      - {problem}", markup=False, highlight=False)


# -- chart ---------------------------------------------------------------------------------------
def render_chart(run: EvalRun, path: Path) -> Path:
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
    left.set_title(f"Quality: {run.questions} questions, backend {run.backend}")
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
    parts = [f"### {rank}. `{item.id}` ({item.kind}): score {result.score:.2f}"]
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


def markdown_report(run: EvalRun, failures: list[GateFailure], chart_name: str | None, *, index: str = "") -> str:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out = [f"# Grounding eval: backend `{run.backend}`", ""]
    source = ", ".join(f"`{d}`" for d in run.datasets) or "the given questions"
    out.append(f"{now}. {run.questions} questions from {source}" + (f", index `{index}`" if index else "")
               + f"; the run took {run.seconds:.0f} s.")
    if chart_name:
        out += ["", f"![ours vs baseline]({chart_name})"]
    out += ["", "## Summary", "", _table(["Metric", "Ours", "Baseline", "Δ"], [list(r) for r in summary_rows(run)])]
    out += ["", "Not gated, for context:", "", _table(["Figure", "Ours", "Baseline"], [list(r) for r in extra_rows(run)])]
    out += ["", "## Gate", ""]
    if failures:
        out.append("**FAIL** against `evals/thresholds.toml`:")
        out += [f"- {f}" for f in failures]
    else:
        out.append("**Pass**: every threshold in `evals/thresholds.toml` holds, and every quality metric is at least the baseline's.")
    header = ["Kind", "n"] + [SHORT[k] for k in QUALITY_KEYS] + ["p50 ms"]
    out += ["", "## Per kind", "", "Each cell is ours / baseline; – where a metric does not apply to that kind.", "",
            _table(header, _kind_rows(run))]
    base_by_id = {r.item.id: r for r in run.baseline.results} if run.baseline else {}
    out += ["", "## The five worst questions", ""]
    for rank, result in enumerate(run.ours.worst(5), 1):
        out += [_worst_section(result, base_by_id.get(result.item.id), rank), ""]
    out += ["## Method", "",
            "- Metrics are defined in `evals/metrics.py`; a claim is supported per `rag/grounding.py` (word overlap, "
            "embedding similarity and a guard on numbers, calibrated in `tests/rag/test_grounding.py`).",
            "- Recall metrics count the answerable questions; precision and groundedness count the answers given; "
            "answerability, marker validity and latency count every question.",
            "- Recall@k uses each system's whole context (k differs: see the table above); MRR follows the order in "
            "which the system returns that context.",
            "- The baseline is naive RAG as tutorials build it (`evals/baseline.py`): raw files, "
            "RecursiveCharacterTextSplitter 1000/100, dense top 4, same embedding model, same backend, no history, "
            "always answers."]
    out += [f"- {note}" for note in run.notes]
    return "\n".join(out) + "\n"


# -- files ---------------------------------------------------------------------------------------
def write_report(run: EvalRun, failures: list[GateFailure], path: Path, *, index: str = "") -> tuple[Path, Path]:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    chart = render_chart(run, path.with_suffix(".png"))
    path.write_text(markdown_report(run, failures, chart.name, index=index), encoding="utf-8")
    return path, chart


def write_output(run: EvalRun, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    base_by_id = {r.item.id: r for r in run.baseline.results} if run.baseline else {}
    with path.open("w", encoding="utf-8") as handle:
        for result in run.ours.results:
            handle.write(json.dumps(result_record(result, base_by_id.get(result.item.id)), ensure_ascii=False) + "\n")
    return path


def write_latest_summary(run: EvalRun, failures: list[GateFailure], state_dir: Path, *, index: str = "") -> Path:
    """`<state_dir>/reports/latest-summary.json`: the --json summary plus when, what and the gate,
    for the UI to show the latest eval."""
    path = Path(state_dir) / "reports" / "latest-summary.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {**run.summary(), "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "datasets": run.datasets, "index": index,
            "gate": {"passed": not failures, "failures": [str(f) for f in failures]}}
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
    tmp.replace(path)
    return path
