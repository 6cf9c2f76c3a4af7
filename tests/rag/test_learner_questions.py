"""Questions as a learner asks them over real-looking roadmaps: what a roadmap leads to, how long the
stage the conversation is on takes when it states no time, a typo or two, and the CV/RL-style short
name of a roadmap. One small index of roadmaps written for these tests."""

from __future__ import annotations

import pytest

from tests.roadmap_index import roadmap_advisor

VISION = """# Computer Vision Engineer Roadmap

A four-stage path from image basics to deployed vision models.

## Stage 1: Image Fundamentals
- Pixels, colour spaces and convolution as a filter

## Stage 2: Convolutional Networks
- CNN architectures: ResNet, EfficientNet

## Stage 3: Detection and Segmentation
- YOLO family, Mask R-CNN
- Time commitment: 6-8 weeks (8 hours/week)

## Stage 4: Deployment
- Export to ONNX, quantise, serve on an edge device
"""

ANALYST = """# Data Analyst Path

A path from spreadsheets to reporting dashboards. Plan on about 6 months at 10 hours per week.

## Step 1: Spreadsheets
- Formulas, pivot tables and charts

## Step 2: SQL
- SELECT, joins, GROUP BY and window functions

## Step 3: Dashboards
- Tableau or Power BI reports for a business audience

## Where this path leads
Graduates of this path find jobs as junior data analysts, reporting analysts or BI developers.
"""

CS_PATH = """# Self-Taught CS Path

Take the courses of each part in the order listed.

## Curriculum

### Core programming

Courses | Duration | Effort
:-- | :--: | :--:
[Python Basics](https://example.org/python) | 8 weeks | 6 hours/week
[Data Structures](https://example.org/ds) | 10 weeks | 6 hours/week

### Core math

Courses | Duration | Effort
:-- | :--: | :--:
[Calculus One](https://example.org/calculus) | 12 weeks | 8 hours/week
[Linear Algebra](https://example.org/linear-algebra) | 10 weeks | 8 hours/week

### Core systems

Courses | Duration | Effort
:-- | :--: | :--:
[Operating Systems](https://example.org/os) | 10 weeks | 6 hours/week
[Networking](https://example.org/net) | 8 weeks | 6 hours/week
"""

TOOLS = """# Awesome Notebook Tools

A list of tools people use to write and share notebooks.

## Editors
- JupyterLab: the classic notebook editor
- VS Code notebooks: notebooks inside the editor

## Sharing
- nbviewer renders a notebook from a link
- Binder runs a repository's notebooks in the browser
"""


@pytest.fixture(scope="module")
def advisor(tmp_path_factory):
    return roadmap_advisor(tmp_path_factory.mktemp("learner"),
                           {"vision.md": VISION, "analyst.md": ANALYST, "notebook-tools.md": TOOLS,
                            "cs-path.md": CS_PATH})


def conversation(advisor, *turns: str):
    history: list[dict[str, str]] = []
    for turn in turns[:-1]:
        answer = advisor.answer(turn, history)
        history += [{"role": "user", "content": turn}, {"role": "assistant", "content": answer.answer}]
    return advisor.answer(turns[-1], history)


def test_careers_after_a_roadmap_are_answered_from_what_it_says_they_are(advisor):
    answer = advisor.answer("what careers after finishing the data analyst path?")
    assert answer.answerable and answer.intent == "fact"
    assert "junior data analysts" in answer.answer
    assert "Next:" not in answer.answer  # not its last stage's next-step answer


def test_careers_a_roadmap_does_not_state_are_never_another_roadmaps(advisor):
    answer = advisor.answer("what careers after finishing the computer vision roadmap?")
    assert "junior data analysts" not in answer.answer and "Next:" not in answer.answer


def test_careers_asked_as_a_follow_up_are_the_conversations_roadmaps(advisor):
    answer = conversation(advisor, "what comes after SQL in the data analyst path?", "what careers after finishing?")
    assert answer.answerable and "junior data analysts" in answer.answer


def test_how_long_a_stage_that_states_no_time_takes_is_said_not_borrowed_from_its_neighbour(advisor):
    answer = conversation(advisor, "what comes after detection and segmentation in the computer vision roadmap?",
                          "how long does that take?")
    text = answer.answer
    assert text.startswith("**Stage 4: Deployment**") and "gives no time estimate of its own" in text
    assert "states no total time for the whole roadmap" in text
    assert text.index("gives no time estimate") < text.index("6-8 weeks")  # the neighbour's figure, labelled, after


def test_a_stage_that_states_its_time_is_answered_from_it(advisor):
    answer = conversation(advisor, "what comes after convolutional networks in the computer vision roadmap?",
                          "how long does that take?")
    assert "6-8 weeks" in answer.answer and "gives no time estimate of its own" not in answer.answer


def test_a_single_typo_in_a_question_is_read_as_meant(advisor):
    answer = advisor.answer("what comes aftr SQL in the data analyst path?")
    assert answer.intent == "next_step" and "Dashboards" in answer.answer


def test_the_short_name_of_a_two_word_subject_follows_the_conversation_to_its_roadmap(advisor):
    answer = conversation(advisor, "what comes after SQL in the data analyst path?", "ok what about the CV roadmap")
    assert answer.answerable and {c.title for c in answer.citations} == {"Computer Vision Engineer Roadmap"}


def test_a_shopping_question_on_a_list_with_no_stages_is_not_covered(advisor):
    answer = advisor.answer("can you recommend a good laptop?")
    assert not answer.answerable


def test_the_first_course_of_a_named_part_is_that_parts_first_stage_not_the_roadmaps(advisor):
    answer = advisor.answer("which math course do i take first in the self-taught cs path?")
    assert answer.answerable and "Start with **Calculus One**" in answer.answer
    start = advisor.answer("where do i start in the self-taught cs path?")
    assert "Start with **Python Basics**" in start.answer  # the roadmap's own start is unchanged
