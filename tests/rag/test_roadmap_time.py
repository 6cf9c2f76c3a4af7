"""How long a whole roadmap takes: per roadmap, what it states about its whole length, which stages
carry their own estimate and which do not, goal timelines labelled as such, and the learner's pace
applied only to stated figures. A synthetic roadmap in quarters (one quarter timed, a goal timeline
in a parallel group) and a fake search; the real index checks the user's own phrasings."""

from __future__ import annotations

import pytest

from rag.evidence import EvidenceFinder
from rag.extractive import Composition
from rag.intents.fact import UNIT
from rag.models import Passage, RoadmapStructure, Stage, StageEstimate
from rag.query import StandaloneQuery
from rag.roadmap_time import asks_whole_time, weekly_pace
from tests.rag.conftest import FixedSearch, LexicalStub

TIMED = "Time Commitment: 3-5 weeks (10-12 hours/week)"
ATLAS = RoadmapStructure(doc_id="atlas", source="atlas.md", title="Data Atlas 2027", stages=[
    Stage(index=0, title="Q1 2027: Foundations", label="Q1 2027", group="quarters",
          estimate=StageEstimate(text=TIMED, hours_low=30, hours_high=60)),
    Stage(index=1, title="Q2 2027: Modelling", label="Q2 2027", group="quarters"),
    Stage(index=2, title="Q3 2027: Shipping", label="Q3 2027", group="quarters"),
    Stage(index=3, title="If Your Goal is Teaching", group="paths"),
])
STEPS = RoadmapStructure(doc_id="steps", source="steps.md", title="Robotics Steps", stages=[
    Stage(index=0, title="Step 1: Kinematics", label="Step 1", group="steps"),
    Stage(index=1, title="Step 2: Control", label="Step 2", group="steps"),
])


def _passages() -> list[Passage]:
    def make(doc: RoadmapStructure, n: int, section: str, text: str, stage: int | None = None) -> Passage:
        title = doc.stage(stage).title if stage is not None else ""
        return Passage(chunk_id=f"{doc.doc_id}-{n}", source=doc.source, title=doc.title, section=section,
                       text=text, doc_id=doc.doc_id, stage_index=stage, stage_title=title)

    return [
        make(ATLAS, 0, "Why this atlas", "Data work changes every year; this atlas follows it."),
        make(ATLAS, 1, "Q1 2027: Foundations", f"Statistics and SQL.\n{TIMED}", 0),
        make(ATLAS, 2, "Q2 2027: Modelling", "Regression, trees and boosting.", 1),
        make(ATLAS, 3, "Q3 2027: Shipping", "Pipelines, monitoring and dashboards.", 2),
        make(ATLAS, 4, "If Your Goal is Teaching > Timeline",
             "Months 1-3: Write lesson notes\nMonths 4-6: Teach a small class", 3),
        make(STEPS, 0, "Step 1: Kinematics", "Frames, transforms and Jacobians.", 0),
        make(STEPS, 1, "Step 2: Control", "PID and state feedback.", 1),
        make(STEPS, 2, "About", "Work through the steps in order."),
    ]


def _ranking(found: list[Passage]) -> FixedSearch:
    return FixedSearch(found, score=0.3, lexical=LexicalStub())


def answer(question: str, roadmaps=(ATLAS, STEPS)) -> tuple[str, object]:
    found = [p for p in _passages() if any(p.doc_id == r.doc_id for r in roadmaps)]
    finder = EvidenceFinder(_ranking(found), list(roadmaps), found)
    evidence = finder.find(StandaloneQuery(question=question, query=question, intent="fact"), 6, UNIT)
    return UNIT.compose(Composition(evidence)), evidence


def test_the_whole_thing_at_the_learners_pace_computes_only_the_stated_quarter_and_says_what_has_no_time():
    text, evidence = answer("i can only do weekends (~6 hrs), how long would the whole thing take me?")
    assert evidence.payload.covered()  # the structure answers it, however low the similarity
    assert "6 hours at weekends taken as 6 h/week" in text
    assert f"Q1 2027: Foundations: {TIMED}" in text
    assert "10-12 h/week for 3-5 weeks is 30-60 h: 5-10 weeks at 6 h/week (computed from the cited line)" in text
    assert "No time estimate for: Q2 2027: Modelling; Q3 2027: Shipping" in text
    assert "It states no total time for the whole roadmap" in text
    assert "I do not add the stages up" in text
    # both roadmaps are answered; the one with no figure says so plainly
    assert "**Robotics Steps**" in text and "None of its stages gives a time estimate" in text


def test_a_goal_timeline_is_labelled_as_a_goals_not_as_the_roadmaps_length():
    text, _ = answer("how long does the data atlas take?", roadmaps=(ATLAS,))
    label = text.index("not the roadmap's own length")
    assert label < text.index("Months 1-3: Write lesson notes")
    assert text.index("laid out in 3 quarters") < label


def test_a_stated_whole_length_is_quoted_and_paced_without_adding_stages():
    roadmap = STEPS
    found = _passages()
    found[-1] = found[-1].model_copy(update={"text": "It is possible to finish within about 1 year at 10 hours/week."})
    finder = EvidenceFinder(_ranking(found), [roadmap], [p for p in found if p.doc_id == "steps"])
    question = "how long will the whole curriculum take me at 5 hours a week?"
    evidence = finder.find(StandaloneQuery(question=question, query=question, intent="fact"), 6, UNIT)
    text = UNIT.compose(Composition(evidence))
    assert "For the whole roadmap it says: It is possible to finish within about 1 year at 10 hours/week." in text
    assert "10 h/week for 1 year is 520 h: 104 weeks at 5 h/week (computed from the cited line)" in text


