"""Follow-up questions rewritten into standalone queries, deterministically, from the history.

"How does computer vision compare?" after a question on the NLP & LLMs option becomes a query that
names both; "Any resources for that?" after "what comes after deep learning?" keeps the earlier
question as its subject so the answerer can find the resources of those next steps.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from rag.intents import classify, is_injection
from rag.models import Intent
from rag.text import content_terms

FOLLOW_UP = re.compile(
    r"^\s*(and|also|what about|how about|ok(ay)?|so|then|but)\b|"
    r"\b(that|those|these|them|it|its|this one|there|the same|either|both|which one|the other|each|every)\b|"
    r"\bcompare\??\s*$|\bcompares?\b\s*\??$|\b(any|some) (resources|links|courses|books)\b",
    re.IGNORECASE,
)


PRONOUN = re.compile(r"\b(it|that one|this one|them)\b", re.IGNORECASE)


class StandaloneQuery(BaseModel):
    question: str  # what the user typed last
    query: str  # what retrieval searches for
    intent: Intent
    subject: str = ""  # the earlier question this one follows up on, if any
    subject_intent: Intent | None = None
    about: str = ""  # what the last answer was about, for "it" / "that one"
    injection: bool = False


def user_turns(history: list[dict[str, str]]) -> list[str]:
    return [turn.get("content", "") for turn in history if turn.get("role") == "user" and turn.get("content")]


def needs_context(question: str) -> bool:
    own_terms = content_terms(question)
    return bool(FOLLOW_UP.search(question)) and len(own_terms) <= 3 or not own_terms


def rewrite(question: str, history: list[dict[str, str]]) -> StandaloneQuery:
    intent = classify(question)
    injection = is_injection(question)
    earlier = [turn for turn in user_turns(history) if not is_injection(turn)]
    if injection or not earlier or not needs_context(question):
        return StandaloneQuery(question=question, query=question, intent=intent, injection=injection)
    subject = earlier[-1]
    # A follow-up of a follow-up: keep walking back to the turn that named a topic.
    for turn in reversed(earlier):
        if not needs_context(turn):
            subject = turn
            break
    subject_intent = classify(subject)
    if intent == "fact" and subject_intent in {"next_step", "compare", "resources"} and not content_terms(question):
        intent = subject_intent
    carried = content_terms(subject)
    about = ""
    if PRONOUN.search(question) and history and history[-1].get("role") == "assistant":
        # "what would I learn in it?": 'it' is what the last answer put first
        first_heading = re.search(r"\*\*(.+?)\*\*", history[-1].get("content", ""))
        if first_heading:
            about = first_heading.group(1)
            carried = content_terms(about) + carried
    query = f"{question} {' '.join(dict.fromkeys(carried))}".strip()
    return StandaloneQuery(
        question=question, query=query, intent=intent, subject=subject, subject_intent=subject_intent, about=about
    )
