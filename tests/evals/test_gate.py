"""The gate: the default backend on the project's dataset, against evals/thresholds.toml.

Fails when any threshold is missed or any quality metric falls below the naive baseline measured in
the same run, and prints the summary and every question that falls short on a failing metric, with
what went wrong. Thresholds and dataset are not to be lowered to make this pass.
"""

from __future__ import annotations

from evals.dataset import load_datasets
from evals.metrics import QUALITY_KEYS
from evals.runner import EvalRun, load_thresholds, run_eval


def explain(run: EvalRun, failures) -> str:
    summary = run.summary()["metrics"]
    lines = ["", f"{'metric':<24}{'ours':>10}{'baseline':>10}"]
    for key in summary["ours"]:
        lines.append(f"{key:<24}{summary['ours'][key]:>10.4g}{summary.get('baseline', {}).get(key, float('nan')):>10.4g}")
    lines += ["", "gate failures:"] + [f"  - {f}" for f in failures]
    failing = {f.metric for f in failures if f.metric in QUALITY_KEYS}
    lines += ["", "questions below 1.0 on a failing metric:"]
    for result in sorted(run.ours.results, key=lambda r: r.item.id):
        short = {k: result.metrics[k] for k in failing if result.metrics.get(k) is not None and result.metrics[k] < 1.0}
        if short:
            lines.append(f"  {result.item.id} ({result.item.kind}): " + ", ".join(f"{k}={v:.3f}" for k, v in sorted(short.items())))
            lines += [f"      - {p}" for p in result.problems]
    return "\n".join(lines)


def test_default_backend_passes_the_gate(advisor):
    run = run_eval(advisor, load_datasets())
    assert run.backend == "extractive" and run.questions >= 40
    failures = run.gate(load_thresholds())
    report = explain(run, failures)
    print(report)
    assert not failures, report
