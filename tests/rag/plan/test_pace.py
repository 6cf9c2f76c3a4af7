"""The roadmap's time figures at the learner's pace, for every way roadmaps state a duration."""

from __future__ import annotations

import pytest

from rag.estimates import parse_estimate
from rag.learner import recomputes
from rag.models import Passage
from rag.plan.pace import labelled, paced, whole_estimate


@pytest.mark.parametrize("text, pace, figure", [
    ("Time Commitment: 4-6 weeks (15-20 hours/week)", 8, "15-20 h/week for 4-6 weeks is 60-120 h: 8-15 weeks at 8 h/week"),
    ("14 weeks, 6-10 hours/week", 20, "6-10 h/week for 14 weeks is 84-140 h: 5-7 weeks at 20 h/week"),
    ("2-3 months at 10 hours per week", 5, "10 h/week for 2-3 months is 86.7-130 h: 18-26 weeks at 5 h/week"),
    ("4 weeks, 2-5 hours/week", 20, "2-5 h/week for 4 weeks is 8-20 h: 1 week at 20 h/week"),
])
def test_a_stage_estimate_in_weeks_or_months_is_given_at_the_learners_pace(text, pace, figure):
    assert paced(parse_estimate(text), pace) == figure


def test_an_estimate_without_hours_gives_no_figure():
    assert paced(parse_estimate("6 weeks"), 8) == "" and paced(None, 8) == ""


def roadmap_passage(text: str, stage: int | None = None) -> Passage:
    return Passage(chunk_id=f"p{stage}", source="s", title="t", section="Summary", text=text, doc_id="d",
                   stage_index=stage)


def test_the_whole_roadmaps_duration_in_years_is_read_outside_the_stages_and_recomputes():
    passages = [roadmap_passage("- Step 1 takes 3 weeks (5 hours/week)", 0),
                roadmap_passage("**Duration**. It is possible to finish within about 2 years if you plan carefully and "
                                "devote roughly 20 hours/week to your studies. Learners can use this spreadsheet.")]
    whole = whole_estimate(passages, 8)
    assert whole.text == ("It is possible to finish within about 2 years if you plan carefully and devote roughly "
                          "20 hours/week to your studies.")
    assert whole.paced == "20 h/week for 2 years is 2080 h: 260 weeks at 8 h/week"
    assert recomputes(labelled(whole.paced), [whole.passage.text])  # the grounding check accepts it
    assert whole_estimate(passages[:1], 8) is None  # a stage's own time is not the whole roadmap's


def test_a_whole_length_without_hours_is_said_in_the_plan_and_nothing_is_computed_from_it():
    from rag.plan.models import Plan, WholeTime
    from rag.plan.render import plan_markdown

    whole = whole_estimate([roadmap_passage("Suggested Timeline: 3 to 6 months (self-paced)")], 8)
    assert (whole.text, whole.paced) == ("Suggested Timeline: 3 to 6 months (self-paced)", "")
    plan = Plan(roadmap="R", source="r.md", goal=None, hours_per_week=8, weeks=12, known=[],
                whole=WholeTime(text=whole.text, paced=whole.paced, citation=1))
    answer = plan_markdown(plan)
    assert "- Suggested Timeline: 3 to 6 months (self-paced) [1]" in answer
    assert "no figure is computed from it at your pace" in answer and "computed from the cited line" not in answer
