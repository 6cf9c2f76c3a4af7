"""Hours per stage: the roadmap's own estimate when it states one, else our documented default.

Our default (labelled "our estimate" wherever it shows): 5 hours for each thing the stage lists to
learn, at least 10 and at most 30 hours a stage. A listed topic ("Linear Algebra: vectors, matrices,
eigenvalues") is roughly an evening of videos plus an evening of exercises; the floor keeps a terse
stage from vanishing, the ceiling keeps a long list of one-liners from swallowing the plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.estimates import (PER_DAY, PER_WEEK, SPAN, WEEKS_PER, days_a_week, estimate_hours, number_range,
                           per_unit_hours, span_unit)
from rag.models import Passage, Stage, StageEstimate
from rag.plan.overview import table_time
from rag.whole_time import kind_of, rate_lines, unit_lines

HOURS_PER_TOPIC = 5.0
MIN_STAGE_HOURS = 10.0
MAX_STAGE_HOURS = 30.0
DEFAULT_RULE = (f"where the roadmap gives no time, we plan {HOURS_PER_TOPIC:g} hours for each thing a stage lists "
                f"to learn, at least {MIN_STAGE_HOURS:g} and at most {MAX_STAGE_HOURS:g} hours a stage.")


@dataclass(frozen=True)
class StageHours:
    hours: float
    kind: str  # "roadmap" | "default"
    text: str
    passage: Passage | None  # what a roadmap estimate cites (a default one too, when it shows the roadmap's words)
    estimate: StageEstimate | None = None  # the figure the learner's pace is computed from, when not the stage's own
    note: str = ""  # how the plan read the roadmap's words into hours, when it did more than quote them


def default_hours(topic_count: int) -> float:
    return min(MAX_STAGE_HOURS, max(MIN_STAGE_HOURS, HOURS_PER_TOPIC * topic_count))


def with_hours(estimate: StageEstimate | None) -> StageEstimate | None:
    """The estimate with the hours its text implies, read again by today's parser (an index made
    before it learnt daily rates keeps "1 hour a day for 3 weeks" without hours)."""
    if estimate is None or estimate.hours_low or estimate.hours_high:
        return estimate
    low, high = estimate_hours(estimate.text)
    return estimate.model_copy(update={"hours_low": low, "hours_high": high}) if low is not None else estimate


def stage_hours(stage: Stage, topic_count: int, passages: list[Passage],
                roadmap_passages: list[Passage] = (), per_week: float | None = None) -> StageHours:
    """The stage's own estimate; else its row in an overview table (rag.plan.overview); else the
    time the roadmap gives for every stage of its kind ("each lesson takes about 3 hours", found in
    `roadmap_passages` outside the stages); else a length with no hours ("2-3 weeks") taken at the
    learner's pace (`per_week`); else ours, beside the roadmap's words when it gives some."""
    estimate = with_hours(stage.estimate)
    if estimate is not None and (estimate.hours_low or estimate.hours_high):
        low = estimate.hours_low or estimate.hours_high or 0.0
        high = estimate.hours_high or low
        hours = round((low + high) / 2, 1)
        cited = _stating(estimate.text, estimate.section, passages)
        if cited is not None:
            return StageHours(hours, "roadmap", f"the roadmap: {estimate.text}",
                              cited)
    table = table_time(stage, list(roadmap_passages))
    if table is not None and table.estimate.hours_low:
        low, high = table.estimate.hours_low, table.estimate.hours_high or table.estimate.hours_low
        return StageHours(round((low + high) / 2, 1), "roadmap", f"the roadmap's {_where(table.passage)}: {table.text}",
                          table.passage, table.estimate)
    per_unit = _per_unit(stage, roadmap_passages) or _at_roadmap_pace(stage, roadmap_passages)
    if per_unit is not None:
        return per_unit
    hours = default_hours(topic_count)
    # a length with no hours, in the stage's own words or in its table row: one rule for both
    lengths = [(estimate, passages, "the roadmap", "The roadmap")] if estimate is not None else []
    if table is not None:
        lengths.append((table.estimate, [table.passage], f"the roadmap's {_where(table.passage)}", "The table"))
    for length, stating, where, _ in lengths:
        found = _length_only(length, stating, per_week, where)
        if found is not None:
            return found
    for length, stating, where, who in lengths:  # "Full-Time: 2-3 months; Part-Time: 4-6 months": said, not computed
        cited = _stating(length.text, length.section, stating) if SPAN.search(length.text) else None
        if cited is not None:
            return StageHours(hours, "default", f"{where}: {length.text}", cited,
                              note=f"{who} gives a length but no hours a week, so the plan takes our estimate")
    return StageHours(hours, "default", f"our estimate: {hours:g} hours for {topic_count} things to learn; "
                      "the roadmap gives no time for this stage", None)


def _where(passage: Passage) -> str:
    """Where a table sits, as a reader finds it: "table under Learning Path Overview"."""
    return f"table under {passage.section.split(' > ')[-1]}" if passage.section else "table"


def _length_only(estimate: StageEstimate | None, passages: list[Passage], per_week: float | None,
                 where: str = "the roadmap") -> StageHours | None:
    """A stage's time given as one length with no hours, in its heading ("Stage 1: Math + Python
    Basics (2-3 weeks)") or its table row ("Duration: 3 weeks"): its middle at the learner's hours a
    week, cited to the passage that states it. Two lengths ("Full-Time: 2-3 months; Part-Time: 4-6
    months") say at which pace each holds, and the learner's is neither: None, as without a pace."""
    span = SPAN.search(estimate.text) if estimate is not None else None
    if span is None or not per_week or span_unit(span).rstrip("s") not in WEEKS_PER or len(SPAN.findall(estimate.text)) > 1:
        return None
    cited = _stating(estimate.text, estimate.section, passages)
    if cited is None:
        return None
    low, high = number_range(span)
    weeks = (low + high) / 2 * WEEKS_PER[span_unit(span).rstrip("s")]
    hours = round(weeks * per_week, 1)
    taken = "its middle" if low != high else "it"
    return StageHours(hours, "roadmap", f"{where}: {estimate.text}", cited,
                      note=f"The roadmap gives a length but no hours a week, so the plan takes {taken}, "
                           f"{_weeks_said(weeks)}, at your {per_week:g} hours a week: {hours:g} hours")


def _weeks_said(weeks: float) -> str:
    """"13 weeks", "about 10.8 weeks", "about 3 days": a count a reader can take in, never "10.8333"."""
    if weeks < 0.95:
        days = max(round(weeks * 7), 1)
        return f"about {days} day{'s' if days != 1 else ''}"
    if abs(weeks - round(weeks)) < 0.05:
        return f"{round(weeks):g} week{'s' if round(weeks) != 1 else ''}"
    return f"about {round(weeks, 1):g} weeks"


def _stating(text: str, section: str, passages: list[Passage]) -> Passage | None:
    """The passage that states the estimate: by its words, then by its section, then by every part
    of it (a course table's row gives "13 weeks" and "6-10 hours/week" in two columns). None when
    no passage states it: an estimate that cannot be cited is not used."""
    flat = [(passage, " ".join(passage.text.split()).casefold()) for passage in passages]
    needle = " ".join(text.split()).casefold()
    found = next((p for p, body in flat if needle and needle in body), None)
    found = found or next((p for p in passages if section and p.section == section), None)
    parts = [part.strip() for part in needle.split(",") if part.strip()]
    return found or next((p for p, body in flat if parts and all(part in body for part in parts)), None)


def _per_unit(stage: Stage, roadmap_passages: list[Passage]) -> StageHours | None:
    """"Each lesson takes about 3 hours" for a stage labelled "Lesson 4": the roadmap's time for a
    stage of that kind, cited to the line outside the stages that gives it (rag.whole_time)."""
    kind = kind_of(stage)
    for unit, sentence, passage in unit_lines(list(roadmap_passages)) if kind else []:
        found = per_unit_hours(sentence)
        if unit == kind and found is not None:
            return StageHours(round((found[1] + found[2]) / 2, 1), "roadmap",
                              f"the roadmap, for every {unit}: {sentence}", passage)
    return None


def _at_roadmap_pace(stage: Stage, roadmap_passages: list[Passage]) -> StageHours | None:
    """A stage labelled by its own length ("Weeks 1-2", "Day 3", "Month 2") in a roadmap that states
    the effort it expects ("Budget about 5 hours per week", "1 hour every day"): that effort over
    the stage's length, cited to the line that states the effort."""
    kind = kind_of(stage).rstrip("s")
    if kind not in {"day", "week", "month"}:
        return None
    numbers = [int(n) for n in re.findall(r"\d+", stage.label)]
    length = numbers[-1] - numbers[0] + 1 if len(numbers) >= 2 and numbers[-1] > numbers[0] else 1
    for sentence, passage in rate_lines(list(roadmap_passages)):
        weekly, daily = PER_WEEK.search(sentence), PER_DAY.search(sentence)
        if weekly and kind in {"week", "month"}:
            rate, unit = number_range(weekly), "week"
            weeks = length * (52 / 12 if kind == "month" else 1)
        elif daily and kind in {"day", "week"}:
            rate, unit = number_range(daily), "day"
            weeks = length if kind == "day" else length * days_a_week(sentence)  # counted in days here
        else:
            continue
        hours = round((rate[0] + rate[1]) / 2 * weeks, 1)
        said = f"{rate[0]:g}" + (f"-{rate[1]:g}" if rate[1] != rate[0] else "")
        span = f"{length} {kind}{'s' if length != 1 else ''}"
        return StageHours(hours, "roadmap", f"the roadmap's pace, {said} h a {unit}, over this stage's {span}: "
                                            f"{sentence}", passage)
    return None
