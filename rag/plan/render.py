"""A plan as Markdown with [n] markers: what an answer's text says, and what `--markdown` writes.

Every title and line comes from a document, so each is escaped to show literally, and only http(s)
URLs become links: the text is safe for any Markdown renderer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from types import MappingProxyType
from urllib.parse import quote, urlsplit

from rag.models import Stage
from rag.plan.estimate import DEFAULT_RULE
from rag.plan.models import Plan, PlanItem
from rag.learner import labelled
from rag.literal_refs import plain_refs

# Inline text never starts a line here, so only what forms a construct mid-line is escaped; `<` becomes
# an entity so that no HTML can form.
_SPECIALS = re.compile(r"([\\`*_\[\]|~$])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_URL_SAFE = "/:?#[]@!$&'*+,;=%~-._"  # kept as they are; parentheses, quotes and spaces are encoded


NO_ORDER = ("This roadmap sets no order (it names no steps or stages to follow), so this plan takes its top-level "
            "sections in the order the document lists them; reorder them as you like")
# the same when the roadmap says, in the lines the plan quotes, to take its contents in order
AS_LISTED = ("This roadmap names no steps or stages, so this plan takes its top-level sections in the order the "
             "document lists them, as the lines above say to")


def order_note(plan: Plan) -> str:
    """Why a plan follows the document's sections: the roadmap sets no order, or says to take them in turn."""
    return AS_LISTED if any(g.kind == "order" for g in plan.guide) else NO_ORDER


def inline(text: str) -> str:
    """Text shown literally on one line: Markdown and HTML characters escaped (a passage's literal
    "\\[1\\]" is its plain "[1]", escaped here once)."""
    flat = " ".join(_CONTROL.sub(" ", plain_refs(text)).split())
    return _SPECIALS.sub(r"\\\1", flat).replace("<", "&lt;")


def http_url(url: str | None) -> str | None:
    if not url or any(c.isspace() for c in url) or _CONTROL.search(url):
        return None
    parts = urlsplit(url)
    return url if parts.scheme in {"http", "https"} and parts.netloc else None


def link(title: str, url: str | None) -> str:
    target = http_url(url)
    if not target:
        return inline(title)
    return f"[{inline(title)}]({quote(target, safe=_URL_SAFE)})"


def weeks_text(item: PlanItem, start: dt.date | None = None) -> str:
    span = f"Week {item.start_week}" if item.start_week == item.end_week else f"Weeks {item.start_week}–{item.end_week}"
    if start is None:
        return span
    first, last = week_dates(item, start)
    return f"{span} ({first.isoformat()} to {last.isoformat()})"


