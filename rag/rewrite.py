"""Follow-up questions rewritten into standalone queries, deterministically, from the history.

"How does computer vision compare?" after a question on the NLP & LLMs option becomes a query that
names both; "Any resources for that?" after "what comes after deep learning?" keeps the earlier
question as its subject so the answerer can find the resources of those next steps. Only the user's
turns are read here; what the last answer was about comes from rag.focus, which lets an answer's
text choose only among the index's own stages.
"""

from __future__ import annotations

import logging
import re
from typing import Callable

from rag.ellipsis import elliptic, only_a_part
from rag.intents import is_injection
from rag.intents.injection import Judge, strip_injection
from rag.intents.registry import REFUSAL, classify, continuing, unit
from rag.ordinals import LIST_NOUNS, ORDINAL_WORDS
from rag.query import StandaloneQuery
from rag.scope_types import asks_outcome
from rag.spelling import respell, respell_pointers
from rag.text import content_terms

log = logging.getLogger(__name__)

FOLLOW_UP = re.compile(
    r"^\s*(and|also|what about|how about|what if|ok(ay)?|so|then|but|no|nope|sorry|actually)\b|"
    r"\b(that|those|these|them|they|their|it|its|this one|there|the same|either|both|which one|the other|each|every)\b|"
    r"\bi meant?\b|\bthe (" + ORDINAL_WORDS + r"|next|previous) (two|three|" + LIST_NOUNS + r")s?\b|"
    r"\bcompare\??\s*$|\bcompares?\b\s*\??$|\b(any|some) (resources|links|courses|books)\b",
    re.IGNORECASE,
)
# "the re-ranker one", "the CS one": one of those the conversation is on, when the conversation said
# its word; read alone, not an ordinal, a superlative or a quality ("the number one skill", "the
# easiest one", "the hard ones" ask their own question)
THE_ONE = re.compile(r"\bthe ([\w-]+) ones?\b", re.IGNORECASE)
NOT_A_KIND = re.compile(
    r"(number|only|same|best|worst|right|wrong|first|last|next|other|main|\w{2,}est|hard|easy|good|bad|big|small|"
    r"new|old|simple|important|popular|useful|free|cheap|quick|short|long|top|real|whole|single|"
    r"better|worse|easier|harder|faster|cheaper|shorter|longer|bigger|smaller)",
    re.IGNORECASE)
# "what about X?" / "how about X?" name a new subject for the earlier question; they ask nothing new.
ABOUT = re.compile(r"\b(what|how) about\b", re.I)
# A question word or a request verb: the follow-up asks its own question ("why?", "how long does it
# take?", "tell me more"), so its own words decide what it wants.
ASKS = re.compile(r"\b(what|whats|which|how|why|when|where|who|is|are|does|do|did|can|could|should|will|would|"
                  r"tell|explain|describe|show|list|give)\b", re.I)


PRONOUN = re.compile(r"\b(it|that one|this one|them)\b", re.IGNORECASE)


def user_turns(history: list[dict[str, str]]) -> list[str]:
    return [turn.get("content", "") for turn in history if turn.get("role") == "user" and turn.get("content")]


def earlier_questions(history: list[dict[str, str]], judge: Judge | None = None) -> list[str]:
    """The user's earlier questions, each without an instruction injected into it; a turn that was
    nothing but an instruction is left out (it was refused, it names no topic to carry)."""
    questions = []
    for turn in user_turns(history):
        real, ignored = strip_injection(turn, judge)
        if not ignored or real != turn:
            questions.append(real)
    return questions


def elliptical(question: str) -> bool:
    """A follow-up with no question of its own ("and for NLP?", "what about the CS one?", "no, I
    meant the data science one"): it asks the earlier question again, of what its words name."""
    return not ASKS.search(ABOUT.sub(" ", question))


def said_words(texts: list[str]) -> set[str]:
    """The words a conversation has said, as "the X one" is compared with them ("re-rankers" says "reranker")."""
    return {_word(w) for text in texts for w in re.findall(r"[\w-]+", text)}


def _word(word: str) -> str:
    word = word.lower().replace("-", "")
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _points_back(question: str, said: set[str] | None) -> bool:
    if FOLLOW_UP.search(question):
        return True
    for match in THE_ONE.finditer(question):
        kind = match.group(1)
        if (_word(kind) in said) if said is not None else not NOT_A_KIND.fullmatch(kind):
            return True
    return False


