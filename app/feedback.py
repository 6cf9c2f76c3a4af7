"""Thumbs up/down on answers, kept in SQLite under the state directory, exportable as eval cases.

One row per rated answer (rating again replaces the row; clearing the rating deletes it). The export
turns rows into lines of the eval dataset format (evals/datasets/README.md), so real conversations
can become test cases:

- a 👍 answer becomes a regression case: `cite` holds the stages/resources it cited first (up to
  three groups), `answerable` is what the advisor decided;
- a 👎 answer becomes a case to review: `cite` and `mention` are left empty for a person to fill in,
  and a refused question rated 👎 is marked answerable (the user expected an answer).
"""

from __future__ import annotations

import json
import re
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timezone

from app.state_file import SqliteFile, unusable_file_is
from rag.errors import AdvisorError
from rag.intents import dataset_kind
from rag.models import Answer

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    question TEXT NOT NULL,
    history TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,
    intent TEXT NOT NULL,
    answerable INTEGER NOT NULL,
    backend TEXT NOT NULL,
    rating INTEGER NOT NULL
)
"""
MAX_CITE_GROUPS = 3


@dataclass
class FeedbackRow:
    id: str
    created_at: str
    question: str
    history: list[dict[str, str]]
    answer: str
    citations: list[dict]
    intent: str
    answerable: bool
    backend: str
    rating: int  # 1 = thumbs up, 0 = thumbs down


class FeedbackError(AdvisorError):
    """The feedback file cannot be opened or read (damaged, not a database, unreadable)."""


_translated = unusable_file_is(FeedbackError, "feedback")


class FeedbackStore(SqliteFile):
    FILE_NAME = "feedback.sqlite3"
    SCHEMA = SCHEMA

    @_translated
    def record(
        self, message_id: str, question: str, history: list[dict[str, str]], answer: Answer, rating: int | None
    ) -> None:
        """Store (or replace) the rating of one answer; `None` removes it."""
        with closing(self._connect()) as conn, conn:
            if rating is None:
                conn.execute("DELETE FROM feedback WHERE id = ?", (message_id,))
                return
            if rating not in (0, 1):
                raise ValueError(f"rating must be 0 (thumbs down) or 1 (thumbs up), not {rating!r}")
            citations = [c.model_dump() for c in answer.citations]
            conn.execute(
                "INSERT OR REPLACE INTO feedback VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    message_id,
                    datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    question,
                    json.dumps(history, ensure_ascii=False),
                    answer.answer,
                    json.dumps(citations, ensure_ascii=False),
                    answer.intent,
                    int(answer.answerable),
                    answer.backend,
                    rating,
                ),
            )

    @_translated
    def rows(self, rating: int | None = None) -> list[FeedbackRow]:
        if not self.path.exists():
            return []
        query = "SELECT * FROM feedback" + (" WHERE rating = ?" if rating is not None else "") + " ORDER BY created_at, id"
        with closing(self._connect()) as conn:
            fetched = conn.execute(query, (rating,) if rating is not None else ()).fetchall()
        return [
            FeedbackRow(
                id=r[0], created_at=r[1], question=r[2], history=json.loads(r[3]), answer=r[4],
                citations=json.loads(r[5]), intent=r[6], answerable=bool(r[7]), backend=r[8], rating=int(r[9]),
            )
            for r in fetched
        ]

    def counts(self) -> dict[str, int]:
        rows = self.rows()
        return {"up": sum(r.rating == 1 for r in rows), "down": sum(r.rating == 0 for r in rows)}

    def export_jsonl(self, rating: int | None = None) -> str:
        return "".join(json.dumps(to_eval_case(row), ensure_ascii=False) + "\n" for row in self.rows(rating))


def slug(text: str, words: int = 6) -> str:
    parts = re.findall(r"[a-z0-9]+", text.lower())[:words]
    return "-".join(parts) or "question"


def cite_group(section: str) -> str:
    """The part of a cited section an eval case should require: the stage ("Step 7: ...") for a
    roadmap passage, the resource name for a catalogue entry ("Resources > MLflow")."""
    parts = [p.strip() for p in section.split(">") if p.strip()]
    if not parts:
        return ""
    if parts[0].lower() == "resources" and len(parts) > 1:
        return parts[-1]
    return parts[0]


def cite_groups(answer_text: str, citations: list[dict], limit: int = MAX_CITE_GROUPS) -> list[list[str]]:
    by_id = {c["id"]: c for c in citations}
    order = [int(n) for n in re.findall(r"\[(\d+)\]", answer_text) if int(n) in by_id]
    order += [c["id"] for c in citations if c["id"] not in order]
    groups: list[list[str]] = []
    for number in order:
        group = cite_group(by_id[number].get("section", ""))
        if group and [group] not in groups:
            groups.append([group])
        if len(groups) == limit:
            break
    return groups


def to_eval_case(row: FeedbackRow) -> dict:
    turns = [t["content"] for t in row.history if t.get("role") == "user"] + [row.question]
    kind = "follow-up" if len(turns) > 1 else dataset_kind(row.intent)
    approved = row.rating == 1
    answerable = row.answerable or not approved  # a refusal rated down: the user expected an answer
    cite = cite_groups(row.answer, row.citations) if approved and row.answerable else []
    return {
        "id": f"feedback-{slug(row.question)}-{row.id[:6]}",
        "kind": kind,
        "turns": turns,
        "cite": cite,
        "mention": [],
        "answerable": answerable,
    }
