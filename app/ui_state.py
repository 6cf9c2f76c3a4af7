"""What the Streamlit script needs besides rendering: loading an advisor without letting an error
escape, choosing the backend to answer with (falling back to extractive), the last sync time, the
latest eval summary, and the chat history handed to the advisor. No Streamlit imports here.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from rag.errors import AdvisorError, IndexMissingError
from rag.settings import Settings

LAST_SYNC_FILE = "last-sync.json"
EVAL_SUMMARY = Path("reports") / "latest-summary.json"


@dataclass
class Loaded:
    """An advisor, or the reason there is none (kept so that a failure is not retried every rerun)."""

    advisor: Any = None
    error: str | None = None
    missing_index: bool = False

    @property
    def ok(self) -> bool:
        return self.advisor is not None


def fingerprint(settings: Settings) -> str:
    """A cache key for everything that changes the advisor (the API key hashed, never shown)."""
    data = settings.model_dump(mode="json")
    secret = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
    data["openai_api_key"] = hashlib.sha256(secret.encode()).hexdigest()[:16] if secret else None
    data["db_dir"] = str(Path(settings.db_dir).resolve())
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def load_advisor(settings: Settings, build: Callable[[Settings], Any] | None = None) -> Loaded:
    """Build the advisor for these settings; AdvisorErrors and a backend module that is not there
    (ImportError) become a message instead of an exception."""
    if build is None:
        from rag.advisor import get_advisor as build
    try:
        advisor = build(settings)
        warm_up(advisor)
        return Loaded(advisor=advisor)
    except IndexMissingError as exc:
        return Loaded(error=str(exc), missing_index=True)
    except AdvisorError as exc:
        return Loaded(error=str(exc))
    except ImportError as exc:
        return Loaded(error=f"the {settings.backend} backend is not available in this installation ({exc}).")


def load_backend(advisor, name: str) -> Loaded:
    """The advisor with its backend `name` built (once; the advisor keeps it). A backend that
    cannot start becomes a message, as in `load_advisor`."""
    try:
        advisor.backend(name)
        return Loaded(advisor=advisor)
    except AdvisorError as exc:
        return Loaded(error=str(exc))
    except ImportError as exc:
        return Loaded(error=f"the {name} backend is not available in this installation ({exc}).")


def warm_up(advisor) -> None:
    """Load the embedding model now (it loads lazily), so the first question is as fast as the rest."""
    embedder = getattr(advisor, "embedder", None)
    if embedder is not None and hasattr(embedder, "embed_query"):
        embedder.embed_query("warm up")


@dataclass
class Choice:
    """The advisor that will answer, its backend, and why it is not the requested one (if not)."""

    advisor: Any
    backend: str
    fallback: str | None = None


def choose(requested: str, extractive: Loaded, status_usable: bool, status_message: str,
           load_requested: Callable[[], Loaded]) -> Choice:
    """Use the requested backend when its checks pass and it loads; otherwise extractive, with why."""
    if requested == "extractive":
        return Choice(extractive.advisor, "extractive")
    if not status_usable:
        return Choice(extractive.advisor, "extractive", status_message)
    loaded = load_requested()
    if not loaded.ok:
        return Choice(extractive.advisor, "extractive", f"The {requested} backend could not start: {loaded.error}")
    return Choice(loaded.advisor, requested)


# -- index sync -------------------------------------------------------------------------------
def record_sync(settings: Settings, report) -> None:
    path = Path(settings.state_dir) / LAST_SYNC_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    data = report.to_json() if hasattr(report, "to_json") else dict(report)
    data["finished_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    data["index"] = settings.index_location()
    data["skipped"] = [s["path"] + ": " + s["reason"] if isinstance(s, dict) else str(s) for s in data.get("skipped", [])]
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def last_sync(settings: Settings) -> datetime | None:
    """When the index was last synced: the record this app writes, else the index file's mtime."""
    path = Path(settings.state_dir) / LAST_SYNC_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("index") in (None, settings.index_location()):
            return datetime.fromisoformat(data["finished_at"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    from rag.stores import open_store

    modified = open_store(settings).modified_at()
    return None if modified is None else datetime.fromtimestamp(modified, tz=timezone.utc)


def ago(moment: datetime | None, now: datetime | None = None) -> str:
    if moment is None:
        return "unknown"
    now = now or datetime.now(timezone.utc)
    seconds = max(0, int((now - moment).total_seconds()))
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count > 1 else ''} ago"
    return "just now"


# -- eval summary -----------------------------------------------------------------------------
def eval_summary(settings: Settings) -> tuple[Path, dict] | None:
    """The latest eval summary (written by `advisor eval`), from the state dir or ./reports."""
    for path in (Path(settings.state_dir) / EVAL_SUMMARY, EVAL_SUMMARY):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            return path, data
    return None


METRIC_LABELS = {
    "retrieval_recall_at_k": "Retrieval recall@k",
    "mrr": "MRR",
    "citation_recall": "Citation recall",
    "citation_precision": "Citation precision",
    "keypoint_recall": "Key-point recall",
    "answerability_accuracy": "Answerability",
    "marker_validity": "Valid [n] markers",
    "groundedness": "Groundedness",
    "judge_faithfulness": "Judge faithfulness",
    "latency_p50_ms": "Latency p50",
    "latency_p95_ms": "Latency p95",
}


@dataclass
class EvalView:
    """What the sidebar shows of an eval summary."""

    passed: bool | None
    headline: str
    rows: list[tuple[str, str, str]]  # (metric, ours, baseline)
    failures: list[str]
    generated_at: datetime | None


def metric_value(key: str, value) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if key.endswith("_ms"):
        return f"{value:,.0f} ms"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def eval_view(data: dict) -> EvalView:
    """The summary `advisor eval` writes ({questions, backend, metrics: {ours, baseline}, gate, ...});
    any other JSON object is shown as flattened key/value rows."""
    metrics = data.get("metrics") if isinstance(data.get("metrics"), dict) else None
    gate = data.get("gate") if isinstance(data.get("gate"), dict) else {}
    passed = gate.get("passed") if isinstance(gate.get("passed"), bool) else None
    try:
        generated = datetime.fromisoformat(str(data["generated_at"])) if data.get("generated_at") else None
    except ValueError:
        generated = None
    parts = [f"{data['questions']} questions" if isinstance(data.get("questions"), int) else "",
             f"{data['backend']} backend" if isinstance(data.get("backend"), str) else ""]
    headline = " · ".join(p for p in parts if p)
    if metrics and isinstance(metrics.get("ours"), dict):
        ours = metrics["ours"]
        baseline = metrics.get("baseline") if isinstance(metrics.get("baseline"), dict) else {}
        rows = [(METRIC_LABELS.get(k, k.replace("_", " ").capitalize()), metric_value(k, v),
                 metric_value(k, baseline.get(k)) if baseline else "")
                for k, v in ours.items()]
    else:
        rows = [(k, v, "") for k, v in flatten(data, depth=3)]
    failures = [str(f) for f in gate.get("failures", []) if f] if isinstance(gate.get("failures"), list) else []
    return EvalView(passed, headline, rows, failures, generated)


def flatten(data: dict, prefix: str = "", depth: int = 2) -> list[tuple[str, str]]:
    """Key/value rows of a summary: scalars as they are, nested objects flattened with dots."""
    rows: list[tuple[str, str]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and depth > 1:
            rows.extend(flatten(value, name + ".", depth - 1))
        elif isinstance(value, float):
            rows.append((name, f"{value:.3f}".rstrip("0").rstrip(".") if value % 1 else str(int(value))))
        elif isinstance(value, (int, str, bool)) or value is None:
            rows.append((name, str(value)))
        elif isinstance(value, list):
            rows.append((name, f"{len(value)} items"))
    return rows


# -- chat -------------------------------------------------------------------------------------
def history(messages: list[dict]) -> list[dict[str, str]]:
    """The earlier turns in the advisor's format (answers as their Markdown, errors left out)."""
    turns = []
    for message in messages:
        if message["role"] == "user":
            turns.append({"role": "user", "content": message["content"]})
        elif message.get("answer") is not None:
            turns.append({"role": "assistant", "content": message["answer"].answer})
    return turns


def strip_suggestions(text: str, suggestions: list[str]) -> str:
    """The answer without its trailing "You could ask:" list when those questions become buttons."""
    if not suggestions:
        return text
    wanted = {s.strip().lower() for s in suggestions}
    lines = text.rstrip().splitlines()
    while lines and lines[-1].lstrip("-*• ").strip().lower() in wanted:
        lines.pop()
    if lines and re.fullmatch(r"\s*(you could ask|try asking|you might ask)[^\n]*:\s*", lines[-1], re.I):
        lines.pop()
    return "\n".join(lines).rstrip()


_BOLD_LINE = re.compile(r"^\*\*[^*\n]+\*\*$")


def paragraphs(text: str) -> str:
    """A line that is all bold (a roadmap's name heading its part of an answer) ends its paragraph,
    instead of running into the next line."""
    lines = text.split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        if _BOLD_LINE.match(line.strip()) and i + 1 < len(lines) and lines[i + 1].strip():
            out.append("")
    return "\n".join(out)


def stream_paragraphs(pieces: Iterable[str]) -> Iterator[str]:
    """`paragraphs` applied to a stream. Text passes through at once, except a line that starts
    with `*`, which is held until it ends (it may be an all-bold line)."""
    held = ""  # the start of the current line, while it may still be an all-bold line
    at_line_start = True
    for piece in pieces:
        out: list[str] = []
        text = held + piece
        held = ""
        while text:
            if at_line_start and text.lstrip(" ").startswith("*"):
                if "\n" not in text:
                    held = text
                    break
                line, text = text.split("\n", 1)
                out.append(line + ("\n\n" if _BOLD_LINE.match(line.strip()) else "\n"))
                continue
            newline = text.find("\n")
            if newline == -1:
                out.append(text)
                at_line_start = False
                break
            out.append(text[: newline + 1])
            text = text[newline + 1 :]
            at_line_start = True
        if out:
            yield "".join(out)
    if held:
        yield held


def new_id() -> str:
    return uuid.uuid4().hex[:12]
