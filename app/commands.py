"""Sub-commands beyond ingest: ask, chat, eval, bench, app. Each imports its heavy modules lazily."""

from __future__ import annotations

import argparse
import json
import sys

from rag.backends import BACKENDS


def register(sub) -> None:
    ask = sub.add_parser("ask", help="answer one question from the roadmaps")
    ask.add_argument("question")
    ask.add_argument("--history", help='JSON file: [{"role": "user"|"assistant", "content": "..."}]')
    _common(ask)
    ask.add_argument("--json", action="store_true", help="print the answer object as JSON")
    ask.set_defaults(func=cmd_ask)

    chat = sub.add_parser("chat", help="an interactive chat in the terminal (/new resets, /sources shows passages)")
    _common(chat)
    chat.set_defaults(func=cmd_chat)

    evaluate = sub.add_parser("eval", help="run the grounding eval suite")
    evaluate.add_argument("--dataset", action="append", help="JSONL dataset (repeatable; default: evals/datasets/*.jsonl)")
    _common(evaluate)
    evaluate.add_argument("--output", help="write one answer object per question (JSONL)")
    evaluate.add_argument("--report", help="write a Markdown report (with a PNG chart beside it)")
    evaluate.add_argument("--no-baseline", action="store_true", help="skip the naive baseline")
    evaluate.add_argument("--judge", action="store_true", help="add an LLM judge (needs an OpenAI-compatible endpoint)")
    evaluate.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    evaluate.add_argument("--show-held-out", action="store_true",
                          help="show frozen questions (test halves, held-out sets) one by one in --output, "
                               "--report and the console; whoever reads them can no longer tune blind")
    evaluate.set_defaults(func=cmd_eval)

    bench = sub.add_parser("bench", help="measure speed and memory")
    bench.add_argument("--json", action="store_true")
    bench.add_argument("--scale", type=int, action="append", help="synthetic passages to test retrieval at (repeatable)")
    bench.add_argument("--db", help=argparse.SUPPRESS)
    bench.set_defaults(func=cmd_bench)

    app = sub.add_parser("app", help="start the Streamlit chat UI")
    app.add_argument("--host", default="127.0.0.1")
    app.add_argument("--port", type=int, default=8501)
    app.add_argument("--db", help="index directory (default: .advisor/index)")
    app.set_defaults(func=cmd_app)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backend", choices=BACKENDS, help="extractive (default, offline), openai or local")
    parser.add_argument("--db", help="index directory (default: .advisor/index)")


def _advisor(args: argparse.Namespace):
    from rag.advisor import get_advisor
    from rag.settings import get_settings

    return get_advisor(get_settings(db_dir=args.db, backend=args.backend))


def load_history(path: str | None) -> list[dict[str, str]]:
    from rag.errors import InvalidQuestionError

    if not path:
        return []
    from rag.bounded_json import MAX_HISTORY_BYTES, loads, read_limited

    try:
        data = loads(read_limited(path, MAX_HISTORY_BYTES))
    except ValueError as exc:
        raise InvalidQuestionError(f"Cannot read the history file {path}: {exc}") from exc
    if not isinstance(data, list):
        raise InvalidQuestionError('The history file must hold a JSON list of {"role", "content"} objects.')
    return data


def cmd_ask(args: argparse.Namespace) -> int:
    history = load_history(args.history)
    advisor = _advisor(args)
    answer = advisor.answer(args.question, history)
    if args.json:
        print(json.dumps(answer.to_contract(), ensure_ascii=False))
    else:
        print_answer(answer)
    return 0


def print_answer(answer, *, show_passages: bool = False) -> None:
    from rich.console import Console
    from rich.markdown import Markdown

    from rag.link_health import resource_notes
    from rag.literal_refs import plain_refs

    console = Console()
    if answer.notice:
        console.print(f"[yellow]{answer.notice}[/yellow]")
    console.print(Markdown(answer.answer))
    if answer.citations:
        console.print("\n[bold]Sources[/bold]")
        for c in answer.citations:
            console.print(f"  [{c.id}] {c.title} > {c.section}", markup=False, highlight=False)
            if show_passages:
                text = plain_refs(c.text)  # plain text, not Markdown: a document's "\\[1\\]" shows as "[1]"
                console.print("      " + text.replace("\n", "\n      "), markup=False, highlight=False)
    if answer.resources:
        console.print("\n[bold]Resources[/bold]")
        for r in answer.resources:
            details = ", ".join(x.replace("-", " ") for x in (r.kind, r.cost) if x and x != "unknown")  # known only
            console.print(f"  {r.title}{f' ({details})' if details else ''}: {r.url}  [{r.citation}]", markup=False, highlight=False)
            for note in resource_notes(r):
                console.print(f"      {note}", markup=False, highlight=False)
    if answer.grounding and answer.grounding.unsupported:
        console.print("\n[yellow]Not supported by the cited passages:[/yellow]")
        for sentence in answer.grounding.unsupported:
            console.print(f"  - {sentence}", markup=False)


def cmd_chat(args: argparse.Namespace) -> int:
    from rag.errors import InvalidQuestionError

    advisor = _advisor(args)
    history: list[dict[str, str]] = []
    last = None
    print("Ask about AI/ML learning paths. Commands: /new (reset), /sources (show passages), /quit.")
    while True:
        try:
            question = input("\nyou> ").strip()
        except EOFError:
            print()
            return 0
        if question in {"/quit", "/exit"}:
            return 0
        if question == "/new":
            history, last = [], None
            print("(new conversation)")
            continue
        if question == "/sources":
            if last is None:
                print("(no answer yet)")
            else:
                print_answer(last, show_passages=True)
            continue
        try:
            last = advisor.answer(question, history)
        except InvalidQuestionError as exc:
            print(f"error: {exc}", file=sys.stderr)
            continue
        print_answer(last)
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": last.answer}]


def cmd_eval(args: argparse.Namespace) -> int:
    from evals.cli import run

    return run(args)


def cmd_bench(args: argparse.Namespace) -> int:
    from evals.bench.run import run

    return run(args)


def cmd_app(args: argparse.Namespace) -> int:
    from app.launch import run

    return run(args)
