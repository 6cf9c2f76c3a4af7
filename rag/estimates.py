"""The time a roadmap gives in its own words ("4-6 weeks (15-20 hours/week)", "30-45 hours", "a
12-week course ... 8 hours per week", "1 hour a day for 3 weeks", "each lesson takes about 3
hours") and the total hours it implies. One parser, used by ingest (a stage's estimate kept in the
index) and by the answerer (figures at the learner's pace, and the grounding check that recomputes
them).

A daily rate is turned into hours with the days a week the line states ("5 days a week",
"weekdays"), else every day of the week; the computed figure says which (rag.learner.at_pace).
The weekly-rate, daily-rate and weekday phrases are defined here once, for roadmap lines and for the learner's
questions alike (rag.roadmap_time, rag.plan.ask), so one phrase reads the same everywhere.
"""

from __future__ import annotations

import re

from rag.models import StageEstimate

# The words of the units of time the phrases below read: a question made of them names no topic.
TIME_UNIT_WORDS = frozenset("hour hours hr hrs h day days daily week weeks weekly month months year years".split())
_NUMBER = r"(\d+(?:\.\d+)?)"
_RANGE = rf"{_NUMBER}(?:\s*(?:-|–|—|to)\s*{_NUMBER})?"
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20}
# a number as a learner writes it: "2", "1.5", "two", "an" (one capture group; see said_number)
SAID_NUMBER = r"(\d+(?:\.\d+)?|\b(?:" + "|".join(NUMBER_WORDS) + r")\b)"
_SAID_RANGE = rf"{SAID_NUMBER}(?:\s*(?:-|–|—|to)\s*{SAID_NUMBER})?"
_PER = r"(?:/|per|an?|each|every|in a)"
_HOURS = r"\s*(?:hours?|hrs?|h)\b"
# "1 hour a day", "1-2 hours per day", "2h/day", "an hour every evening", "2 hours daily": a daily rate
_DAILY = rf"(?:\s*{_PER}\s*(?:day|night|evening|week ?day|week ?night|work ?day)\b|\s+daily\b)"
PER_DAY = re.compile(rf"{_SAID_RANGE}{_HOURS}{_DAILY}", re.I)
# "8 hours a week", "15-20 hours/week", "two hours per week", "6 hours weekly", "5 h/w": a weekly rate
_WEEKLY = rf"(?:\s*{_PER}\s*(?:week|wk)\b|\s+weekly\b|/w\b)"
PER_WEEK = re.compile(rf"{_SAID_RANGE}{_HOURS}{_WEEKLY}", re.I)
# what a length or a total is not when a rate follows it: "3 days a week", "2 hours per day"
_NOT_RATE = rf"(?!{_WEEKLY}|{_DAILY})"
# "4-6 weeks", "12-week": the hyphen of a compound length is not a range
SPAN = re.compile(rf"{_RANGE}\s*-?\s*(weeks?|wks?|months?|days?)\b{_NOT_RATE}", re.I)
# Any time a learner states, with its rate if it has one ("8 hours a week", "3 months", "2-3 hrs/day",
# "a 12-week course"): read as their budget, never as a stage number (rag.learner.without_quantities)
QUANTITY = re.compile(rf"\b{_RANGE}\s*-?\s*(?:hours?|hrs?|h|weeks?|wks?|months?|days?|years?)\b"
                      rf"(?:{_WEEKLY}|{_DAILY}|\s*{_PER}\s*month\b)?", re.I)
DAYS_A_WEEK = re.compile(r"\b([1-7])\s*days?\s*(?:a|per|each|every|/)\s*week\b", re.I)
# "10 hours at weekends", "weekends only, about 6 hrs": hours kept up at weekends, taken as a week's
WEEKEND = re.compile(rf"weekends?\b[^.?!\d]{{0,30}}?{_NUMBER}{_HOURS}|{_NUMBER}{_HOURS}[^.?!\d]{{0,30}}?\bweekends?\b", re.I)
# "on weekdays", "Mon-Fri": a daily rate kept up five days a week
WEEKDAYS = re.compile(r"\b(?:week ?days?|week ?nights?|work ?days?|mon(?:day)?\s*(?:-|–|to)\s*fri(?:day)?)\b", re.I)
# "2 hours a day at weekends": a daily rate kept up two days a week
WEEKENDS = re.compile(r"\bweek-?ends?\b", re.I)
TOTAL_HOURS = re.compile(rf"{_RANGE}\s*(?:hours?|hrs?)\b{_NOT_RATE}", re.I)
# "each lesson takes about 3 hours", "3 hours per module": a time for every stage of one kind
PER_UNIT = re.compile(
    rf"\b(?:each|every|per|one|a)\s+(?P<unit>lesson|module|step|stage|unit|chapter|lecture|phase|part|week|day)\b"
    rf"[^.;\d]{{0,40}}?{_RANGE}{_HOURS}{_NOT_RATE}|"
    rf"{_RANGE}\s*(?:hours?|hrs?|h)\s*(?:/|per|a|each|every|for each)\s*(?P<unit2>lesson|module|step|stage|unit|"
    rf"chapter|lecture|phase|part)\b", re.I)
WEEKS_PER = {"week": 1.0, "wk": 1.0, "month": 52 / 12, "day": 1 / 7}
# A whole curriculum's span ("about 2 years ... 20 hours/week"): read by the answerer only; a
# stage's estimate at ingest is in weeks, months or days.
YEARS = re.compile(rf"{_RANGE}\s*-?\s*(years?)\b", re.I)


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


def said_number(text: str) -> float:
    """A number as written: "2", "1.5", "two", "an"."""
    return float(NUMBER_WORDS[text.lower()]) if text.lower() in NUMBER_WORDS else float(text)


