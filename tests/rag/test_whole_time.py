"""The lines in which a roadmap states how long all of it takes: one finder for the chat's answer
and the plan's figure, over the ways documents say it."""

from __future__ import annotations

from rag.learner import at_pace, labelled, recomputes
from rag.estimates import line_estimate
from rag.models import Passage
from rag.plan.pace import whole_estimate
from rag.whole_time import whole_lines


def passage(text: str, stage: int | None = None, chunk: str = "p") -> Passage:
    return Passage(chunk_id=f"{chunk}{stage}", source="s", title="t", section="Intro", text=text, doc_id="d",
                   stage_index=stage)


def test_a_length_and_the_effort_in_the_next_sentence_are_read_together_even_across_a_soft_wrap():
    intro = passage("The Bootcamp is a 12-week, self-paced course from the Collective. Plan on\n"
                    "about 8 hours per week for the course. Work through the modules in order.")
    [(sentence, found)] = whole_lines([intro])
    assert sentence == ("The Bootcamp is a 12-week, self-paced course from the Collective. Plan on about 8 hours "
                        "per week for the course.")
    whole = whole_estimate([intro], 6)
    assert whole.paced == "8 h/week for 12 weeks is 96 h: 16 weeks at 6 h/week"
    assert recomputes(labelled(whole.paced), [" ".join(intro.text.split("\n"))])  # the grounding check's way


def test_a_time_per_lesson_and_a_stages_own_time_are_not_the_whole_roadmaps():
    lessons = passage("A free course in eight lessons. Each lesson takes about 3 hours, exercises included.")
    stage = passage("Time needed: 3-4 weeks (5 hours/week)", stage=2)
    assert whole_lines([lessons, stage]) == []
    assert whole_estimate([lessons, stage], 6) is None


def test_a_length_without_an_effort_is_stated_but_gives_no_figure():
    intro = passage("Microsoft offers a 12-week, 26-lesson curriculum all about Machine Learning.")
    [(sentence, _)] = whole_lines([intro])
    assert "12-week" in sentence
    whole = whole_estimate([intro], 5)  # the length is said as the roadmap says it, and nothing is computed
    assert whole.text == "Microsoft offers a 12-week, 26-lesson curriculum all about Machine Learning."
    assert whole.paced == ""  # no hours to put at the learner's pace: nothing invented


def test_a_length_said_of_something_beside_the_roadmap_is_not_its_length():
    assert whole_estimate([passage("Prerequisites: 3-6 months coding Python.")], 8) is None  # before it starts
    assert whole_estimate([passage("This is my story: why I studied full-time for 8 months.")], 8) is None


def test_a_length_of_someones_experience_is_not_the_roadmaps_length():
    goal = passage("To reach the level of an ML Engineer, as expected from a 6 months to 1 year experienced "
                   "candidate.\nSuggested Timeline: 3 to 6 months (self-paced)")
    assert [s for s, _ in whole_lines([goal])] == ["Suggested Timeline: 3 to 6 months (self-paced)"]
    assert whole_lines([passage("For engineers with 2+ years of industry experience.")]) == []
    assert whole_estimate([goal], 6).text == "Suggested Timeline: 3 to 6 months (self-paced)"
    both = passage("A 12-week course for engineers with 2+ years of experience.")  # the experience is not all it says
    assert [s for s, _ in whole_lines([both])] == ["A 12-week course for engineers with 2+ years of experience."]


def test_experience_the_course_gives_is_the_courses_length():
    """"experience" after a length is the learner's only when it is had, required or prior; hands-on or
    practical experience the roadmap gives takes the roadmap's time."""
    for said in ["Expect 3 months of hands-on experience building projects.",
                 "It takes 2 years of practical experience to master this roadmap."]:
        assert [s for s, _ in whole_lines([passage(said)])] == [said]


def test_a_daily_rate_is_labelled_with_the_days_it_assumes():
    assert at_pace(line_estimate("1 hour a day for 3 weeks"), 5) == \
        "1 h/day every day for 3 weeks is 21 h: 5 weeks at 5 h/week"
    assert at_pace(line_estimate("2 hours a day, 5 days a week for 4 weeks"), 10) == \
        "2 h/day, 5 days a week for 4 weeks is 40 h: 4 weeks at 10 h/week"
