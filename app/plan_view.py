"""A plan answer in the Streamlit chat: its weeks as a timeline and downloads as Markdown and .ics.

The plan object comes from the answer (`Answer.plan`); its text, with citations, is already the
answer's Markdown above, so this adds only what a list of paragraphs cannot show.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app.render import plain_inline
from rag.plan.calendar import plan_calendar
from rag.plan.models import Plan, PlanItem
from rag.plan.render import plan_document


def timeline_rows(plan: Plan) -> list[dict[str, object]]:
    """One row per planned stage (or section, for a roadmap that sets no order), for the timeline table."""
    unit = "Stage" if plan.order == "stages" else "Section"
    return [{"Weeks": f"{i.start_week}–{i.end_week}" if i.end_week != i.start_week else str(i.start_week),
             unit: i.stage, "Hours": _hours(i), "Estimate": _estimate(i),
             "Sources": " ".join(f"[{n}]" for n in dict.fromkeys([i.citation, *i.learn_citations,
                                                                            *(r.citation for r in i.resources)]))}
            for i in plan.items]


def _hours(item: PlanItem) -> str:
    """A stage the horizon cuts shows the part planned of its whole ("first 4 of 10 h"), never the part as all of it."""
    return f"{item.hours:g}" if item.of_hours is None else f"first {item.hours:g} of {item.of_hours:g} h"


def _estimate(item: PlanItem) -> str:
    whose = "the roadmap's" if item.estimate.kind == "roadmap" else "ours"
    if item.of_hours is None:
        return whose
    return (f"computed: the first {item.hours:g} h fit; {item.of_hours:g} h is {whose}; "
            f"the other {round(item.of_hours - item.hours, 1):g} h come after week {item.end_week}")


def downloads(plan: Plan, start: dt.date) -> tuple[bytes, bytes]:
    """The plan as a Markdown file with its sources and as an iCalendar file starting on `start`."""
    return plan_document(plan, start=start).encode("utf-8"), plan_calendar(plan, start)


def render_plan(data: dict, mid: str) -> None:
    plan = Plan.model_validate(data)
    if not plan.items:
        return
    with st.container(key=f"plan-{mid}"):
        st.markdown(f"**Timeline** · {plain_inline(plan.roadmap)}")
        if plan.order == "sections":
            st.caption("This roadmap sets no order: its sections in the document's order.")
        st.dataframe(timeline_rows(plan), hide_index=True)
        start = st.date_input("Week 1 starts on", value=dt.date.today(), key=f"plan-start-{mid}")
    markdown, calendar = downloads(plan, start)
    with st.container(horizontal=True):
        st.download_button("Plan as Markdown", data=markdown, file_name="learning-plan.md", mime="text/markdown",
                           key=f"plan-md-{mid}", icon=":material/download:", on_click="ignore")
        st.download_button("Plan as calendar (.ics)", data=calendar, file_name="learning-plan.ics",
                           mime="text/calendar", key=f"plan-ics-{mid}", icon=":material/event:", on_click="ignore")
