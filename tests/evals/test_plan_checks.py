"""evals.plan_checks: each check passes a sound plan and names what is wrong with a broken one; plan
rows of the dataset are valid and the planner passes them on the corpus index."""

from __future__ import annotations

import json

import pytest

from evals.dataset import DatasetError, load_dataset, load_datasets
from evals.plan_checks import (PlanCase, all_cited, estimates_labelled, known_skipped, order_kept, roadmap_chosen,
                               score_plan, within_budget)
from rag.models import Citation, RoadmapStructure, Stage
from rag.plan.models import Estimate, Later, Plan, PlanItem, PlanResource, Skip

ROADMAP = RoadmapStructure(doc_id="r", source="corpus/r.md", title="Gen AI Engineer Roadmap", stages=[
    Stage(index=i, title=f"Step {i + 1}: {name}", group="steps") for i, name in enumerate(["Python", "SQL", "Maths", "ML"])])
CASE = PlanCase(goal="gen ai engineer", known=["python"], expect_roadmap="Gen AI", expect_skipped=["Step 1:"])


def citation(number: int) -> Citation:
    return Citation(id=number, chunk_id=f"c{number}", source="corpus/r.md", title="t", section="s", text="x", score=0)


def item(index: int, start: int, end: int, hours: float, cite: int, kind="default") -> PlanItem:
    text = "our estimate: 10 hours" if kind == "default" else "The roadmap: 2 weeks"
    return PlanItem(stage=ROADMAP.stages[index].title, index=index, start_week=start, end_week=end, hours=hours,
                    estimate=Estimate(kind=kind, text=text, citation=cite if kind == "roadmap" else None),
                    learn=["x"], resources=[PlanResource(title="r", url="https://r.example", cost="free", citation=cite)],
                    citation=cite)


def sound_plan() -> Plan:
    return Plan(roadmap="Gen AI Engineer Roadmap", source="corpus/r.md", goal="gen ai engineer", hours_per_week=10,
                weeks=3, known=["python"],
                skipped=[Skip(stage="Step 1: Python", reason="You know python.", citation=1)],
                items=[item(1, 1, 2, 15, 2), item(2, 2, 3, 15, 3, kind="roadmap")],
                later=[Later(stage="Step 4: ML", citation=4)],
                citations=[citation(n) for n in (1, 2, 3, 4)],
                answer="Skipped [1]. SQL [2], Maths [3], later ML [4].")


def test_a_sound_plan_passes_every_check():
    score = score_plan(sound_plan(), CASE, ROADMAP)
    assert score.passed and score.ratio == 1.0 and score.problems == []


def test_the_wrong_roadmap_is_named():
    assert roadmap_chosen(sound_plan(), "Data Engineer") == [
        "planned 'Gen AI Engineer Roadmap', expected a roadmap titled like 'Data Engineer'"]


def test_order_breaks_are_caught():
    plan = sound_plan()
    plan.items.reverse()
    assert any("out of the roadmap's order" in p for p in order_kept(plan, ROADMAP))
    plan = sound_plan()
    plan.later = [Later(stage="Step 1: Python", citation=4)]
    assert order_kept(plan, ROADMAP) == ["a stage left for later comes before a planned one in the roadmap"]
    plan = sound_plan()
    plan.items[0].stage = "Step 2: NoSQL"
    assert order_kept(plan, ROADMAP) == ["item 'Step 2: NoSQL' is not stage 1 of 'Gen AI Engineer Roadmap'"]


def test_a_known_stage_still_planned_fails():
    plan = sound_plan()
    assert known_skipped(plan, ["Step 2:"]) == ["no skipped stage is titled like 'Step 2:'",
                                                "a stage titled like 'Step 2:' is still in the plan"]
    plan.skipped[0].reason = " "
    assert known_skipped(plan, []) == ["skipped stage 'Step 1: Python' gives no reason"]


def test_hours_over_budget_or_weeks_that_cannot_hold_them_fail():
    plan = sound_plan()
    plan.items[1].hours = 25
    problems = within_budget(plan)
    assert "40 hours planned, over the budget of 30" in problems
    assert any("cannot be done by week 3" in p for p in problems)
    plan = sound_plan()
    plan.items[1].start_week = 3  # a gap: week 2 still has 5 free hours
    assert any("later than its first hour" in p for p in within_budget(plan))
    plan = sound_plan()
    plan.items[1].end_week = 4  # past the horizon
    assert any("weeks 2-4" in p for p in within_budget(plan))


def test_uncited_items_resources_and_dangling_markers_fail():
    plan = sound_plan()
    plan.items[0].resources[0].citation = 9
    plan.answer += " And [7]."
    assert all_cited(plan) == ["resource 'r' cites [9], which is not a citation", "the text's marker [7] names no citation"]
    plan = sound_plan()
    plan.answer = "No markers at all."
    assert all_cited(plan) == ["the text cites nothing"]


def test_estimates_must_say_whose_they_are():
    plan = sound_plan()
    plan.items[0].estimate.text = "10 hours"
    plan.items[1].estimate.citation = None
    assert estimates_labelled(plan) == ["'Step 2: SQL': a default estimate not labelled as ours",
                                        "'Step 3: Maths': the roadmap's estimate is not cited"]


def test_only_plan_rows_state_a_plan_and_a_stated_plan_is_complete(tmp_path):
    good = {"id": "p", "kind": "plan", "turns": ["plan?"], "cite": [["A"]], "mention": [["a"]], "answerable": True,
            "plan": {"goal": "x", "expect_roadmap": "X"}}
    path = tmp_path / "d.jsonl"
    for row, message in ((dict(good, kind="fact"), "only a `plan` row has a `plan` object"),
                         (dict(good, plan={"goal": "x"}), "expect_roadmap"),
                         (dict(good, plan={"goal": "x", "expect_roadmap": "X", "hours": 3}), "hours")):
        path.write_text(json.dumps(row) + "\n", encoding="utf-8")
        with pytest.raises(DatasetError, match=message):
            load_dataset(path)
    path.write_text(json.dumps(good) + "\n" + json.dumps(dict(good, id="q", plan=None)) + "\n", encoding="utf-8")
    stated, answer_only = load_dataset(path)
    assert stated.plan.request().goal == "x" and answer_only.plan is None  # scored on its answer alone


def test_the_planner_passes_the_datasets_plan_rows_on_the_corpus(corpus_index):
    from evals.plan_eval import evaluate_plans, summary
    from rag.plan import PlanLibrary
    from rag.settings import get_settings
    from rag.store import IndexStore

    library = PlanLibrary.from_store(IndexStore(get_settings(db_dir=corpus_index)).open_for_read())
    results = evaluate_plans(load_datasets(), library)
    assert len(results) >= 5
    failing = {r.item.id: r.score.problems for r in results if not r.score.passed}
    assert not failing, failing
    assert summary(results)["plans_passed"] == 1.0
