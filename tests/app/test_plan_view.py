"""A plan answer in the app: its timeline and its downloads (Markdown with sources, a valid .ics)."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from app.plan_view import downloads, timeline_rows
from rag.plan.models import Plan
from tests.app.conftest import ask, latest_message

ISSUE = "I know Python, SQL and Git and can study 10 hours a week. Make me a 3-month plan to become a generative AI engineer."


def test_a_plan_answer_shows_a_timeline_and_offers_both_downloads(app):
    ask(app, ISSUE)
    message = latest_message(app)
    answer, mid = message["answer"], message["id"]
    assert answer.intent == "plan" and answer.plan
    block = app.get_by_key(f"plan-{mid}")
    assert len(block.dataframe) == 1 and "Timeline" in block.markdown[0].value
    shown = block.dataframe[0].value
    assert list(shown["Stage"]) == [item["stage"] for item in answer.plan["items"]]
    assert app.get_by_key(f"plan-md-{mid}") is not None and app.get_by_key(f"plan-ics-{mid}") is not None
    assert app.date_input(key=f"plan-start-{mid}").value == dt.date.today()


def test_the_timeline_and_files_follow_the_plan(app):
    ask(app, ISSUE)
    plan = Plan.model_validate(latest_message(app)["answer"].plan)
    rows = timeline_rows(plan)
    assert [r["Stage"] for r in rows] == [i.stage for i in plan.items]
    assert rows[0]["Weeks"] == "1–2" and rows[0]["Estimate"] == "ours" and rows[0]["Sources"].startswith("[")
    markdown, calendar = downloads(plan, dt.date(2027, 1, 4))
    assert b"## Sources" in markdown and b"(2027-01-04 to 2027-01-17)" in markdown
    events = list(Calendar.from_ical(calendar).walk("VEVENT"))
    assert len(events) == len(plan.items) and events[0].decoded("DTSTART") == dt.date(2027, 1, 4)


def test_a_plan_of_a_roadmap_without_order_names_its_rows_sections():
    from rag.plan.models import Estimate, PlanItem

    item = PlanItem(stage="Dashboards", index=2, start_week=1, end_week=2, hours=12.5, citation=1,
                    estimate=Estimate(kind="roadmap", text="the roadmap: 2-3 weeks (5 hours/week)", citation=1))
    plan = Plan(roadmap="Awesome Data Visualization Learning", source="x.md", goal=None, hours_per_week=5, weeks=4,
                known=[], order="sections", items=[item])
    assert timeline_rows(plan)[0]["Section"] == "Dashboards" and "Stage" not in timeline_rows(plan)[0]
    assert timeline_rows(plan.model_copy(update={"order": "stages"}))[0]["Stage"] == "Dashboards"


def _cut_plan() -> Plan:
    """A plan whose horizon holds only the first 4 of a stage's 10 hours (the roadmap's estimate)."""
    from rag.plan.models import Estimate, PlanItem

    item = PlanItem(stage="Deep learning", index=3, start_week=12, end_week=12, hours=4, of_hours=10, citation=2,
                    estimate=Estimate(kind="roadmap", text="the roadmap: 10 hours", citation=2))
    return Plan(roadmap="AI/ML 2026", source="x.md", goal=None, hours_per_week=4, weeks=12, known=[], order="stages",
                items=[item])


def test_a_stage_the_horizon_cuts_shows_the_part_planned_as_computed_not_as_the_roadmaps_figure():
    row = timeline_rows(_cut_plan())[0]
    assert row["Hours"] == "first 4 of 10 h"
    assert row["Estimate"].startswith("computed") and "the other 6 h come after week 12" in row["Estimate"]
    assert row["Estimate"] != "the roadmap's"