def needs_context(question: str, said: set[str] | None = None) -> bool:
    """A turn that points back, that names no topic of its own ("for how long tho?": rag.ellipsis),
    or only a numbered part of the roadmap the conversation is on ("how long is week 4?"). `said`:
    the words the conversation said before it, when known ("the re-ranker one" points back only
    to a re-ranker it named)."""
    own_terms = content_terms(question)
    return (_points_back(question, said) and len(own_terms) <= 3 or not own_terms or elliptic(question)
            or only_a_part(question))


def rewrite(question: str, history: list[dict[str, str]], judge: Judge | None = None) -> StandaloneQuery:
    """The standalone query; `judge` reads pieces of a message by meaning for instructions the exact
    rules do not name (rag.instruction_reader), so search and intent run on the real question only."""
    real, ignored = strip_injection(question, judge)  # `real`: what the answer echoes as asked (never respelt)
    injection = ignored and real == question  # nothing but an instruction
    earlier = earlier_questions(history, judge)
    question = respell_pointers(real) if earlier else real  # "any links for taht?" points back, in a conversation
    question = respell(question)  # "waht comes aftr it?": its frame words read as meant, for intent, meaning and search
    intent = REFUSAL.name if injection else classify(question)  # the judge may have seen what the rules did not
    if not injection and earlier:
        intent = continuing(question, earlier) or intent
    said = said_words([turn.get("content", "") for turn in history])
    if injection or not earlier or not needs_context(question, said):
        return StandaloneQuery(question=question, asked=real, query=question, intent=intent, injection=injection,
                               ignored_instruction=ignored and not injection, earlier=earlier)
    # needs_context held: the turn is a follow-up, searched with the subject it carries
    subject = earlier[-1]
    # A follow-up of a follow-up: keep walking back to the turn that named a topic.
    for at in range(len(earlier) - 1, -1, -1):
        turn = earlier[at]
        if not needs_context(turn, said_words(earlier[:at])):
            subject = turn
            break
    subject_intent = classify(subject)
    if unit(intent).default and unit(subject_intent).carried_by_follow_ups and elliptical(question):
        intent = subject_intent  # the follow-up's own words decide, unless it asks nothing of its own
    carried = content_terms(subject)
    # a turn that names nothing is asked of the earlier question as written: its sentence keeps the
    # meaning dense search needs ("for how long tho?" after "how many hours a day did X study?")
    query = f"{question} {subject}" if elliptic(question) else f"{question} {' '.join(dict.fromkeys(carried))}".strip()
    if elliptic(question) and asks_outcome(question):  # "what careers after finishing?": the roadmap's, not the stage's
        query = question  # searched within the roadmap the conversation names (EvidenceFinder.find)
    return StandaloneQuery(
        question=question, asked=real, query=query, intent=intent, subject=subject, subject_intent=subject_intent,
        ignored_instruction=ignored, earlier=earlier, follow_up=True,
    )


def wants_model_rewrite(base: StandaloneQuery) -> bool:
    """Only follow-ups (as the deterministic rewrite saw them) from which no instruction was stripped are
    worth a model's rewrite; read from that rewrite, so the conversation is not read a second time."""
    return base.follow_up and not base.ignored_instruction


def standalone(question: str, history: list[dict[str, str]],
               model_rewrite: Callable[[str, list[dict[str, str]]], str | None] | None = None,
               judge: Judge | None = None) -> StandaloneQuery:
    """The deterministic rewrite, with the query a model wrote for a follow-up when it gave a usable
    one (one line of plain words sharing a word with the conversation, no injection)."""
    base = rewrite(question, history, judge)
    if model_rewrite is None or not wants_model_rewrite(base):
        return base
    text = model_rewrite(question, history) or ""
    query = clean_rewrite(text)
    known = set(content_terms(question + " " + " ".join(base.earlier)))
    if not query or is_injection(query) or not known & set(content_terms(query)):
        log.info("model rewrite %r rejected; using the deterministic rewrite", text[:120])
        return base
    return base.model_copy(update={"query": query})


def clean_rewrite(text: str) -> str:
    """The model's standalone query, or "" when it did not give one line of plain words."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    line = re.sub(r"^(standalone (search )?query|query|rewritten( query)?|search)\s*:\s*", "", lines[0], flags=re.I)
    line = re.sub(r"\[\d+\]", "", line).strip().strip("\"'`*").strip()
    words = line.split()
    if not words or len(words) > 40:
        return ""
    return line[:300]
