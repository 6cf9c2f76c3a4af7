"""`advisor eval`: run the dataset through our advisor and the naive baseline, print, write reports.

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
    from evals.dataset import default_datasets, load_datasets
    from evals.report import print_console, write_latest_summary, write_output, write_report
    from evals.runner import run_eval
    from rag.advisor import get_advisor
    from rag.settings import get_settings

    datasets = getattr(args, "dataset", None) or [str(p) for p in default_datasets()]
    items = load_datasets(datasets)
    settings = get_settings(db_dir=getattr(args, "db", None), backend=getattr(args, "backend", None))
    judge = None
    if getattr(args, "judge", False):
        from evals.judge import LLMJudge

        judge = LLMJudge.from_settings(settings)
    advisor = get_advisor(settings)
    quiet = bool(getattr(args, "json", False))
    progress = None if quiet or not sys.stderr.isatty() else _progress
    run_ = run_eval(advisor, items, baseline=not getattr(args, "no_baseline", False),
                    datasets=[_display(p) for p in datasets], progress=progress, judge=judge)
    failures = run_.gate()
    index = settings.index_location()
    written = []
    if getattr(args, "output", None):
        written.append(write_output(run_, Path(args.output)))
    if getattr(args, "report", None):
        written.extend(write_report(run_, failures, Path(args.report), index=index))
    try:
        written.append(write_latest_summary(run_, failures, settings.state_dir, index=index))
    except OSError as exc:  # a read-only state dir must not lose the printed results
        print(f"warning: cannot write the latest summary under {settings.state_dir}: {exc}", file=sys.stderr)
    if quiet:
        print(json.dumps(run_.summary()))
        return 0
    print_console(run_, failures)
    for path in written:
        print(f"wrote {path}")
    return 0


def _display(path) -> str:
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _progress(system: str, done: int, total: int) -> None:
    print(f"\r{system}: {done}/{total} questions", end="", file=sys.stderr, flush=True)
    if done == total:
        print(file=sys.stderr)
