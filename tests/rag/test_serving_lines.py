"""An answer opens with what was asked: the roadmap's name ("Road to Robotics") neither picks a stage
that shares its words ("Robotics Basics") nor weighs the lines; "where do I start?" opens by naming
the stage to start with, in its own first sentence; a duration said in words ("two weeks") is one.

Over a real index (real embedding model) of a small roadmap written for these tests."""

from __future__ import annotations

import re

import pytest

from rag.answer_lines import CUES, cues
from rag.intents.compare import asked_first
from rag.learner import known_skills
from rag.models import Passage
from tests.roadmap_index import roadmap_advisor

ROAD = """# Road to Robotics: From Basics to Advanced Topics

A free curriculum for learners who want to build robots, from the first program to a walking robot.

## Why This Repository?

Built for: students and career switchers who want a structured path. Outcomes depend on practice,
projects and the job market. This repo does not guarantee a hire.

## Learning Path

### Stage 0: Foundations

Goal: Build the programming and math foundation needed for robotics

- Exceptions: try / except / finally and custom exception types
- Project: a dice game in the terminal
- Linear algebra and calculus basics

### Stage 1: Python for Robotics

- Python syntax, functions and classes
- NumPy arrays and plotting

### Stage 2: Robotics Basics

Goal: Understand core robotics concepts and algorithms

- Kinematics and dynamics of robot arms
- Sensors, actuators and control loops
- What is robotics? Types of robots and their uses

### Stage 3: Motion Planning

- Path planning with A* and RRT
- Trajectory optimisation

## Career Paths

Roles this roadmap prepares you for: robotics engineer, controls engineer, perception engineer.
Time estimates assume about 10 hours/week of study. Companies hire robotics engineers for the robots
they built: finishing every module does not guarantee a job.
"""


@pytest.fixture(scope="module")
def advisor(tmp_path_factory):
    return roadmap_advisor(tmp_path_factory.mktemp("serving-lines"), {"road-to-robotics.md": ROAD})


def first_claim(answer) -> str:
    return next((line for line in answer.answer.splitlines() if re.search(r"\[\d+\]", line)), "")


def test_the_roadmaps_name_does_not_pick_the_stage_that_shares_its_words(advisor):
    question = "will finishing road to robotics guarantee me a job?"
    evidence = advisor.evidence(question)
    assert all("Stage 2" not in p.section for p in evidence.payload.focus), [p.section for p in evidence.payload.focus]
    assert evidence.payload.query and "robotics" not in evidence.payload.query.lower()  # the name weighs no line
    answer = advisor.answer(question)
    assert "guarantee" in first_claim(answer), answer.answer


def test_where_to_start_opens_by_naming_the_first_stage_in_its_own_words(advisor):
    answer = advisor.answer("total beginner here, where do i start on road to robotics?")
    line = first_claim(answer)
    assert line.startswith("- Start with **Stage 0: Foundations**"), answer.answer
    assert "Goal: Build the programming and math foundation" in line  # not its first bullet on exceptions


def test_what_to_have_before_starting_is_not_answered_as_a_stage_to_start_with(advisor):
    answer = advisor.answer("what do i need before starting road to robotics?")
    assert "Start with" not in answer.answer


def test_how_well_a_learner_knows_a_skill_is_not_part_of_its_name():
    assert known_skills("i know python already, where should i start in the llm course?") == ["python"]
    assert known_skills("I know SQL and python pretty well. where do i begin") == ["SQL", "python"]


def test_a_course_the_question_names_is_not_a_course_it_asks_for():
    assert [c.name for c in cues("does the llm course cover quantization?")] == []
    assert [c.name for c in cues("how long does the microsoft ml course take")] == ["duration"]
    assert "course" in [c.name for c in cues("which course should i take for deep learning?")]
    assert "course" in [c.name for c in cues("is there a course on statistics?")]
    assert "course" in [c.name for c in cues("what is the best course for math")]


def _passage(chunk_id: str, section: str, text: str, score: float = 0.5) -> Passage:
    return Passage(chunk_id=chunk_id, source="x.md", title="T", section=section, text=text, score=score)


def test_a_duration_said_in_words_is_a_duration():
    duration = next(cue for cue in CUES if cue.name == "duration")
    assert duration.gives.search("some topics may end up taking two weeks")
    assert duration.gives.search("a few months of study")
    assert not duration.gives.search("one of the best courses")


def test_a_compare_cell_says_what_is_asked_of_the_side_first():
    stage = _passage("s", "Stage 0: Foundations", "")
    lines = [("Exceptions: try / except / finally", stage), ("Project: a dice game", stage),
             ("Essential math: linear algebra and calculus", stage), ("Python syntax and NumPy", stage),
             ("Goal: the programming foundation", stage)]
    texts = [line for line, _ in asked_first(lines, "math and python", {}, 1.0)[:3]]
    assert "Essential math: linear algebra and calculus" in texts and "Python syntax and NumPy" in texts
    assert "Project: a dice game" not in texts
    assert texts == [line for line, _ in lines if line in texts]  # said in the roadmap's order
