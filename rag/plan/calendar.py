"""A plan as an iCalendar file (RFC 5545): one all-day event per item spanning its weeks, with the
stage, its week range, hours, what to learn and the resources' links. Calendars import it as is."""

from __future__ import annotations

import datetime as dt
import hashlib

from rag.plan.models import Plan
from rag.plan.render import http_url, part_text, week_dates, weeks_text

PRODUCT_ID = "-//AI-ML career advisor//learning plan//EN"


def plan_calendar(plan: Plan, start: dt.date, *, now: dt.datetime | None = None) -> bytes:
    """The .ics bytes. UIDs depend on the plan and the start date only, so re-importing a plan
    updates its events instead of duplicating them."""
    from icalendar import Calendar, Event

    stamp = now or dt.datetime.now(dt.timezone.utc)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Learning plan: {plan.roadmap}")
    for item in plan.items:
        first, last = week_dates(item, start)
        event = Event()
        uid = hashlib.sha1(f"{plan.source}|{item.index}|{start.isoformat()}".encode()).hexdigest()
        event.add("uid", f"{uid}@advisor-plan")
        event.add("dtstamp", stamp)
        event.add("dtstart", first)
        event.add("dtend", last + dt.timedelta(days=1))  # all-day events end the day after (exclusive)
        event.add("summary", f"{item.stage} ({weeks_text(item)})")
        links = [r for r in item.resources if http_url(r.url)]
        if links:
            event.add("url", links[0].url)
        hours = f"{item.hours:g} hours ({item.estimate.text})" if item.of_hours is None else (
            f"{part_text(item)} (computed: what fits before the plan ends; the whole from {item.estimate.text})")
        lines = [f"{weeks_text(item, start)} of the plan: {hours}.",
                 f"Roadmap: {plan.roadmap}"]
        if item.learn:
            lines += ["", "Learn:"] + [f"- {x}" for x in item.learn]
        if links:
            lines += ["", "Resources:"] + [f"- {r.title} ({r.cost}): {r.url}" for r in links]
        event.add("description", "\n".join(lines))
        event.add("categories", ["Learning plan"])
        calendar.add_component(event)
    return calendar.to_ical()
