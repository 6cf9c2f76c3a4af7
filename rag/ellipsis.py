"""What a follow-up turn names of its own, and what it inherits when it names nothing.

A turn such as "for how long tho?", "how many?", "and how many hours a week?" or "what comes right
after it?" asks its own kind of question (a duration, a count, the next item) but names no topic: it
is elliptic, and it is about what the conversation is on. It inherits the earlier turn's topic (the
roadmap and stage come from rag.focus), and its meaning is read together with that topic, so it is
neither judged alone (and refused as out of scope) nor answered about the whole roadmap. A turn that
names a topic of its own ("and how long is the RL course?", "anything on reinforcement learning?")
keeps its own words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rag.answer_lines import subject_terms
from rag.estimates import TIME_UNIT_WORDS
from rag.roadmap_time import NUMBERED_PART

if TYPE_CHECKING:  # pragma: no cover
    from rag.query import StandaloneQuery

# Words that say how or what kind of thing is asked, or how the learner talks, never what about:
# units of time and cost, "tho", "exactly", "right (after it)", "listed", "per". Stopwords and the
# words that ask how long or how much (answer_lines.ASKING_WORDS) are already out of subject_terms.
FILLER = TIME_UNIT_WORDS | frozenset("""tho though tbh exactly right else instead specifically anyway per approx
    listed mentioned said comes come next wk wks times cost costs price priced free paid number amount
    career careers job jobs role roles outcome outcomes finishing finished completing completed""".split())
# ("what careers after finishing?": what it leads to, of the roadmap the conversation is on)


def own_topic(question: str) -> list[str]:
    """The words of a turn that name a topic: not the answer type it asks for, not filler."""
    return [t for t in subject_terms(question) if t not in FILLER and not t.isdigit()]


def elliptic(question: str) -> bool:
    """The turn names no topic of its own ("for how long tho?", "and the one after it?"). A numbered
    part ("and week 3?", "how long is step 4?") is a topic: its unit and digit are not filler there."""
    return not own_topic(question) and not NUMBERED_PART.search(question)


def only_a_part(question: str) -> bool:
    """The turn names a numbered part and nothing else ("how long is week 4?"): its own topic, but a
    part of the roadmap the conversation is on, so it still needs that roadmap."""
    return bool(NUMBERED_PART.search(question)) and not own_topic(NUMBERED_PART.sub(" ", question))


def inherits(query: "StandaloneQuery") -> bool:
    """A follow-up that names nothing itself: it is about the earlier turn's topic."""
    return bool(query.subject) and not query.injection and elliptic(query.question)


def meaning_text(query: "StandaloneQuery") -> str:
    """The text whose meaning says what the turn asks: for an elliptic follow-up, the turn with the
    earlier question it continues ("for how long tho?" about "how many hours a day did X study?")."""
    return f"{query.question} {query.subject}" if inherits(query) else query.question