@pytest.mark.parametrize("question", [
    "how long does Q1 take?", "how long is the modelling quarter?", "how many weeks for step 2 at 5 hours a week?",
    "what is in the whole roadmap?",
])
def test_a_question_about_a_part_or_not_about_time_is_not_a_whole_duration_question(question):
    assert asks_whole_time(question, [ATLAS, STEPS], lambda text, roadmap: text) == []


@pytest.mark.parametrize("question, hours", [
    ("how long at 8 hours a week?", 8.0), ("i do 2 hours a day", 14.0), ("2 hrs a day on weekdays", 10.0),
    ("weekends only, ~6 hrs", 6.0), ("about 5 hours on weekends", 5.0), ("how long does it take?", None),
])
def test_the_learners_weekly_pace_is_read_from_how_they_say_it(question, hours):
    pace = weekly_pace(question)
    assert (pace[0] if pace else None) == hours


def test_on_the_real_roadmaps_the_weekend_question_is_answered_not_refused(advisor):
    answer = advisor.answer("i can only do weekends (~6 hrs), how long would the whole thing take me?")
    assert answer.answerable and answer.intent == "fact"
    assert "4-6 weeks (15-20 hours/week)" in answer.answer
    assert "10-20 weeks at 6 h/week (computed from the cited line)" in answer.answer
    assert "Q2 2026: Deep Learning Specialization" in answer.answer  # said to have no estimate, not skipped
    named = advisor.answer("how long does the AI/ML 2026 roadmap take?").answer
    assert "Generative AI" not in named  # the roadmap named, alone
    assert named.index("4-6 weeks") < named.index("Months 1-3")  # a goal's months come last, labelled


@pytest.mark.parametrize("question, whole", [
    ("how long wil the entire roadmap tak me?", True), ("how long does the whole thing take, realistically?", True),
    ("how long does rag take?", False), ("how long is the math part?", False),
])
def test_misspelt_asking_words_do_not_name_a_subject_but_a_short_subject_still_does(question, whole):
    assert bool(asks_whole_time(question, [STEPS], lambda text, roadmap: text)) is whole


def test_a_stage_with_no_time_of_its_own_says_so_instead_of_opening_with_another_stages_figure():
    text, evidence = answer("how long is Q2?", roadmaps=(ATLAS,))
    assert text.startswith("**Q2 2027: Modelling** (Data Atlas 2027)\n- **It gives no time estimate of its own.**")
    assert text.index("gives no time estimate") < text.index(TIMED)  # the other quarter's figure, labelled as its
    assert f"Q1 2027: Foundations: {TIMED}" in text


def test_a_stage_that_gives_its_time_is_answered_from_it_as_before():
    text, _ = answer("how long is Q1?", roadmaps=(ATLAS,))
    assert "gives no time estimate" not in text and "3-5 weeks" in text


def test_a_language_model_is_told_not_to_invent_a_total():
    _, evidence = answer("how long does the whole thing take me at 6 hours a week?")
    task = UNIT.instructions(evidence, {})
    assert "never add stages up into a total" in task and "never estimate a stage that states no time" in task


# Durations written in the stage headings only ("Stage 2: Trees (4-6 weeks)"), as an index made
# before ingest kept them (no estimate on the stages) and as a body line without a "Time:" label
HEADED = RoadmapStructure(doc_id="headed", source="headed.pdf", title="Forest Prep", stages=[
    Stage(index=0, title="Stage 1: Python Basics (2–3 weeks)", label="Stage 1", group="stages"),
    Stage(index=1, title="Stage 2: Trees and Forests (4–6 weeks)", label="Stage 2", group="stages"),
    Stage(index=2, title="Stage 3: Portfolio", label="Stage 3", group="stages"),
])
HEADED_PASSAGES = [
    Passage(chunk_id=f"headed-{n}", source="headed.pdf", title="Forest Prep", section=HEADED.stage(n).title,
            text=text, doc_id="headed", stage_index=n, stage_title=HEADED.stage(n).title)
    for n, text in enumerate(["Variables, loops, functions.", "Decision trees, bagging, boosting.",
                              "Ship three projects; plan on 2 months for them."])
]


def _headed_answer(question: str) -> str:
    finder = EvidenceFinder(_ranking(HEADED_PASSAGES), [HEADED], HEADED_PASSAGES)
    evidence = finder.find(StandaloneQuery(question=question, query=question, intent="fact"), 6, UNIT)
    return UNIT.compose(Composition(evidence))


def test_durations_in_stage_headings_are_the_stages_time_and_no_stage_is_said_to_have_none():
    text = _headed_answer("how long does the whole forest prep roadmap take?")
    assert "None of its stages gives a time estimate" not in text and "No time estimate for" not in text
    assert "Stage 1: Python Basics (2–3 weeks): 2–3 weeks" in text
    assert "Stage 2: Trees and Forests (4–6 weeks): 4–6 weeks" in text
    assert "Stage 3: Portfolio: Ship three projects; plan on 2 months for them." in text  # a body line states it
