"""The time a roadmap gives in its own words, read the same way by ingest and by the answerer."""

import pytest

from rag.estimates import estimate_hours, parse_estimate


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
