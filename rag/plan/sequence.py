"""A plan across two roadmaps taken in turn: "first the ML engineer prep up to deep learning, then
the RL tips, 10 h/week". Each part of the request names its roadmap (and may say where to stop);
the first roadmap is planned from week 1, the second in the weeks the first leaves, and the two
plans are shown one after the other with one citation numbering.
"""

from __future__ import annotations

import re

from rag.errors import PlanRequestError
from rag.models import RoadmapStructure
from rag.plan.ask import THEN, PlanAsk, until_in
from rag.plan.builder import build_plan
from rag.plan.library import PlanLibrary
from rag.plan.models import Later, Plan
from rag.plan.render import inline

MARKER = re.compile(r"(?<!\\)\[(\d{1,3})\]")


def sequence_parts(question: str) -> list[str]:
    """The request's parts when it takes one thing, then another ("first A, then B"); [] otherwise."""
    parts = [p.strip(" ,;.") for p in THEN.split(question)]
    return parts if len(parts) == 2 and all(len(p.split()) >= 2 for p in parts) else []


def named_roadmaps(question: str, library: PlanLibrary) -> list[RoadmapStructure]:
    """The roadmap each part names, read as a comparison's sides are (rag.targeting), when each
    names one and they differ; [] otherwise."""
    named = [roadmap for _, roadmap in library.roadmap_targeter().naming_parts(question, THEN)]
    if len(named) != 2 or any(r is None for r in named) or len({r.doc_id for r in named}) != len(named):
        return []
    return named


def build_sequence(ask: PlanAsk, parts: list[str], roadmaps: list[RoadmapStructure], library: PlanLibrary) -> Plan:
    """The first roadmap's plan, then the second's in the weeks left, as one plan: its answer has
    both, its items, skips and citations those of both (the second's citations numbered on)."""
    request = ask.request
    first = build_plan(request.model_copy(update={"roadmap": roadmaps[0].doc_id, "until": until_in(parts[0]) or None,
                                                  "goal": None, "track": None, "topic": None}), library)
    used = max((item.end_week for item in first.items), default=0)
    # weeks the learner did not give: each roadmap has the default horizon, the second after the first
    horizon = used + request.weeks if "weeks" in ask.defaulted else request.weeks
    left = horizon - used
    second = build_plan(request.model_copy(update={"roadmap": roadmaps[1].doc_id, "until": until_in(parts[1]) or None,
                                                   "goal": None, "track": None, "topic": None,
                                                   "weeks": max(left, 1)}), library, after_week=used)
    if left <= 0 or (first.later and "weeks" not in ask.defaulted):  # the first roadmap takes the whole horizon: the second is all for later
        second = _all_later(second)
    second = _numbered_on(second, len(first.citations))
    combined = first.model_copy(deep=True)
    combined.roadmap = f"{first.roadmap}, then {second.roadmap}"
    combined.items += second.items
    combined.skipped += second.skipped
    combined.later += second.later
    combined.guide += second.guide
    combined.citations += second.citations
    combined.answer = (first.answer + "\n\n" + _then_heading(second, used, horizon) + "\n"
                       + _body(second.answer, second.weeks, horizon))
    return combined


def _then_heading(plan: Plan, used: int, weeks: int) -> str:
    start = f"from week {used + 1}" if plan.items and used < weeks else f"after week {weeks}"
    return (f"**Then {inline(plan.roadmap)}, {start} · {plan.hours_per_week:g} hours a week, "
            f"{plan.planned_hours:g} hours planned in the roadmap's order**")


def _body(answer: str, own_weeks: int, weeks: int) -> str:
    """The second plan's answer without its own title line, its "later" counted from the whole horizon."""
    body = answer.split("\n", 1)[1] if "\n" in answer else ""
    return body.replace(f"**Later, beyond {own_weeks} weeks at this pace**", f"**Later, beyond week {weeks} at this pace**")


def _all_later(plan: Plan) -> Plan:
    """A plan whose stages all wait until after the horizon (the first roadmap took it all)."""
    moved = [Later(stage=item.stage, citation=item.citation) for item in plan.items]
    lines = [f"- {inline(s.stage)} [{s.citation}]" for s in [*moved, *plan.later]]
    answer = plan.answer.split("\n", 1)[0] + f"\n\n**Later, beyond {plan.weeks} weeks at this pace**\n" + "\n".join(lines)
    return plan.model_copy(update={"items": [], "later": moved + plan.later, "answer": answer})


def _numbered_on(plan: Plan, offset: int) -> Plan:
    """The plan with every citation number moved on by `offset` (after the first plan's)."""
    if not offset:
        return plan
    moved = plan.model_copy(deep=True)
    for item in moved.items:
        item.citation += offset
        item.learn_citations = [n + offset for n in item.learn_citations]
        for resource in item.resources:
            resource.citation += offset
        if item.estimate.citation is not None:
            item.estimate.citation += offset
    for entry in [*moved.skipped, *moved.later, *moved.guide]:
        entry.citation += offset
    if moved.whole is not None:
        moved.whole.citation += offset
    for citation in moved.citations:
        citation.id += offset
    moved.answer = MARKER.sub(lambda m: f"[{int(m.group(1)) + offset}]", plan.answer)
    return moved


def try_sequence(ask: PlanAsk, question: str, library: PlanLibrary) -> Plan | None:
    """The plan across two roadmaps the question takes in turn, or None when it names no such pair."""
    parts = sequence_parts(question)
    roadmaps = named_roadmaps(question, library) if parts else []
    if not roadmaps:
        return None
    try:
        return build_sequence(ask, parts, roadmaps, library)
    except PlanRequestError:
        return None
