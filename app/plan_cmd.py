"""`advisor plan`: a cited, week-by-week learning plan, printed, as JSON, or written as Markdown and
iCalendar files. It reads the index's records only: no embedding model is loaded."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from rag.plan.models import MAX_HOURS_PER_WEEK, MAX_WEEKS


def register(sub) -> None:
    plan = sub.add_parser("plan", help="a cited, week-by-week learning plan from your goal, skills and time")
    plan.add_argument("--goal", help='the role you aim for, in your words: "generative AI engineer"')
    plan.add_argument("--roadmap", help="plan this roadmap (its title or its file name without extension)")
    plan.add_argument("--know", type=_names, default=[], help="skills you have, comma-separated: python,sql,git")
    plan.add_argument("--done", type=_names, default=[], help='stages you finished, comma-separated: "Step 1,Step 3"')
    plan.add_argument("--hours-per-week", type=_hours, default=10.0, help="study hours a week (default 10)")
    plan.add_argument("--weeks", type=_weeks, default=12, help="how many weeks the plan covers (default 12)")
    plan.add_argument("--start", type=_date, help="the first day of week 1, YYYY-MM-DD (default: today, for files)")
    plan.add_argument("--free-only", action="store_true", help="free resources first, none known to be paid")
    plan.add_argument("--db", help="index directory (default: .advisor/index)")
    plan.add_argument("--json", action="store_true", help="print the plan object as JSON")
    plan.add_argument("--ics", metavar="FILE", help="also write the plan as an iCalendar file (one event per stage)")
    plan.add_argument("--markdown", metavar="FILE", help="also write the plan as a Markdown file with its sources")
    plan.set_defaults(func=cmd_plan)


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _hours(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of hours") from None
    if not 0 < value <= MAX_HOURS_PER_WEEK:
        raise argparse.ArgumentTypeError(f"give between 0 and {MAX_HOURS_PER_WEEK:g} hours a week, not {text}")
    return value


def _weeks(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of weeks") from None
    if not 1 <= value <= MAX_WEEKS:
        raise argparse.ArgumentTypeError(f"give between 1 and {MAX_WEEKS} weeks, not {text}")
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-01-05") from None


def cmd_plan(args: argparse.Namespace) -> int:
    from rag.plan import PlanLibrary, PlanRequest, build_plan
    from rag.settings import get_settings
    from rag.stores import open_store

    request = PlanRequest(goal=args.goal, roadmap=args.roadmap, known=args.know, done=args.done,
                          hours_per_week=args.hours_per_week, weeks=args.weeks, start=args.start,
                          free_only=args.free_only)
    store = open_store(get_settings(db_dir=args.db)).open_for_read()
    plan = build_plan(request, PlanLibrary.from_store(store))
    start = request.start or dt.date.today()
    if args.markdown:
        from rag.plan.render import plan_document

        write_file(args.markdown, plan_document(plan, start=request.start).encode("utf-8"))
    if args.ics:
        from rag.plan.calendar import plan_calendar

        write_file(args.ics, plan_calendar(plan, start))
        if request.start is None:
            print(f"note: the calendar's week 1 starts today, {start.isoformat()}; choose another day with --start",
                  file=sys.stderr)
    if args.json:
        print(json.dumps(plan.to_contract(), ensure_ascii=False))
    else:
        print_plan(plan)
    return 0


def write_file(path: str, data: bytes) -> None:
    """Write whole or not at all: a full disk or a bad folder leaves any earlier file as it was."""
    from rag.errors import PlanRequestError

    target = Path(path)
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, target)
    except OSError as exc:
        if partial.parent.is_dir():
            partial.unlink(missing_ok=True)
        raise PlanRequestError(f"Cannot write {path}: {exc.strerror or exc}") from exc


def print_plan(plan) -> None:
    from rich.console import Console
    from rich.markdown import Markdown

    console = Console()
    console.print(Markdown(plan.answer, hyperlinks=False))  # a link shows its URL in any terminal
    if plan.citations:
        console.print("\n[bold]Sources[/bold]")
        for c in plan.citations:
            console.print(f"  [{c.id}] {c.title} > {c.section}", markup=False, highlight=False)
