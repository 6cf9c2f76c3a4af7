"""What kind of value a question asks for, and whether any retrieved passage states one.

A near-domain question shares words with the roadmaps ("how much does <company> pay an ML engineer",
"how much prize money can I win on <site>") and retrieval finds the lines that mention them. Those
lines do not answer it: a salary, a price or a prize is answered only by a line that states an
amount, a release date only by a line that states a date, a buying recommendation only by a line
about buying. When no retrieved passage about the question's subject carries the asked type, the
question is not covered, however close the words are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from rag.models import Passage
from rag.text import content_terms, stem, tokens

MONEY = (r"[$€£¥₹]\s?\d|\b\d[\d,.]*\s?(?:k|m|usd|eur|gbp|inr|dollars?|euros?|pounds?|rupees?|lpa)\b|"
         r"\b\d[\d,.]*\s?(?:per|/|a)\s?(?:year|yr|month|mo|hour|hr|h)\b")
DATE = (r"\b(?:19|20)\d{2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|"
        r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b")

# What a date question asks the date of: an event. "Which year of the curriculum covers X" or "what
# should I learn in my first year" ask for a place in a programme, not for a date.
EVENT = (r"(?:release[sd]?|launch(?:ed|es)?|deadline|due|held|announced|published|founded|created|written|"
         r"updated|come out|came out)")
# "How much does an ML engineer make?" asks for pay; "how much do I practise to make progress" does not.
EARN_MAKE = (r"earn\b|make(?=\s*(?:[?.!,]|$)|\s+(?:as|in|at|working|per|a\s+(?:year|month|week|day|hour)|an\s+hour|"
             r"annually|yearly|monthly|money)\b)")


@dataclass(frozen=True)
class AnswerType:
    """A kind of value: how a question asks for it, how a passage states it, and its words."""

    label: str  # "a salary": used in the refusal
    asks: re.Pattern[str]
    states: re.Pattern[str]
    words: frozenset[str]  # the asking words, which say nothing about the subject


def _type(label: str, asks: str, states: str, words: str) -> AnswerType:
    return AnswerType(label, re.compile(asks, re.I), re.compile(states, re.I), frozenset(words.split()))


ANSWER_TYPES = (
    _type("a salary",
          r"\b(?:salar(?:y|ies)|wages?|income|compensation|paycheck)\b|"
          r"\bhow much (?:money )?(?:do|does|can|will|would|could|should|did)\b.{0,50}\b(?:pay\b|paid\b|" + EARN_MAKE + ")",
          MONEY, "salary salaries wage wages income compensation paycheck much money pay pays paid earn make "
                 "get job work working"),
    _type("a prize amount",
          r"\b(?:prize|prizes|winnings|bounty|bounties)\b|\bhow much (?:money )?(?:can|could|will|would|do|does) .{0,30}\bwin\b",
          MONEY, "prize prizes winnings bounty bounties much money win winning won can"),
    _type("a price",
          r"\b(?:price|prices|priced|pricing)\b|\bhow much (?:money )?(?:does|do|is|are|would|will|did)\b.{0,50}\bcost\b|"
          r"\bhow much (?:is|are) (?:a|an|the) [\w -]{1,30}\b(?:card|gpu|laptop|subscription|licen[cs]e|ticket)\b|"
          r"\bhow much (?:is|are|was|were)\b.{0,50}\bin (?:dollars|euros|pounds|rupees|usd|eur|gbp|inr)\b",
          # an amount, or none ("free"): "paid", "premium" or a "cost" field say that it costs, not how much
          MONEY + r"|\bfree\b",
          "price prices priced pricing much money cost costs card gpu laptop subscription ticket dollars euros "
          "pounds rupees usd eur gbp inr"),
    _type("a buying recommendation",
          r"\bshould i (?:buy|purchase|order)\b|\b(?:worth|recommend(?:ed)?) (?:buying|to buy|purchasing)\b|"
          r"\b(?:which|what) [\w -]{1,30}\b(?:should i|to) (?:buy|purchase)\b",
          MONEY + r"|\b(?:buy|buying|purchase|purchasing|budget)\b",
          "buy buying purchase purchasing order worth recommend recommended should"),
    _type("a date",
          rf"\bwhen (?:is|was|will|does|did|are|were)\b.{{0,50}}\b{EVENT}\b|\b(?:what|which) date\b|"
          rf"\b(?:what|which) (?:day|month|year)\b.{{0,50}}\b{EVENT}\b|\b(?:what|when) is the deadline\b|"
          r"\brelease date\b",
          DATE, "when date day year deadline due release released releases launch launched held announced"),
)


# A catalogue entry's "cost: unknown" names the field and states no value.
UNSTATED = re.compile(r"\b(?:cost|price|pricing)\s*:\s*(?:unknown|not stated|n/?a)\b", re.I)
# A question about a share or a relative figure ("the 40-60% salary premium", "what percent more", "how
# big a raise"): a passage stating a percentage states the value asked, though it names no amount.
PERCENT = re.compile(r"\d\s?%|\bper\s?cent\b|\bpercent(?:age)?\b", re.I)
RELATIVE = re.compile(r"%|\bper\s?cent|\bpercent(?:age)?\b|\bpremiums?\b|\b(?:raise|increase|bump|boost|uplift)\b", re.I)


# "what careers after finishing?", "which jobs can I get with it?": what the roadmap leads to, stated by a
# line that names a job, a role or a career. Not a refusing answer type: a roadmap that says where it
# leads in other words ("Look for work as ...", "what is next for you") still answers it (rag.scope).
# "role", "position" and "job" ask about a learner's future only with outcome wording: "what role does attention
# play?", "which position encoding first?", "what jobs should I schedule in Airflow?" ask about the subject.
OUTCOME_WORDING = (r"\b(?:can|could|would|will|might|do|does)\s+(?:i|you|one|we|it|this|that)\s+(?:get|land|find|apply|"
                   r"qualify|pursue|target|aim|go|lead|open|prepare)\b|\b(?:after|once|when)\s+(?:i\s+)?"
                   r"(?:finish|finishing|finished|complete|completing|completed|done)\b|\bhired\b|\bbecome\b|"
                   r"\bwork\s+as\b|\bcareers?\b|\bleads?\s+to\b|\bopens?\s+up\b|\b(?:qualified|eligible)\b")
CAREERS = _type("career outcomes",
                r"\b(?:what|which)\s+(?:(?:kinds?|sorts?|types?)\s+of\s+)?(?:careers?|job titles?|career (?:paths?|options?))\b|"
                r"\b(?:what|which)\s+(?:(?:kinds?|sorts?|types?)\s+of\s+)?(?:jobs?|roles?|positions?)\b(?=.*(?:"
                + OUTCOME_WORDING + r"))|\bwhat (?:can|could|would) i (?:become|work as)\b|"
                r"\b(?:job|career|employment) (?:prospects|opportunities|outcomes|options)\b",
                r"\b(?:careers?|jobs?|job titles?|roles?|positions?|hired|hiring|employ(?:ed|ment|ers?|able)|work as|"
                r"internships?|opportunities)\b",
                "")


def asks_outcome(question: str) -> bool:
    """"What careers after finishing?": the question asks what the roadmap leads to, not what comes next in it."""
    return bool(CAREERS.asks.search(question))


def states_outcome(passages: Iterable[Passage]) -> bool:
    """Some passage names a job, a role or a career."""
    return any(CAREERS.states.search(f"{p.section} {p.text}") for p in passages)


def asked_type(question: str) -> AnswerType | None:
    """The kind of value the question asks for, if it asks for one of the checked kinds."""
    return next((kind for kind in ANSWER_TYPES if kind.asks.search(question)), None)


def states_asked_value(question: str, passages: Iterable[Passage]) -> bool:
    """Whether some passage about the question's subject (at least half its words) states the kind of
    value it asks for; a question that asks for no checked kind passes."""
    kind = asked_type(question)
    if kind is None:
        return True
    skip = {stem(word) for word in kind.words}
    subject = {stem(term) for term in content_terms(question)} - skip
    relative = bool(RELATIVE.search(question))
    asked_pairs = _pairs(question)
    for passage in passages:
        if {pair for pair in asked_pairs if pair[1] in skip} & _pairs(passage.section):
            return True  # "pumpkin prices" is the name of a lesson the passage heads, not a price asked for
        text = UNSTATED.sub(" ", f"{passage.section} {passage.text}")
        states = bool(kind.states.search(text)) or (relative and bool(PERCENT.search(text)))
        if not states:
            continue
        if len(subject & {stem(word) for word in tokens(text)}) * 2 >= len(subject):
            return True
    return False


def _pairs(text: str) -> set[tuple[str, str]]:
    """Adjacent words, stemmed: "pumpkin prices" -> ("pumpkin", "pric")."""
    words = [stem(word) for word in tokens(text)]
    return set(zip(words, words[1:]))
