"""A rate reads the same in a question about the whole roadmap, in a plan request and in a roadmap's
own estimate line: the three once had their own patterns and read "evening", "daily", "an hour",
"weekdays", "weekly" and "10-15 hours" differently."""

import pytest

from rag.estimates import estimate_hours, parse_estimate
from rag.learner import learner_context
from rag.plan.ask import read_plan_request
from rag.roadmap_time import weekly_pace


@pytest.mark.parametrize(("phrase", "hours_a_week"), [
    ("1 hour a day", 7),
    ("2h/day", 14),
    ("2 hours every evening", 14),
    ("two hours a night", 14),
    ("an hour a day", 7),
    ("1.5 hours daily", 10.5),
    ("2 hours a day on weekdays", 10),
    ("2 hours a day mon-fri", 10),
    ("2 hours a day, 3 days a week", 6),
    ("1-2 hours per day", 7),  # a range: the learner is sure of its low end; a roadmap line keeps both
])
def test_a_daily_rate_reads_the_same_in_a_question_a_plan_and_a_roadmap_line(phrase, hours_a_week):
    pace = weekly_pace(f"how long would the whole thing take me at {phrase}?")
    plan = read_plan_request(f"make me a study plan, I can do {phrase}")
    low, _ = estimate_hours(f"Plan on {phrase} for 1 week")
    assert pace is not None and pace[0] == pytest.approx(hours_a_week)
    assert plan is not None and plan.request.hours_per_week == pytest.approx(hours_a_week)
    assert low == pytest.approx(hours_a_week)


@pytest.mark.parametrize(("phrase", "hours_a_week"), [
    ("8 hours a week", 8), ("two hours per week", 2), ("6 hours weekly", 6), ("5 h/w", 5), ("10 hrs/wk", 10),
    ("10-15 hours a week", 10),  # a range: the learner's low end, in the whole-time answer and the plan alike
])
def test_a_weekly_rate_reads_the_same_in_a_question_a_plan_and_a_roadmap_line(phrase, hours_a_week):
    pace = weekly_pace(f"how long would the whole thing take me at {phrase}?")
    plan = read_plan_request(f"make me a study plan, I can do {phrase}")
    low, _ = estimate_hours(f"Plan on {phrase} for 1 week")
    assert pace == (hours_a_week, "")
    assert plan is not None and plan.request.hours_per_week == hours_a_week
    assert low == hours_a_week
    assert learner_context(f"I know Python, {phrase}").hours_per_week == hours_a_week


def test_a_rate_alone_is_no_total_and_a_range_is_kept_in_a_roadmap_line():
    assert parse_estimate("Practice 2 hours every evening") is None  # a rate, not 2 hours in all
    assert parse_estimate("Study 6 hours weekly") is None
    assert estimate_hours("1-2 hours per day for 2 weeks") == (14, 28)
    assert estimate_hours("about 40 hours in total") == (40, 40)


@pytest.mark.parametrize("text", ["how long does it take?", "24/7 support", "step 2 takes a day"])
def test_text_without_a_daily_rate_gives_no_pace(text):
    assert weekly_pace(text) is None
