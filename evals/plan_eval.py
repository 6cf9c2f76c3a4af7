"""The `plan` rows of the datasets, run through the planner and scored by evals.plan_checks."""

from __future__ import annotations

from dataclasses import dataclass

from evals.dataset import PLAN_KIND, EvalItem
from evals.plan_checks import PlanScore, score_plan
from rag.errors import PlanRequestError
from rag.plan import Plan, PlanLibrary, build_plan


@dataclass
class PlanResult:
    item: EvalItem
    plan: Plan | None
    score: PlanScore


def evaluate_plans(items: list[EvalItem], library: PlanLibrary) -> list[PlanResult]:
    results = []
    for item in (i for i in items if i.kind == PLAN_KIND and i.plan is not None):
        try:
            plan = build_plan(item.plan.request(), library)
        except PlanRequestError as exc:
            results.append(PlanResult(item, None, PlanScore({"plan_made": False}, [str(exc)])))
            continue
        roadmap = next((r for r in library.structures if r.source == plan.source), None)
        results.append(PlanResult(item, plan, score_plan(plan, item.plan, roadmap)))
    return results


def summary(results: list[PlanResult]) -> dict[str, float]:
    """The share of plan questions that pass each check, and all of them."""
    if not results:
        return {}
    names = sorted({name for r in results for name in r.score.checks})
    out = {name: sum(r.score.checks.get(name, False) for r in results) / len(results) for name in names}
    out["plans_passed"] = sum(r.score.passed for r in results) / len(results)
    return out
