"""The question as the pipeline searches for it: what the user typed, the standalone query and the
intent (written by rag.rewrite, read by evidence gathering and the backends)."""

from __future__ import annotations

from pydantic import BaseModel

from rag.models import Intent


class ConversationFocus(BaseModel):
    """The roadmap and stage a follow-up is about, resolved from the conversation (rag.focus): what
    evidence finding scopes to and anchors on, so "and after that one?" means the stage the earlier
    turn was about, in its roadmap."""

    doc_id: str
    stage_index: int | None = None  # None: the roadmap as a whole (the question's own words pick the stage)
    stage_title: str = ""
    after: bool = False  # the learner asks what follows the stage
    alone: bool = False  # the conversation is on this roadmap only (named, or the only one that matched)
    carried: bool = False  # the stage comes from the conversation ("tell me more"), not from the question's words
    parts: list[str] = []  # the parts (groups of stages) the words named, when they named a part, not a stage
    switched: bool = False  # the turn named another roadmap than the conversation was on


class StandaloneQuery(BaseModel):
    question: str  # what the user typed last (a misspelt pointer respelt: "any links for taht?" -> "that")
    asked: str = ""  # the question as the user typed it (never respelt), echoed in the answer
    query: str  # what retrieval searches for
    intent: Intent
    subject: str = ""  # the earlier question this one follows up on, if any
    subject_intent: Intent | None = None
    about: str = ""  # what the last answer was about, for "it" / "that one"
    led: str = ""  # the heading the last answer led with, when the index has it (rag.focus), for a follow-up
    injection: bool = False  # the message only tried to instruct the model: refused
    off_topic: float = 0.0  # similarity to the nearest questions the roadmaps do not answer (rag.understanding)
    closest_unanswered: float = 0.0  # similarity to the single nearest of those questions (rag.understanding)
    on_topic: float = 0.0  # similarity to the nearest questions of the intents that answer (rag.understanding)
    ignored_instruction: bool = False  # an instruction around the real question was removed, not obeyed
    earlier: list[str] = []  # the user's earlier turns, for an intent that reads the conversation itself (a plan)
    focus: ConversationFocus | None = None  # a follow-up's roadmap and stage, from the conversation
    follow_up: bool = False  # it needs the earlier turns to be understood, so it carries their subject (rag.rewrite)
