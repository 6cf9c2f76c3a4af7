"""The time a roadmap gives in its own words ("4-6 weeks (15-20 hours/week)", "30-45 hours") and the
total hours it implies. One parser, used by ingest (a stage's estimate kept in the index) and by the
answerer (figures at the learner's pace, and the grounding check that recomputes them).
"""

from __future__ import annotations

import re

from rag.models import StageEstimate

_NUMBER = r"(\d+(?:\.\d+)?)"
_RANGE = rf"{_NUMBER}(?:\s*(?:-|–|—|to)\s*{_NUMBER})?"
SPAN = re.compile(rf"{_RANGE}\s*(weeks?|wks?|months?|days?)\b", re.I)
PER_WEEK = re.compile(rf"{_RANGE}\s*(?:hours?|hrs?|h)\s*(?:/|per|a|each)\s*(?:week|wk)\b", re.I)
TOTAL_HOURS = re.compile(rf"{_RANGE}\s*(?:hours?|hrs?)\b(?!\s*(?:/|per|a|each)\s*(?:week|wk|day))", re.I)
WEEKS_PER = {"week": 1.0, "wk": 1.0, "month": 52 / 12, "day": 1 / 7}
# A whole curriculum's span ("about 2 years ... 20 hours/week"): read by the answerer only; a
# stage's estimate at ingest is in weeks, months or days.
YEARS = re.compile(rf"{_RANGE}\s*(years?)\b", re.I)


def line_estimate(text: str) -> StageEstimate | None:
    """The estimate one answer line states: a stage's (see `parse_estimate`), or a span in years
    with a weekly effort (the total hours it implies are computed the same way)."""
    found = parse_estimate(text)
    if found is not None:
        return found
    years, per_week = YEARS.search(text), PER_WEEK.search(text)
    if not (years and per_week):
        return None
    (years_low, years_high), (hours_low, hours_high) = number_range(years), number_range(per_week)
    return StageEstimate(text=text.strip(), hours_low=round(years_low * 52 * hours_low, 1),
                         hours_high=round(years_high * 52 * hours_high, 1))


def number_range(match: re.Match) -> tuple[float, float]:
    low = float(match.group(1))
    return low, float(match.group(2)) if match.group(2) else low


def estimate_hours(text: str) -> tuple[float | None, float | None]:
    """Total hours a time text implies: weeks x hours/week (ranges kept as low/high), or hours
    stated outright. (None, None) when the text does not give enough to compute them."""
    span, per_week = SPAN.search(text), PER_WEEK.search(text)
    if span and per_week:
        unit = span.group(3).lower().rstrip("s")
        factor = WEEKS_PER.get(unit, 1.0)
        (weeks_low, weeks_high), (hours_low, hours_high) = number_range(span), number_range(per_week)
        return round(weeks_low * factor * hours_low, 1), round(weeks_high * factor * hours_high, 1)
    total = TOTAL_HOURS.search(text)
    if total:
        return number_range(total)
    return None, None


def parse_estimate(text: str, section: str = "") -> StageEstimate | None:
    """The estimate a line states (a duration, with the total hours when it also gives a weekly
    effort); None for a line that names no duration."""
    if not SPAN.search(text):
        return None
    low, high = estimate_hours(text)
    return StageEstimate(text=text.strip(), hours_low=low, hours_high=high, section=section)
