"""The gate: the default backend on each of the project's datasets, each over its own corpus, on
each split, against evals/thresholds.toml.

Fails when any threshold is missed or any quality metric falls below the naive baseline measured in
the same run, and prints the summary and every question that falls short on a failing metric, with
what went wrong. Thresholds and datasets are not to be lowered to make this pass. A dataset that
thresholds.toml marks report-only (`gated = false`) is skipped here with its note; `gated = true`
turns its gate on, with nothing else to change.
"""

from __future__ import annotations

import pytest

from evals.dataset import default_datasets
from evals.metrics import QUALITY_KEYS
from evals.routing import dataset_spec
from evals.runner import EvalRun, load_thresholds
from evals.suite import gate_policy, run_suite

# the session fixture that holds each registered corpus's index (evals/datasets/corpora.toml)
ADVISOR_FIXTURE = {"seeds": "advisor", "dev": "dev_advisor"}


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


@pytest.mark.parametrize("dataset", default_datasets(), ids=lambda p: p.stem)
def test_default_backend_passes_the_gate(dataset, request):
    thresholds = load_thresholds()
    policy = gate_policy(thresholds, dataset.stem)
    if not policy.gated:
        pytest.skip(f"{dataset.stem}: {policy.note}")
    spec = dataset_spec(dataset)
    advisor = request.getfixturevalue(ADVISOR_FIXTURE[spec.corpus.name])
    suite = run_suite([spec], lambda _: (advisor, "", ""), thresholds=thresholds)
    run = suite.datasets[0]
    assert run.run.backend == "extractive" and run.run.questions >= 40
    failures = run.failures(thresholds)
    report = "\n".join(f"[{split}]" + explain(split_run, [f.failure for f in failures if f.split == split])
                       for split, split_run in run.gated_splits().items())
    print(report)
    assert not failures, report
