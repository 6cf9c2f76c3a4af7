"""Checks of a learning plan, as pure functions of the plan object (`advisor plan --json`, or an
answer's `plan`) and the roadmap it follows: order kept, known stages skipped, hours within the
budget, every item cited, estimates labelled. A dataset row of kind `plan` states the request and
what must hold (`PlanCase`); `score_plan` says which checks pass and why the others fail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

from rag.models import RoadmapStructure
from rag.plan.models import Plan, PlanRequest

CHECKS = ("roadmap_chosen", "order_kept", "known_skipped", "within_budget", "all_cited", "estimates_labelled")


class PlanCase(BaseModel):
    """The request a `plan` row's turns make (as a learner would state it) and what its plan must show."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    goal: str | None = None
    roadmap: str | None = None
    known: list[str] = Field(default_factory=list)
    done: list[str] = Field(default_factory=list)
    hours_per_week: float = Field(10.0, gt=0)
    weeks: int = Field(12, ge=1)
    free_only: bool = False
    expect_roadmap: str = Field(min_length=1)  # a part of the chosen roadmap's title
    expect_skipped: list[str] = Field(default_factory=list)  # parts of the titles of stages that must be skipped

    def request(self) -> PlanRequest:
        return PlanRequest(goal=self.goal, roadmap=self.roadmap, known=self.known, done=self.done,
                           hours_per_week=self.hours_per_week, weeks=self.weeks, free_only=self.free_only)


@dataclass
class PlanScore:
    checks: dict[str, bool] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(self.checks.values())

    @property
    def ratio(self) -> float:
        return sum(self.checks.values()) / len(self.checks) if self.checks else 0.0


def roadmap_chosen(plan: Plan, expected: str) -> list[str]:
    return [] if expected.casefold() in plan.roadmap.casefold() else [
        f"planned {plan.roadmap!r}, expected a roadmap titled like {expected!r}"]


def order_kept(plan: Plan, roadmap: RoadmapStructure) -> list[str]:
    """Items name the roadmap's stages by title and index, in its order, and everything for later
    comes after the last item."""
    problems = []
    titles = {s.index: s.title for s in roadmap.stages}
    for item in plan.items:
        if titles.get(item.index) != item.stage:
            problems.append(f"item {item.stage!r} is not stage {item.index} of {roadmap.title!r}")
    indexes = [item.index for item in plan.items]
    if indexes != sorted(set(indexes)):
        problems.append(f"items out of the roadmap's order: {indexes}")
    by_title = {s.title: s.index for s in roadmap.stages}
    later = [by_title.get(s.stage, -1) for s in plan.later]
    if indexes and any(i < indexes[-1] for i in later):
        problems.append("a stage left for later comes before a planned one in the roadmap")
    return problems


def known_skipped(plan: Plan, expected: list[str]) -> list[str]:
    problems = []
    skipped = [s.stage.casefold() for s in plan.skipped]
    scheduled = [s.casefold() for s in [*(i.stage for i in plan.items), *(s.stage for s in plan.later)]]
    for part in expected:
        if not any(part.casefold() in title for title in skipped):
            problems.append(f"no skipped stage is titled like {part!r}")
        if any(part.casefold() in title for title in scheduled):
            problems.append(f"a stage titled like {part!r} is still in the plan")
    return problems + [f"skipped stage {s.stage!r} gives no reason" for s in plan.skipped if not s.reason.strip()]


def within_budget(plan: Plan) -> list[str]:
    problems = []
    budget = plan.hours_per_week * plan.weeks
    total = sum(item.hours for item in plan.items)
    if total > budget + 1e-6:
        problems.append(f"{total:g} hours planned, over the budget of {budget:g}")
    previous_end = 0
    used = 0.0
    for item in plan.items:
        if item.hours <= 0 or not 1 <= item.start_week <= item.end_week <= plan.weeks:
            problems.append(f"{item.stage!r}: weeks {item.start_week}-{item.end_week} with {item.hours:g} hours")
        if not previous_end <= item.start_week <= previous_end + 1 and not (previous_end == 0 and item.start_week == 1):
            problems.append(f"{item.stage!r} starts in week {item.start_week}, after the one before ends in week "
                            f"{previous_end}: no gap and no going back")
        if (item.start_week - 1) * plan.hours_per_week > used + 1e-6:
            problems.append(f"{item.stage!r} starts in week {item.start_week}, later than its first hour ({used:g})")
        if item.end_week * plan.hours_per_week + 1e-6 < used + item.hours:
            problems.append(f"{item.stage!r}: {used + item.hours:g} hours cannot be done by week {item.end_week}")
        previous_end, used = item.end_week, used + item.hours
    return problems


def all_cited(plan: Plan) -> list[str]:
    """Every item, skip, later stage and resource names a citation, and every [n] of the text does."""
    ids = {c.id for c in plan.citations}
    named = [("skipped", s.stage, s.citation) for s in plan.skipped] + [("later", s.stage, s.citation) for s in plan.later]
    for item in plan.items:
        named.append(("item", item.stage, item.citation))
        named += [("learn", line, number) for line, number in zip(item.learn, item.learn_citations)]
        named += [("resource", r.title, r.citation) for r in item.resources]
        if item.estimate.citation is not None:
            named.append(("estimate", item.stage, item.estimate.citation))
    problems = [f"{kind} {name!r} cites [{number}], which is not a citation" for kind, name, number in named
                if number not in ids]
    markers = {int(n) for n in re.findall(r"(?<!\\)\[(\d{1,3})\]", plan.answer)}
    problems += [f"the text's marker [{n}] names no citation" for n in sorted(markers - ids)]
    if plan.items and not markers:
        problems.append("the text cites nothing")
    return problems


def estimates_labelled(plan: Plan) -> list[str]:
    """A roadmap's estimate is cited; ours says it is ours."""
    problems = []
    for item in plan.items:
        estimate = item.estimate
        if estimate.kind == "roadmap" and estimate.citation is None:
            problems.append(f"{item.stage!r}: the roadmap's estimate is not cited")
        if estimate.kind == "default" and "our estimate" not in estimate.text.casefold():
            problems.append(f"{item.stage!r}: a default estimate not labelled as ours")
    return problems


def score_plan(plan: Plan, case: PlanCase, roadmap: RoadmapStructure | None) -> PlanScore:
    """Every check; `roadmap` is the structure the plan names (None when the index has no such roadmap)."""
    found = {
        "roadmap_chosen": roadmap_chosen(plan, case.expect_roadmap),
        "order_kept": order_kept(plan, roadmap) if roadmap else [f"the index has no roadmap {plan.roadmap!r}"],
        "known_skipped": known_skipped(plan, case.expect_skipped),
        "within_budget": within_budget(plan),
        "all_cited": all_cited(plan),
        "estimates_labelled": estimates_labelled(plan),
    }
    return PlanScore(checks={name: not problems for name, problems in found.items()},
                     problems=[problem for problems in found.values() for problem in problems])
