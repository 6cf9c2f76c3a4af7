"""The `advisor` command line. Heavy modules are imported inside commands so `--help` is instant;
project errors are translated to a one-line message and an exit code here, once."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path


def _settings(args: argparse.Namespace):
    from rag.settings import get_settings

    return get_settings(db_dir=getattr(args, "db", None), backend=getattr(args, "backend", None))


# -- ingest ----------------------------------------------------------------------------------
def cmd_ingest(args: argparse.Namespace) -> int:
    from ingest.pipeline import sync

    settings = _settings(args)
    paths = [Path(p) for p in args.paths] or [settings.corpus_dir]
    progress, close = _progress_bar(enabled=not args.json and sys.stderr.isatty())
    try:
        report = sync(paths, settings, rebuild=args.rebuild, prune=args.prune, progress=progress)
    finally:
        close()
    for skipped in report.skipped:
        print(f"warning: skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    if report.chunks == 0:
        print(f"warning: the index holds no passages: no readable roadmap in {', '.join(map(str, paths))} "
              "(Markdown, text, PDF or HTML, or a resources.yaml catalogue)", file=sys.stderr)
    if args.json:
        data = report.to_json()
        data["skipped"] = [s["path"] + ": " + s["reason"] for s in data["skipped"]]
        print(json.dumps(data))
        return 0
    # Plain lines, not a table: nine columns were cut to "docum…" and "seco…" in an 80-column terminal.
    print(f"Index synced: {settings.index_location()}")
    print(f"  {report.documents} roadmaps and {report.resources} resources: {report.chunks} passages")
    print(f"  sources: {report.added} added, {report.updated} updated, {report.removed} removed, "
          f"{report.unchanged} unchanged")
    if report.kept:
        print(f"  {report.kept} sources kept from other paths (not under {', '.join(map(str, paths))}; "
              "--prune removes them)")
    print(f"  {report.embedded} passages embedded in {report.seconds:.1f} s")
    return 0


def _progress_bar(enabled: bool):
    if not enabled:
        return (lambda *_: None), (lambda: None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), transient=True)
    bar.start()
    task = bar.add_task("Embedding passages", total=None)

    def update(stage: str, done: int, total: int) -> None:
        bar.update(task, completed=done, total=total or None)

    return update, bar.stop


# -- parser ----------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="advisor", description="AI/ML career advisor grounded in roadmap documents.")
    sub = parser.add_subparsers(dest="command", required=True)

    ingest = sub.add_parser("ingest", help="sync the index with roadmap files (default: corpus/)")
    ingest.add_argument("paths", nargs="*", help="files or folders of roadmaps (md, txt, rst, pdf, html) and catalogues (yaml)")
    ingest.add_argument("--db", help="index directory (default: .advisor/index)")
    ingest.add_argument("--rebuild", action="store_true", help="start the index over")
    ingest.add_argument("--prune", action="store_true",
                        help="also remove indexed sources that are not under the paths given (default: keep them)")
    ingest.add_argument("--json", action="store_true", help="print one JSON object")
    ingest.set_defaults(func=cmd_ingest)
    _add_answer_commands(sub)
    return parser


def _add_answer_commands(sub) -> None:
    """Commands that live in their own modules register here (kept out of import time)."""
    from app import commands, links_cmd, mcp_cmd, plan_cmd, roadmaps_cmd, serve_cmd

    for module in (commands, roadmaps_cmd, plan_cmd, serve_cmd, mcp_cmd, links_cmd):
        module.register(sub)


def _skip_shutdown_collections() -> None:
    """Python's shutdown runs full cyclic collections over every object the libraries, the store and
    the snapshot hold: measured 0.44-0.83 s after a cold `advisor ask` had printed its answer (0.05 s
    frozen). Freezing them last at exit skips that walk; objects are still freed by reference
    counting and every other exit handler runs first (handlers run last-registered first)."""
    import atexit
    import gc

    atexit.unregister(gc.freeze)  # once per process, however often main() runs in it
    atexit.register(gc.freeze)


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    _skip_shutdown_collections()
    args = build_parser().parse_args(argv)
    from rag.errors import AdvisorError

    try:
        return int(args.func(args) or 0)
    except AdvisorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
