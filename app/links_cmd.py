"""`advisor links check`: fetch every resource link of the index once and store what was found."""

from __future__ import annotations

import argparse
import json
import sys


def register(sub) -> None:
    links = sub.add_parser("links", help="check the index's resource links (the only command that goes online)")
    actions = links.add_subparsers(dest="links_command", required=True)
    check = actions.add_parser("check", help="fetch every resource URL once; store status, title and description")
    check.add_argument("--db", help="index directory (default: .advisor/index)")
    check.add_argument("--timeout", type=_positive, default=10.0, metavar="S", help="seconds per request (default 10)")
    check.add_argument("--concurrency", type=_count, default=8, metavar="N", help="requests at once (default 8)")
    check.add_argument("--deadline", type=_positive, default=300.0, metavar="S",
                       help="seconds for the whole check; links not reached by then keep their last result (default 300)")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.set_defaults(func=cmd_links_check)


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value <= 86400:
        raise argparse.ArgumentTypeError(f"{text!r}: give a number of seconds above 0")
    return value


def _count(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number from 1 to 64")
    return int(text)


def cmd_links_check(args: argparse.Namespace) -> int:
    from rag.link_check import CheckLimits, index_urls, run_link_check
    from rag.settings import get_settings

    settings = get_settings(db_dir=args.db)
    limits = CheckLimits(timeout_s=args.timeout, concurrency=args.concurrency, deadline_s=args.deadline)
    urls = index_urls(settings)
    if not urls:
        print(json.dumps(_empty(0) | {"offline": False}) if args.json else "The index holds no http(s) links to check.")
        return 0
    progress, close = _progress_bar(enabled=not args.json and sys.stderr.isatty())
    try:
        report = run_link_check(settings, limits, progress=progress, urls=urls)
    finally:
        close()
    if report.offline:
        if args.json:
            print(json.dumps(_empty(len(urls)) | {"offline": True, "message": report.offline_message()}))
        else:
            print(report.offline_message())
        return 0
    summary = report.summary
    if args.json:
        print(json.dumps(summary.to_json() | {"offline": False}, ensure_ascii=False))
        return 0
    _print_summary(summary, report.stored, settings)
    return 0


def _empty(links: int) -> dict:
    return {"checked": 0, "ok": 0, "redirected": 0, "broken": 0, "unreachable": 0, "unchecked": links,
            "seconds": 0.0, "problems": []}


def _progress_bar(enabled: bool):
    if not enabled:
        return (lambda *_: None), (lambda: None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress("Checking links", BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[counts]}"),
                   TimeElapsedColumn(), console=Console(stderr=True), transient=True)
    bar.start()
    task = bar.add_task("links", total=None, counts="")

    def update(done: int, total: int, counts: dict) -> None:
        text = " ".join(f"{name} {n}" for name, n in counts.items() if n)
        bar.update(task, completed=done, total=total or None, counts=text)

    return update, bar.stop


def _print_summary(summary, stored: bool, settings) -> None:
    from rich.console import Console
    from rich.table import Table

    from rag.link_health import LinkHealthStore

    console = Console()
    table = Table(title=f"Link check, {summary.checked_at:%Y-%m-%d %H:%M} UTC, {summary.seconds:.1f} s")
    for column in ("checked", "ok", "redirected", "broken", "unreachable", "unchecked"):
        table.add_column(column, justify="right")
    table.add_row(*(str(getattr(summary, c)) for c in ("checked", "ok", "redirected", "broken", "unreachable", "unchecked")))
    console.print(table)
    for problem in summary.problems[:40]:
        console.print(f"  {problem}", markup=False, highlight=False)
    if len(summary.problems) > 40:
        console.print(f"  … and {len(summary.problems) - 40} more (see --json)")
    if stored:
        console.print(f"Stored in {LinkHealthStore.for_settings(settings).path}; answers and cards use it now, "
                      "and fetched descriptions are indexed on the next `advisor ingest`.", markup=False, highlight=False)
