"""The question as the pipeline searches for it: what the user typed, the standalone query and the
intent (written by rag.rewrite, read by evidence gathering and the backends)."""

from __future__ import annotations

from pydantic import BaseModel

from rag.models import Intent


class StandaloneQuery(BaseModel):
    question: str  # what the user typed last
    query: str  # what retrieval searches for
    intent: Intent
    subject: str = ""  # the earlier question this one follows up on, if any
    subject_intent: Intent | None = None
    about: str = ""  # what the last answer was about, for "it" / "that one"
    injection: bool = False  # the message only tried to instruct the model: refused
    off_topic: float = 0.0  # similarity to the nearest questions the roadmaps do not answer (rag.understanding)
    on_topic: float = 0.0  # similarity to the nearest questions of the intents that answer (rag.understanding)
    ignored_instruction: bool = False  # an instruction around the real question was removed, not obeyed
    earlier: list[str] = []  # the user's earlier turns, for an intent that reads the conversation itself (a plan)
