"""The learner's own context: what they know, their weekly hours, their role; figures computed from
the roadmap's own estimate and labelled with its citation."""

from __future__ import annotations

import re

import pytest

from rag.estimates import parse_estimate
from rag.learner import LearnerContext, at_pace, learner_context, without_quantities
from rag.models import Stage


def test_known_topics_hours_and_role_are_read_from_the_question():
    context = learner_context("I already know pandas and numpy, and I have 6 hrs per week. what now?")
    assert context.known == ["pandas", "numpy"] and context.hours_per_week == 6
    backend = learner_context("im a backend developer, where should i begin")
    assert backend.role == "backend developer" and "sql" in backend.assumed and not backend.known  # assumed, not said
    assert not learner_context("What is in the second quarter?")


def test_an_estimate_line_gives_total_hours_and_weeks_at_the_learners_pace():
    estimate = parse_estimate("Budget: 2-3 months (10-12 hours/week)")
    assert estimate is not None and round(estimate.hours_low) == 87 and round(estimate.hours_high) == 156
    plain = parse_estimate("Time needed: 4-6 weeks (15-20 hours/week)")
    assert at_pace(plain, 10) == "15-20 h/week for 4-6 weeks is 60-120 h: 6-12 weeks at 10 h/week"
    assert parse_estimate("Practice every day") is None


def test_where_to_start_skips_the_stages_a_backend_developer_knows(advisor):
    answer = advisor.answer("im a backend dev. where should i begin?")
    note, _, rest = answer.answer.partition("**In short**")
    cited = {c.id: c.section for c in answer.citations}
    answered = [cited[int(n)] for n in re.findall(r"\[(\d+)\]", rest)]  # the stages are cited only as left out
    assert not any(s.startswith(("Step 1: Programming", "Step 2: Learn GitHub", "Step 3: SQL")) for s in answered), answered
    assert answered[0].startswith(("Q1 2026", "Step 4: Mathematics")), answered
    assert answer.answer.startswith("**You said you are a backend dev: I assumed that covers programming, python, sql")


def test_a_beginner_who_knows_nothing_about_programming_starts_with_it(advisor):
    answer = advisor.answer("I know nothing about programming, where do I start?")
    assert answer.citations[0].section.startswith("Step 1: Programming Fundamentals")


def test_a_computed_figure_names_the_line_it_comes_from(advisor):
    answer = advisor.answer("With 5 hours a week, how long would the maths foundations take me?")
    match = re.search(r"^- (.+?) \(computed from the cited line\) \[(\d+)\]$", answer.answer, re.M)
    assert match, answer.answer
    assert "12-24 weeks at 5 h/week" in match.group(1)
    cited = next(c for c in answer.citations if c.id == int(match.group(2)))
    assert "4-6 weeks (15-20 hours/week)" in cited.text


def test_the_time_a_learner_has_is_not_taken_for_a_stage_number():
    """ "8 hours a week" must not point the answer at "Step 8"; "step 4" still names step 4."""
    assert "8" not in without_quantities("I'm a backend dev with 8 hours a week, where do I start?")
    assert "3" not in without_quantities("I have 3 months and 10-12 h/week") and "12" not in \
        without_quantities("I have 3 months and 10-12 h/week")
    assert without_quantities("how long is step 4 of the 2026 roadmap?") == "how long is step 4 of the 2026 roadmap?"


def test_a_curriculum_span_in_years_is_paced_and_its_figure_recomputed_from_the_line():
    from rag.learner import LearnerContext, paced_line, recomputes

    line = "It is possible to finish within about 2 years if you devote roughly 20 hours/week to your studies."
    paced = paced_line(line, LearnerContext(hours_per_week=10), "[1]")
    assert "20 h/week for 2 years is 2080 h: 208 weeks at 10 h/week" in paced
    assert recomputes(paced.removeprefix("- ").removesuffix(" [1]"), [line])
    assert parse_estimate(line) is None  # a stage's estimate (read at ingest) stays in weeks, months or days


