"""What the roadmaps do state about a price they do not give.

A learner asks "how much does <course> cost?" and the roadmap (or its catalogue entry) says only that
the course is paid, or "premium", with no amount. "They do not state a price" is true but withholds
what is known: the answer says plainly that the course is marked paid and that no amount is given,
citing the passage that says so, and never guesses an amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from rag.lines import SENTENCE
from rag.models import Passage
from rag.scope_types import MONEY, asked_type
from rag.text import content_terms, stem, tokens

NO_PRICE = "The roadmaps do not state a price for this."  # the lead of an answer that has none to give
PRICE = "a price"  # rag.scope_types' label for a price question
# a catalogue entry's cost field, or the roadmap's own word for a course one pays for
PAID_FIELD = re.compile(r"\bcost\s*:\s*(paid|premium|subscription)\b", re.I)
FREE_FIELD = re.compile(r"\bcost\s*:\s*free\b", re.I)
# "a paid aiQuest course", "these premium courses": the word names something one buys ("a premium skill" does not)
PAID_WORD = re.compile(r"\b(paid|premium)\b(?=(?:\W+\w+){0,3}?\W+(?:courses?|programs?|programmes?|plans?|versions?|"
                       r"tiers?|subscriptions?|memberships?|bootcamps?|certificates?|certifications?|class(?:es)?|"
                       r"books?|tools?|services?|access|modules?|lessons?|tutorials?|content)\b)", re.I)
AMOUNT = re.compile(MONEY, re.I)
PRICE_WORDS = frozenset("price prices priced pricing much money cost costs pay per month year dollars euros "
                        "pounds rupees usd eur gbp inr".split())


@dataclass(frozen=True)
class PaidMark:
    """A passage that marks the asked-about resource paid without an amount, and the words it uses."""

    passage: Passage
    name: str  # the catalogue entry's full title; "" for a sentence in prose, which names it itself
    word: str  # "paid" or "premium", as the passage says it
    line: str  # the passage's line that says so


def paid_mark(question: str, passages: Iterable[Passage], about: str = "") -> PaidMark | None:
    """For a price question: the passage most about the question's subject (at least half its words;
    `about`: the question resolved against the conversation, for "and how much is it?") that marks it
    paid or premium, when no passage as much about the subject states an amount."""
    kind = asked_type(question)
    if kind is None or kind.label != PRICE:
        return None
    skip = {stem(w) for w in kind.words | PRICE_WORDS}
    subject = {stem(t) for t in content_terms(about or question)} - skip
    if not subject:
        return None
    best: tuple[tuple[int, bool], PaidMark] | None = None
    priced = 0  # the most subject words a passage stating an amount shares
    for passage in passages:
        text = f"{passage.section}\n{passage.text}"
        shared = len(subject & {stem(w) for w in tokens(text)})
        if shared * 2 < len(subject):
            continue
        if AMOUNT.search(text) or FREE_FIELD.search(text):  # an amount, or a catalogue entry's "free", is a price
            priced = max(priced, shared)
            continue
        found = _mark(passage, subject)
        if found is not None and (best is None or found[0] > best[0]):  # a cost field before a word in prose
            best = found
    return best[1] if best is not None and best[0][0] > priced else None


def _mark(passage: Passage, subject: set[str]) -> tuple[tuple[int, bool], PaidMark] | None:
    """How `passage` marks the subject paid, ranked: its catalogue entry's cost field when the entry's
    own line names the subject, else a sentence that says "paid" and itself names the subject (a
    section's other lines may be about another course)."""
    lines = [line.strip(" -*\t") for line in passage.text.split("\n") if line.strip()]
    if passage.kind == "resource":
        head = lines[0] if lines else ""
        field = PAID_FIELD.search(head)
        shared = _shared(subject, head)
        if field and shared * 2 >= len(subject):
            title = passage.section.split(" > ", 1)[-1].strip() or head.split(":", 1)[0].strip()
            return (shared, True), PaidMark(passage, title, field.group(1).lower(), head)
    best: tuple[tuple[int, bool], PaidMark] | None = None
    for line in lines:
        for sentence in SENTENCE.split(EMPHASIS.sub("", line)):
            word = PAID_WORD.search(sentence)
            shared = _shared(subject, sentence) if word else 0
            if word and shared * 2 >= len(subject) and (best is None or shared > best[0][0]):
                best = (shared, False), PaidMark(passage, "", word.group(1).lower(), sentence.strip())
    return best


def _shared(subject: set[str], text: str) -> int:
    return len(subject & {stem(w) for w in tokens(text)})


# emphasis markers at a word's edge ("**paid**", "_note_", "`free`"); never inside a word or a URL
EMPHASIS = re.compile(r"(?<![\w/.:])[*_`]+(?=[^\s*_`])|(?<=[^\s*_`])[*_`]+(?![\w/])")


def paid_sentence(mark: PaidMark, marker: str) -> str:
    """The plain statement: what the roadmaps say about its cost, cited, and that no amount is given."""
    if PAID_FIELD.search(mark.line):
        return f"They list **{mark.name}** as {mark.word} but give no amount {marker}."
    quoted = mark.line if len(mark.line) <= 220 else mark.line[:217].rsplit(" ", 1)[0] + "…"
    return f"They call it {mark.word} but give no amount: \"{quoted}\" {marker}"
