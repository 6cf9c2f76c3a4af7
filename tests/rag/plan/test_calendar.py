"""The .ics file: parsed back with icalendar, one all-day event per item over its weeks, with links."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from rag.plan import PlanRequest, build_plan
from rag.plan.calendar import plan_calendar


def test_the_calendar_has_one_event_per_item_over_its_weeks_with_its_links(library):
    plan = build_plan(PlanRequest(goal="data engineer", hours_per_week=10, weeks=8), library)
    start = dt.date(2027, 1, 4)
    data = plan_calendar(plan, start, now=dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc))
    calendar = Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(plan.items) == 3
    for event, item in zip(events, plan.items):
        assert str(event["SUMMARY"]).startswith(item.stage)
        first = event.decoded("DTSTART")
        end = event.decoded("DTEND")  # exclusive: the day after the item's last day
        assert first == start + dt.timedelta(weeks=item.start_week - 1)
        assert end == start + dt.timedelta(weeks=item.end_week)
        description = str(event["DESCRIPTION"])
        assert f"{item.hours:g} hours" in description
        for resource in item.resources:
            if resource.url:
                assert resource.url in description
    spark = events[2]
    assert str(spark["URL"]) == "https://spark.apache.org/docs/latest/"
    assert "Weeks 3–7" in str(spark["SUMMARY"])  # 25 hours before it, 37 in it: hours 26-62
    assert len({str(e["UID"]) for e in events}) == 3
    again = plan_calendar(plan, start, now=dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc))
    assert again == data  # stable UIDs: importing twice updates instead of duplicating


def test_a_stage_the_horizon_cuts_says_in_its_event_that_only_its_start_is_planned():
    from rag.plan.models import Estimate, Plan, PlanItem

    item = PlanItem(stage="Deep learning", index=3, start_week=12, end_week=12, hours=4, of_hours=10, citation=2,
                    estimate=Estimate(kind="roadmap", text="the roadmap: 10 hours", citation=2))
    plan = Plan(roadmap="AI/ML 2026", source="x.md", goal=None, hours_per_week=4, weeks=12, known=[],
                order="stages", items=[item])
    data = plan_calendar(plan, dt.date(2027, 1, 4), now=dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc))
    description = str(next(iter(Calendar.from_ical(data).walk("VEVENT")))["DESCRIPTION"])
    assert "the first 4 of its 10 hours" in description and "the other 6 hours come after week 12" in description
    assert "computed" in description and "4 hours (the roadmap: 10 hours)" not in description