def test_a_table_rows_duration_and_effort_cells_are_paced_together():
    from rag.learner import LearnerContext, paced_line, recomputes

    row = "Courses: Shell Tools\nDuration: 2 weeks\nEffort: 12 hours/week\nDiscussion: chat"
    paced = paced_line("Duration: 2 weeks; Effort: 12 hours/week", LearnerContext(hours_per_week=5), "[1]")
    assert "12 h/week for 2 weeks is 24 h: 5 weeks at 5 h/week" in paced
    assert recomputes(paced.removeprefix("- ").removesuffix(" [1]"), [row])
    assert not recomputes(paced.removeprefix("- ").removesuffix(" [1]").replace("24 h", "30 h"), [row])


def test_a_claim_of_knowing_nothing_is_a_beginner_not_a_skill():
    """ "I know nothing about programming" must not skip the programming stage."""
    from rag.models import Stage

    programming = Stage(index=0, title="Step 1: Programming Fundamentals", label="Step 1", topics=["Python Basics"])
    for question in ("I know nothing about programming, where do I start?", "zero background here, where to begin?",
                     "im a total beginner who wants to become a data engineer", "I'm starting from scratch"):
        context = learner_context(question)
        assert context.beginner and not context.known and not context.assumed, question
        assert not context.knows(programming), question
    assert learner_context("I know python but nothing about SQL").known == ["python"]
    assert not learner_context("I know python, where next?").beginner


def test_a_stage_is_known_only_when_its_title_is_mostly_about_the_claim():
    from rag.models import Stage

    databases = Stage(index=0, title="Databases: Relational Databases and SQL")
    sql = Stage(index=1, title="Step 3: SQL", label="Step 3")
    basics = Stage(index=2, title="Python Basics", topics=["Variables"])
    assert learner_context("I know SQL").knows(sql) and not learner_context("I know SQL").knows(databases)
    assert not learner_context("I know the basics, what next?").knows(basics)  # a vague claim covers nothing


def test_where_to_start_says_which_stages_the_learners_skills_leave_out_cited_and_starts_after_them(advisor):
    answer = advisor.answer("I know Python and SQL, where do I start with the gen ai roadmap?")
    note, _, rest = answer.answer.partition("**In short**")
    assert "**Step 1: Programming Fundamentals**, which teaches Python (you said you know it) [" in note, answer.answer
    assert "**Step 3: SQL**, which teaches SQL (you said you know it) [" in note
    cited = {c.id: c.section for c in answer.citations}
    first = int(re.search(r"\[(\d+)\]", rest).group(1))
    assert cited[first].startswith("Step 2: Learn GitHub"), answer.answer  # not the SQL stage the question names
    assert "Why Learn SQL" not in rest
    answered = [cited[int(n)] for n in re.findall(r"\[(\d+)\]", rest)]  # the evidence floor's lines included
    assert not any(s.startswith(("Step 1: Programming", "Step 3: SQL")) for s in answered), answer.answer


def test_two_known_skills_together_cover_a_stage_about_both():
    stage = Stage(index=0, title="1. Python and NumPy")
    assert LearnerContext(known=["python", "numpy"]).knows(stage)
    assert not LearnerContext(known=["python"]).knows(stage)


@pytest.mark.parametrize("said", ["5 h/w", "2 hours daily", "a 12-week", "1-2 hours every evening", "3 months"])
def test_a_time_the_estimates_parser_reads_is_the_learners_budget_never_a_stage_number(said):
    """One reading of a duration (rag.estimates): what it reads as a rate or length is set aside whole."""
    from rag.estimates import PER_DAY, PER_WEEK, SPAN

    assert PER_WEEK.search(said) or PER_DAY.search(said) or SPAN.search(said)
    assert not re.search(r"\d", without_quantities(f"with {said}, what is step 2 about?").replace("step 2", ""))
