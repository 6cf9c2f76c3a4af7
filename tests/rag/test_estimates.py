"""The time a roadmap gives in its own words, read the same way by ingest and by the answerer."""

import pytest

from rag.estimates import (SPAN, TOTAL_HOURS, estimate_hours, heading_estimate, parse_estimate, per_unit_hours,
                           weekend_rate)


@pytest.mark.parametrize(("text", "hours"), [
    ("4-6 weeks (15-20 hours/week)", (60, 120)),
    ("13 weeks, 8-10 hours/week", (104, 130)),
    ("8 weeks | 4–12 hours/week", (32, 96)),
    ("2 months at 10 hrs per week", (round(2 * 52 / 12 * 10, 1), round(2 * 52 / 12 * 10, 1))),
    ("about 40 hours in total", (40, 40)),
    ("30-45 hours", (30, 45)),
    ("14 weeks", (None, None)),  # no weekly effort: the text is kept, no hours invented
    ("self-paced", (None, None)),
])
def test_estimate_hours(text, hours):
    assert estimate_hours(text) == hours


def test_a_line_with_a_duration_is_an_estimate_and_a_line_without_one_is_not():
    estimate = parse_estimate("Time Commitment: 4-6 weeks (15-20 hours/week)", section="Step 4")
    assert estimate is not None and (estimate.hours_low, estimate.hours_high) == (60, 120)
    assert estimate.section == "Step 4"
    assert parse_estimate("Practice 2 hours every day") is None


@pytest.mark.parametrize(("text", "hours"), [
    ("1 hour a day for 3 weeks", (21, 21)),  # a daily rate, every day unless the line says otherwise
    ("2h/day, 2 weeks", (28, 28)),
    ("2 hours a day, 5 days a week for 4 weeks", (40, 40)),
    ("3 hours a day for 10 days", (30, 30)),
    ("a 12-week course. Plan on about 8 hours per week", (96, 96)),  # a compound length
    ("Each lesson takes about 3 hours", (None, None)),  # a time per lesson is not this text's total
])
def test_daily_rates_compound_lengths_and_times_per_lesson(text, hours):
    assert estimate_hours(text) == hours


def test_a_total_in_hours_alone_is_an_estimate_and_a_time_per_lesson_is_read_apart():
    from rag.estimates import per_unit_hours

    total = parse_estimate("Estimated time: 30-45 hours")
    assert total is not None and (total.hours_low, total.hours_high) == (30, 45)
    assert parse_estimate("Each lesson takes about 3 hours, exercises included.") is None
    assert per_unit_hours("Each lesson takes about 3 hours, exercises included.") == ("lesson", 3.0, 3.0)
    assert per_unit_hours("Budget 2-4 hours per module") == ("module", 2.0, 4.0)
    assert per_unit_hours("Time needed: 30 hours") is None


@pytest.mark.parametrize("heading, text", [
    ("Stage 2: Core ML Algorithms (4–6 weeks)", "4–6 weeks"),
    ("Step 3 — Deep Learning - 2 months", "2 months"),
    ("Basics: 30-40 hours", "30-40 hours"),
    ("**Month 1** [4 weeks]", "4 weeks"),
    ("Top 10 Models of 2024", None),
    ("Stage 4: Portfolio", None),
])
def test_a_stage_heading_gives_its_duration_and_a_number_that_is_no_time_is_none(heading, text):
    found = heading_estimate(heading, heading)
    assert (found.text if found else None) == text


@pytest.mark.parametrize("text", ["3 days a week", "5 days every week", "2 days per week", "4 days/week"])
def test_a_length_followed_by_a_rate_is_not_a_span(text):
    """The days of "3 days a week" say how often, not how long: one reading of "a rate follows" for
    spans, totals and times per lesson alike."""
    assert SPAN.search(text) is None


def test_a_time_per_lesson_kept_up_weekly_is_a_rate_not_a_time_per_lesson():
    assert per_unit_hours("each lesson takes about 3 hours") == ("lesson", 3.0, 3.0)
    assert per_unit_hours("each lesson: about 3 hours a week") is None
    assert TOTAL_HOURS.search("2 hours every evening") is None


def test_weekend_hours_are_read_on_either_side_of_the_word():
    assert weekend_rate("weekends only, ~6 hrs") == 6.0
    assert weekend_rate("about 5 hours on weekends") == 5.0
    assert weekend_rate("0 hours at weekends") is None and weekend_rate("6 hours a week") is None