def week_dates(item: PlanItem, start: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of an item's weeks, week 1 starting on `start`."""
    return start + dt.timedelta(weeks=item.start_week - 1), start + dt.timedelta(weeks=item.end_week, days=-1)


def _hours(value: float) -> str:
    return f"{value:g} hour{'s' if value != 1 else ''}"


def estimate_label(item: PlanItem) -> str:
    return "the roadmap's estimate" if item.estimate.kind == "roadmap" else "our estimate"


def part_text(item: PlanItem) -> str:
    """A stage the horizon cuts: the hours planned are what fits (computed), the estimate is the stage's
    whole, and the rest is said to come later, so a cut stage is never shown as all of it."""
    return (f"the first {item.hours:g} of its {_hours(item.of_hours)} ({estimate_label(item)}); the other "
            f"{_hours(round(item.of_hours - item.hours, 1))} come after week {item.end_week}")


def plan_markdown(plan: Plan, *, notes: list[str] = (), options: list[Stage] = (), later_learn: Mapping[str, str] = MappingProxyType({}),
                  start: dt.date | None = None) -> str:
    """What the plan computes (weeks, hours, totals) stands in bold title lines; what the roadmaps say
    (what to learn, resources, their own time estimates, why a stage is skipped) in cited lines."""
    budget = plan.hours_per_week * plan.weeks
    order = "the roadmap's order" if plan.order == "stages" else "the document's order"
    lines = [f"**Your {plan.weeks}-week plan for {inline(plan.roadmap)} · {_hours(plan.hours_per_week)} a week, "
             f"{_hours(budget)} in all, {_hours(plan.planned_hours)} planned in {order}**"]
    if plan.guide:  # the roadmap's own words on order and pace, before anything computed from them
        lines += ["", "**How the roadmap says to go through it**"]
        lines += [f"- {inline(g.text)} [{g.citation}]" for g in plan.guide]
    if plan.whole is not None:  # the roadmap's own figure for all of it, then at the learner's pace
        lines += ["", "**What the roadmap says all of it takes**", f"- {inline(plan.whole.text)} [{plan.whole.citation}]"]
        lines += [f"- {inline(labelled(plan.whole.paced))} [{plan.whole.citation}]"] if plan.whole.paced else [
            "", "**It gives no hours a week for that length, so no figure is computed from it at your pace**"]
    if plan.order == "sections":
        lines += ["", f"**{order_note(plan)}**"]
    if plan.skipped:
        lines += ["", "**Skipped**"]
        lines += [f"- {inline(s.stage)} [{s.citation}]: {inline(s.reason)}" for s in plan.skipped]
    for note in notes:  # what a known skill did not skip, and why (Markdown already: the words escaped)
        lines += ["", f"**{note}**"]
    if not plan.items:
        unit = "stage" if plan.order == "stages" else "section"
        lines += ["", f"**No {unit} fits in the time given: the first one needs more hours than the plan has. "
                      "Allow more hours a week or more weeks.**"]
    for item in plan.items:
        hours = f"{_hours(item.hours)} ({estimate_label(item)})" if item.of_hours is None else part_text(item)
        lines += ["", f"**{weeks_text(item, start)} · {inline(item.stage)} · {hours}**"]
        if item.learn:
            groups = [f"{'; '.join(inline(x.rstrip('.')) for x in texts)} [{number}]"
                      for texts, number in item.learn_groups()]
            lines.append(f"- Learn: {'; '.join(groups)}")
        else:
            lines.append(f"- {inline(item.stage)} [{item.citation}]")
        if item.resources:
            shown = [f"{link(r.title, r.url)}{_cost(r.cost)} [{r.citation}]" for r in item.resources]
            lines.append(f"- Resources: {'; '.join(shown)}")
        if item.estimate.citation is not None:
            lines.append(f"- Time: {inline(item.estimate.text)} [{item.estimate.citation}]")
            if item.estimate.paced:
                lines.append(f"- {inline(labelled(item.estimate.paced))} [{item.estimate.citation}]")
        if item.estimate.note:
            lines += ["", f"**{inline(item.estimate.note)}**"]
    if plan.later:
        lines += ["", f"**Later, beyond {plan.weeks} weeks at this pace**"]
        lines += [f"- {inline(s.stage)}{_first(later_learn.get(s.stage, ''))} [{s.citation}]" for s in plan.later]
    if any(item.estimate.kind == "roadmap" for item in plan.items):
        lines += ["", "**The roadmap's estimate: where it gives a range, we plan its middle**"]
    if any(item.estimate.kind == "default" for item in plan.items):
        lines += ["", f"**Our estimate: {inline(DEFAULT_RULE.rstrip('.'))}**"]
    if options:
        names = ", ".join(inline(s.title) for s in options)
        lines += ["", f"**Parallel options of this roadmap, not planned: {names} (name one in your goal to add it)**"]
    return "\n".join(lines)


def _first(learn: str) -> str:
    """A later stage's first thing to learn, so its line says what the cited passage says."""
    return f": {inline(learn.rstrip('.'))}" if learn else ""


def _cost(cost: str) -> str:
    return f" ({inline(cost)})" if cost in {"free", "paid", "freemium"} else ""


def plan_document(plan: Plan, *, start: dt.date | None = None) -> str:
    """A standalone Markdown file: the plan (with dates when a start is given) and its sources."""
    body = plan.answer if start is None else _dated(plan, start)
    lines = [f"# Learning plan: {inline(plan.goal or plan.roadmap)}", "", body, "", "## Sources", ""]
    for c in plan.citations:
        lines.append(f"{c.id}. {inline(c.title)} > {inline(c.section)} ({inline(c.source)})")
    return "\n".join(lines) + "\n"


def _dated(plan: Plan, start: dt.date) -> str:
    """The answer text with each item's week range followed by its dates."""
    text = plan.answer
    for item in plan.items:
        text = text.replace(f"**{weeks_text(item)} · ", f"**{weeks_text(item, start)} · ", 1)
    return text
