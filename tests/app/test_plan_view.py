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
