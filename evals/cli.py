"""`advisor eval`: run each dataset through our advisor and the naive baseline, each over its own
corpus (evals/datasets/corpora.toml), print, write reports.

Exit code 0 whenever the eval ran (its verdict is printed and stored: the gate *test* is what fails
CI, so that `advisor eval` on a custom dataset is not judged by thresholds set for ours); 1-2 for a
problem the user must fix (no index, bad dataset, judge without an endpoint).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def run(args: argparse.Namespace) -> int:
    from evals.console import print_console
    from evals.dataset import default_datasets
    from evals.report import write_latest_summary, write_output, write_report
    from evals.routing import dataset_spec
    from evals.suite import index_advisor, run_suite
    from rag.settings import get_settings

    datasets = getattr(args, "dataset", None) or [str(p) for p in default_datasets()]
    specs = [dataset_spec(p) for p in datasets]
    settings = get_settings(db_dir=getattr(args, "db", None), backend=getattr(args, "backend", None))
    judge = None
    if getattr(args, "judge", False):
        from evals.judge import LLMJudge

        judge = LLMJudge.from_settings(settings)
    quiet = bool(getattr(args, "json", False))
    progress = None if quiet or not sys.stderr.isatty() else _progress
    suite = run_suite(specs, index_advisor(settings), baseline=not getattr(args, "no_baseline", False),
                      progress=progress, judge=judge)
    enforced, reported = suite.gate()
    reveal = bool(getattr(args, "show_held_out", False))
    written = []
    if getattr(args, "output", None):
        written.append(write_output(suite, Path(args.output), reveal))
    if getattr(args, "report", None):
        written.extend(write_report(suite, enforced, reported, Path(args.report), reveal))
    try:
        written.append(write_latest_summary(suite, enforced, reported, settings.state_dir,
                                            index="; ".join(f"{d.name}: {d.index}" for d in suite.datasets)))
    except OSError as exc:  # a read-only state dir must not lose the printed results
        print(f"warning: cannot write the latest summary under {settings.state_dir}: {exc}", file=sys.stderr)
    if quiet:
        print(json.dumps(suite.summary()))
        return 0
    print_console(suite, enforced, reported, reveal=reveal)
    for path in written:
        print(f"wrote {path}")
    return 0


def _progress(system: str, done: int, total: int) -> None:
    print(f"\r{system}: {done}/{total} questions", end="", file=sys.stderr, flush=True)
    if done == total:
        print(file=sys.stderr)