def number_range(match: re.Match) -> tuple[float, float]:
    low = said_number(match.group(1))
    return low, said_number(match.group(2)) if match.group(2) else low


def span_unit(match: re.Match) -> str:
    """A span's unit as a plural or singular word ("12-week" -> "weeks", "1 month" -> "month")."""
    unit = {"wk": "week"}.get(match.group(3).lower().rstrip("s"), match.group(3).lower().rstrip("s"))
    return unit if number_range(match)[1] == 1 else unit + "s"


def days_said(text: str) -> int | None:
    """The days a week a text says a daily rate is kept up ("5 days a week", "on weekdays": 5, "at
    weekends": 2), or None."""
    said = DAYS_A_WEEK.search(text)
    return int(said.group(1)) if said else 5 if WEEKDAYS.search(text) else 2 if WEEKENDS.search(text) else None


def days_a_week(text: str) -> int:
    """The days a week a daily rate is kept up: as the text says, else all 7."""
    return days_said(text) or 7


def weekly_rate(text: str) -> float | None:
    """A learner's hours a week as they state them (the low end of a range: what they are sure of);
    None when the text states none or a rate of zero."""
    found = PER_WEEK.search(text)
    return number_range(found)[0] or None if found else None


def daily_rate(text: str) -> tuple[float, int] | None:
    """A learner's daily rate as hours a day (the low end of a range: what they are sure of) and the
    days a week they keep it up; None when the text states none or a rate of zero."""
    found = PER_DAY.search(text)
    if not found or not number_range(found)[0]:
        return None
    return number_range(found)[0], days_a_week(text)


def weekend_rate(text: str) -> float | None:
    """The hours a learner says they study at weekends; None when the text states none or zero."""
    found = WEEKEND.search(text)
    return float(found.group(1) or found.group(2)) or None if found else None


def estimate_hours(text: str) -> tuple[float | None, float | None]:
    """Total hours a time text implies: weeks x hours/week or hours/day (ranges kept as low/high),
    or hours stated outright. (None, None) when the text does not give enough to compute them."""
    span = SPAN.search(text)
    rate, per_day = PER_WEEK.search(text), PER_DAY.search(text)
    if span and (rate or per_day):
        unit = span_unit(span).rstrip("s")
        (span_low, span_high) = number_range(span)
        if rate:
            weekly = number_range(rate)
            weeks = (span_low * WEEKS_PER.get(unit, 1.0), span_high * WEEKS_PER.get(unit, 1.0))
        else:
            daily = number_range(per_day)
            days = span_low if unit == "day" else None
            if days is not None:  # "2 hours a day for 10 days"
                return round(span_low * daily[0], 1), round(span_high * daily[1], 1)
            weekly = (daily[0] * days_a_week(text), daily[1] * days_a_week(text))
            weeks = (span_low * WEEKS_PER.get(unit, 1.0), span_high * WEEKS_PER.get(unit, 1.0))
        return round(weeks[0] * weekly[0], 1), round(weeks[1] * weekly[1], 1)
    total = TOTAL_HOURS.search(text)
    if total and not PER_UNIT.search(text):
        return number_range(total)
    return None, None


def parse_estimate(text: str, section: str = "") -> StageEstimate | None:
    """The estimate a line states: a duration (with the total hours when it also gives a weekly or
    daily effort), or a total in hours ("30-45 hours"); None for a line that names neither. A
    time per lesson or module is not one stage's estimate (see `per_unit_hours`)."""
    if not (SPAN.search(text) or TOTAL_HOURS.search(text)) or PER_UNIT.search(text):
        return None
    low, high = estimate_hours(text)
    if not SPAN.search(text) and low is None:
        return None
    return StageEstimate(text=text.strip(), hours_low=low, hours_high=high, section=section)


def per_unit_hours(text: str) -> tuple[str, float, float] | None:
    """("lesson", 3.0, 3.0) for "each lesson takes about 3 hours": the kind of stage a time is
    given for, and its hours; None when the line gives no such time."""
    found = PER_UNIT.search(text)
    if not found:
        return None
    numbers = [g for g in found.groups() if g is not None and re.fullmatch(r"\d+(?:\.\d+)?", g)]
    low = float(numbers[0])
    high = float(numbers[1]) if len(numbers) > 1 else low
    return (found.group("unit") or found.group("unit2")).lower(), low, high


# the parts of a heading that may say how long: "(4-6 weeks)", "[2 months]", or what follows its
# last separator ("Step 3 — Deep Learning - 2 months", "Basics: 30-40 hours")
HEADING_BRACKETS = re.compile(r"\(([^()]{1,80})\)|\[([^\[\]]{1,80})\]")
HEADING_SEPARATOR = re.compile(r"\s[-–—|]\s|:\s")


def heading_estimate(heading: str, section: str) -> StageEstimate | None:
    """The time a stage's own heading gives ("Stage 2: Core ML Algorithms (4–6 weeks)"): the
    parenthesised or trailing part that states it, read by the same parser as a stated line. Ingest
    keeps it as the stage's estimate; the answerer reads it again from an index made before that."""
    heading = heading.replace("**", "")
    parts = [found.group(1) or found.group(2) for found in HEADING_BRACKETS.finditer(heading)]
    tail = HEADING_SEPARATOR.split(heading)
    parts += tail[-1:] if len(tail) > 1 else []
    for part in parts:
        text = " ".join(part.split())
        if len(text) <= 80 and re.search(r"\d", text) and (SPAN.search(text) or TOTAL_HOURS.search(text)):
            low, high = estimate_hours(text)
            return StageEstimate(text=text, hours_low=low, hours_high=high, section=section)
    return None
