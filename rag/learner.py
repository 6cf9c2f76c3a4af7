"""The learner's own context, read from the question ("I know Python and SQL", "I'm a backend dev",
"I have 8 hours a week"), and the figures computed from a roadmap's own time estimates for it.

A computed figure always names the line it comes from: "15-20 h/week for 4-6 weeks is 60-120 h:
8-15 weeks at 8 h/week [3]". Nothing is estimated that the roadmap does not state.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from rag.estimates import (PER_DAY, PER_WEEK, QUANTITY, SPAN, YEARS, days_said, line_estimate, number_range,
                           span_unit, weekly_rate)
from rag.models import Stage, StageEstimate
from rag.text import content_terms

KNOWN = re.compile(
    r"\b(?:i(?:'ve| have)?|i'?m|i am) (?:already )?(?:know|knew|learned|learnt|studied|finished|completed|mastered|"
    r"(?:good|comfortable|fluent|familiar|confident) (?:at|with|in)|(?:have|got) experience (?:with|in)|use)\s+"
    r"(?P<what>.+?)(?=\s+and\s+(?:i\b|have\b|got\b|can\b|want\b|am\b)|\s+but\b|\s+so\b|"
    r"[,.;!?]\s*(?:i\b|have\b|how\b|what\b|make\b|where\b|can\b)|[.;!?]|$)",
    re.I,
)
ROLE = re.compile(r"\bi(?:'?m| am)(?: a| an)? (?P<role>[\w -]{2,30}?) ?(?:dev|developer|engineer|analyst|programmer)\b", re.I)
# What a working role already covers in most roadmaps' first stages (data, kept small and plain).
ROLE_SKILLS = {
    "backend": ["programming", "python", "sql", "git", "github", "api"],
    "back-end": ["programming", "python", "sql", "git", "github", "api"],
    "frontend": ["programming", "git", "github"],
    "front-end": ["programming", "git", "github"],
    "full stack": ["programming", "sql", "git", "github", "api"],
    "fullstack": ["programming", "sql", "git", "github", "api"],
    "software": ["programming", "git", "github"],
    "data": ["sql", "excel", "statistics", "python"],
}
# "I know nothing about X", "zero experience with X": a claim of knowing that says the learner does not.
KNOWS_NOTHING = re.compile(r"^\s*(?:(?:absolutely|really|just)\s+)?(?:nothing|none|zero|no|little|very little|"
                           r"not (?:much|a lot|anything|really)|almost nothing|hardly anything)\b", re.I)
# A learner who says they start with nothing: the plan and the first steps start at the beginning.
BEGINNER = re.compile(
    r"\b(?:complete|total|absolute|pure|real|true|utter)\s+(?:beginner|newbie|novice|noob|newcomer)s?\b|"
    r"\b(?:zero|no|without(?:\s+any)?)\s+(?:prior\s+|previous\s+|technical\s+|coding\s+|programming\s+)?"
    r"(?:background|experience|knowledge)\b|\bfrom\s+(?:scratch|zero|the\s+(?:very\s+)?(?:beginning|start))\b|"
    r"\bknow\s+(?:absolutely\s+)?(?:nothing|none)\b|\bnever\s+(?:coded|programmed|written\s+(?:any\s+)?code)\b|"
    r"\bi(?:'?m| am)\s+(?:a\s+|an\s+)?(?:beginner|newbie|novice|noob)\b", re.I)


@dataclass
class LearnerContext:
    known: list[str] = field(default_factory=list)  # what the learner says they know
    hours_per_week: float | None = None
    role: str = ""  # the role as they said it ("backend dev")
    assumed: list[str] = field(default_factory=list)  # skills their role is taken to cover
    beginner: bool = False  # they say they start from nothing

    def __bool__(self) -> bool:
        return bool(self.known or self.hours_per_week or self.role or self.beginner)

    def knows(self, stage: Stage) -> bool:
        """The stage is about something the learner knows, by the plan's rule (rag.plan.skills): the
        title is mostly about it ("Step 3: SQL" for "I know SQL", not "Databases and SQL"), or the
        title names its area and the stage teaches it. A vague claim ("the basics") covers nothing."""
        from rag.plan.skills import covering_skill

        return covering_skill(stage, [*self.known, *self.assumed]) is not None


def learner_context(question: str) -> LearnerContext:
    context = LearnerContext(beginner=starts_from_scratch(question))
    context.hours_per_week = weekly_rate(question)
    context.known = known_skills(question)
    claim = role_claim(question)
    if claim:
        context.role, skills = claim
        context.assumed = [s for s in skills if s not in context.known]
    return context


def assumption_note(context: LearnerContext) -> str:
    """What an answer took the learner to know without their saying it, said first (Markdown)."""
    if not context.role or not context.assumed:
        return ""
    return (f"**You said you are a {context.role}: I assumed that covers {', '.join(context.assumed)}, and left out "
            "only the stages that teach exactly those. Tell me what you know (\"I know Python and SQL\") to change "
            "it.**\n\n")


def known_skills(question: str) -> list[str]:
    """What the learner says they know, one item per skill; "I know nothing about X" is not a skill."""
    found: list[str] = []
    for match in KNOWN.finditer(question):
        what = PER_WEEK.sub("", match.group("what"))
        if KNOWS_NOTHING.match(what):
            continue
        parts = re.split(r",|\band\b|&|/|\bplus\b", what)
        found += [p.strip() for p in parts if content_terms(p) and not KNOWS_NOTHING.match(p)]
    return found


def starts_from_scratch(question: str) -> bool:
    return bool(BEGINNER.search(question))


def role_claim(question: str) -> tuple[str, list[str]] | None:
    """("backend dev", the skills that role is taken to cover) for "I'm a backend dev"; None when the
    learner names no working role or one we have no skills for (a "beginner" is no role)."""
    role = ROLE.search(question)
    if not role or starts_from_scratch(role.group(0)):
        return None
    name = role.group("role").strip().lower()
    for key, skills in ROLE_SKILLS.items():
        if re.search(rf"\b{re.escape(key)}\b", name):
            said = role.group(0).split(None, 1)[1] if " " in role.group(0) else role.group(0)
            return re.sub(r"^(?:am\s+)?(?:an?\s+)?", "", said, flags=re.I).strip(), list(skills)
    return None


def without_claims(question: str) -> str:
    """The question without what the learner says they know or are ("I know Python and SQL, where
    do I start?" asks where to start, not about SQL)."""
    text = KNOWN.sub(" ", question)
    claim = role_claim(text)
    return ROLE.sub(" ", text) if claim else text


def without_quantities(question: str) -> str:
    """The question without the time the learner says they have, so "8 hours a week" does not name
    "Step 8"."""
    return QUANTITY.sub(" ", question)


def at_pace(estimate: StageEstimate, hours_per_week: float) -> str:
    """'15-20 h/week for 4-6 weeks is 60-120 h: 3-5 weeks at 25 h/week' (no citation: the caller adds it)."""
    if estimate.hours_low is None or estimate.hours_high is None or hours_per_week <= 0:
        return ""
    weeks = SPAN.search(estimate.text) or YEARS.search(estimate.text)
    per_week, per_day = PER_WEEK.search(estimate.text), PER_DAY.search(estimate.text)
    length = f"{_span(weeks.group(1), weeks.group(2))} {span_unit(weeks)}" if weeks else ""
    if weeks and per_week:
        said = f"{_span(*(num(n) for n in number_range(per_week)))} h/week for {length}"
    elif weeks and per_day:
        days = "" if span_unit(weeks).startswith("day") else (
            f", {days_said(estimate.text)} days a week" if days_said(estimate.text) else " every day")
        said = f"{_span(*(num(n) for n in number_range(per_day)))} h/day{days} for {length}"
    else:
        said = ""  # a total in hours ("30-45 hours") needs no restating: "30-45 h: 3-5 weeks at 10 h/week"
    total = _span(num(estimate.hours_low), num(estimate.hours_high))
    low = math.ceil(estimate.hours_low / hours_per_week)
    high = math.ceil(estimate.hours_high / hours_per_week)
    unit = "week" if high == 1 else "weeks"
    return f"{said + ' is ' if said else ''}{total} h: {_span(str(low), str(high))} {unit} at {num(hours_per_week)} h/week"


COMPUTED = "computed from the cited line"  # the label of a figure this module computed
PACE = re.compile(r"at (\d+(?:\.\d+)?) h/week")


def recomputes(claim: str, passages: list[str]) -> bool:
    """A labelled computed figure that `at_pace` gives again from a line of the cited passages, and
    nothing else (so a grounding check can accept numbers the passage does not state, and only
    those: a claim that adds words of its own beside the figure is checked as any other)."""
    pace = PACE.search(claim)
    if COMPUTED not in claim.lower() or not pace:
        return False
    for passage in passages:
        lines = passage.splitlines()  # a table row's cells as lines: "Duration: 2 weeks", "Effort: 12 hours/week"
        for line in [*lines, *(f"{a}; {b}" for a, b in zip(lines, lines[1:]))]:
            estimate = line_estimate(line)
            figure = at_pace(estimate, float(pace.group(1))) if estimate else ""
            if figure and figure in claim and not content_terms(claim.replace(figure, " ").lower().replace(COMPUTED, " ")):
                return True
    return False


def labelled(figure: str) -> str:
    """A figure this module computed, marked as such (the grounding check looks for the label)."""
    return f"{figure} ({COMPUTED})"


def paced_line(estimate_line: str, context: LearnerContext, mark: str) -> str:
    """'- 15-20 h/week for 4-6 weeks is 60-120 h: 8-15 weeks at 8 h/week (computed from the cited line) [1]'
    for an answer line that states an estimate, at the learner's pace ("" when it cannot be computed)."""
    if not context.hours_per_week:
        return ""
    estimate = line_estimate(estimate_line)
    pace = at_pace(estimate, context.hours_per_week) if estimate else ""
    return f"- {labelled(pace)} {mark}" if pace else ""


def num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _span(low: str, high: str | None) -> str:
    return low if not high or high == low else f"{low}-{high}"
