"""Fact and compare answers open with what was asked: the body of a heading that asks the question,
the line that defines an acronym, a plain "it does not mention X", each roadmap's own side of a
comparison of two roadmaps, the line naming both sides of "X or Y?"; never a housekeeping line.

Over a real index (real embedding model) of two small roadmaps written for these tests."""

from __future__ import annotations

import re

import pytest

from rag.acronyms import asked_acronyms, definitions_in, spells
from rag.answer_lines import opening_lines
from rag.extractive import passage_lines
from rag.models import Passage
from tests.roadmap_index import roadmap_advisor

DATA = """# Data Engineering Roadmap

A roadmap for analysts who want to build data pipelines. Congratulations on starting your data
engineering journey! Star this repository and share it with a friend.

## Step 1: SQL and Modelling

Duration: 3 weeks.

- Joins, window functions and query plans
- Dimensional modelling with star schemas

## Step 2: Orchestration

Duration: 4 weeks.

A Directed Acyclic Graph (DAG) describes the tasks of a pipeline and the order they run in.

- Schedule pipelines with Airflow
- Containers with Docker and Kubernetes for the workers

## FAQ

### What are the prerequisites?

- One year of writing SQL at work
- Basic Python scripting

### Should I use Python or Scala?

Stick to Python: every exercise here uses it, and Scala only matters for Spark internals.

## Contributing

Thanks to everyone who sent a pull request. Licensed under CC BY 4.0.
"""

VISION = """Computer Vision Roadmap

A path from image basics to deployed vision models, kept by a study group.

Stage 1: Image Basics

Linear algebra for images, convolutions and filters.
Estimated time: 5 weeks.

Stage 2: Deep Vision Models

Convolutional networks, detection and segmentation.
Estimated time: 9 weeks.

Questions people ask

Do I need a paid GPU account?
No. The free tier of a notebook service is enough for every stage.

How long does the whole roadmap take?
About 14 weeks at 8 hours per week.
"""


@pytest.fixture(scope="module")
def advisor(tmp_path_factory):
    return roadmap_advisor(tmp_path_factory.mktemp("answer-first"),
                           {"data-engineering.md": DATA, "computer-vision.txt": VISION})


def first_claim(answer) -> tuple[str, list]:
    """The answer's first line that cites, and the citations it names."""
    for line in answer.answer.splitlines():
        numbers = {int(n) for n in re.findall(r"\[(\d+)\]", line)}
        if numbers:
            return line, [c for c in answer.citations if c.id in numbers]
    return "", []


def test_a_question_heading_that_asks_the_question_opens_with_its_body(advisor):
    answer = advisor.answer("what do i need to know before starting the data engineering roadmap?")
    line, cited = first_claim(answer)
    assert "One year of writing SQL" in line, answer.answer
    assert cited and "What are the prerequisites?" in cited[0].section


def test_an_inline_question_line_of_a_plain_text_faq_is_answered_by_the_lines_after_it(advisor):
    answer = advisor.answer("is a paid GPU account needed for the computer vision roadmap?")
    line, _ = first_claim(answer)
    assert line.lstrip("- ").startswith("No. The free tier"), answer.answer


def test_an_acronym_is_answered_by_the_line_that_defines_it(advisor):
    answer = advisor.answer("what's a DAG?")
    assert answer.answerable
    line, cited = first_claim(answer)
    assert "Directed Acyclic Graph" in line and cited and "Step 2: Orchestration" in cited[0].section, answer.answer


def test_a_coverage_question_says_plainly_that_the_roadmap_does_not_mention_it(advisor):
    answer = advisor.answer("does the computer vision roadmap cover kubernetes?")
    assert answer.answerable
    opening = answer.answer.split("\n\n")[0]
    assert "does not mention" in opening and "Kubernetes" in opening.replace("kubernetes", "Kubernetes"), answer.answer
    # where the index does mention it is cited, from the other roadmap
    assert any("data-engineering" in c.source and "Kubernetes" in c.text for c in answer.citations)


def test_a_coverage_question_about_what_the_roadmap_does_name_is_not_denied(advisor):
    answer = advisor.answer("does the data engineering roadmap cover kubernetes?")
    assert "does not mention" not in answer.answer


def test_two_named_roadmaps_are_compared_each_from_its_own_passages(advisor):
    answer = advisor.answer("which takes longer, the data engineering roadmap or the computer vision roadmap?")
    bullets = [line for line in answer.answer.splitlines() if line.startswith("- **")]
    assert bullets[0].startswith("- **Data Engineering Roadmap**") and bullets[1].startswith("- **Computer Vision Roadmap**")
    by_id = {c.id: c for c in answer.citations}
    for bullet, source in zip(bullets, ("data-engineering", "computer-vision")):
        numbers = [int(n) for n in re.findall(r"\[(\d+)\]", bullet)]
        assert numbers and all(source in by_id[n].source for n in numbers), answer.answer
    assert "About 14 weeks" in answer.answer


def test_either_or_opens_with_the_line_that_names_both_sides(advisor):
    answer = advisor.answer("python or scala for data engineering?")
    line, _ = first_claim(answer)
    assert "Stick to Python" in line, answer.answer


def test_housekeeping_never_opens_an_answer(advisor):
    answer = advisor.answer("how do i start my data engineering journey?")
    line, _ = first_claim(answer)
    assert line and "Congratulations" not in line and "Star this repository" not in line, answer.answer


def test_a_housekeeping_line_sharing_the_question_words_loses_to_a_line_that_answers():
    intro = Passage(chunk_id="a", source="x.md", title="T", section="Introduction", score=0.6,
                    text="Congratulations on finishing the pipeline step! Star this repository.")
    step = Passage(chunk_id="b", source="x.md", title="T", section="Step 2: Pipelines", score=0.4,
                   text="- Schedule pipeline runs with a scheduler and retries")
    picked = opening_lines("what comes with the pipeline step?", "pipeline step", [intro, step], {})
    assert picked and picked[0].text.startswith("Schedule pipeline runs")


def test_hard_wrapped_paragraph_lines_read_as_one_line():
    passage = Passage(chunk_id="c", source="x.md", title="T", section="S",
                      text="Yes, every linked resource is free; the exercises stay within free limits if you delete\n"
                           "your resources after each session.\nShort heading\nNext line.")
    lines = passage_lines(passage)
    assert lines[0].endswith("after each session.") and lines[1:] == ["Short heading", "Next line."]


@pytest.mark.parametrize(("acronym", "phrase", "spelt"), [
    ("SAE", "Sparse Autoencoders", True), ("RAG", "Retrieval-Augmented Generation", True),
    ("SLAM", "Simultaneous Localization and Mapping", True), ("PPO", "see the paper", False),
    ("MDP", "Markov Decision Processes", True), ("GAN", "Generative", False),
])
def test_a_long_form_spells_its_acronym(acronym, phrase, spelt):
    assert spells(acronym, phrase) is spelt


def test_definitions_are_read_in_the_ways_writers_give_them():
    text = ("After each group, fill out the PAT rubric. A 'PAT' is a Progress Assessment Tool that is a rubric.\n"
            "- Markov Decision Processes (MDPs).\n"
            "See MCP (Model Context Protocol) for tools.")
    passage = Passage(chunk_id="d", source="x.md", title="T", section="S", text=text)
    assert definitions_in("PAT", passage)[0].long_form == "Progress Assessment Tool"
    assert definitions_in("MDP", passage)[0].long_form == "Markov Decision Processes"
    assert definitions_in("MCP", passage)[0].long_form == "Model Context Protocol"
    assert asked_acronyms("whats a PAT in the course") == ["PAT"] and asked_acronyms("how long is Q2?") == []


def test_only_questions_about_what_a_roadmap_holds_are_coverage_questions():
    from rag.coverage import ASKS_COVERAGE

    for asked in ("does the robotics roadmap cover kubernetes?", "is docker in the roadmap?", "is SLAM part of it?",
                  "does it teach rust?"):
        assert ASKS_COVERAGE.search(asked), asked
    for other in ("is it worth learning rust in 2026?", "is a gpu needed in practice?", "do you know sql?"):
        assert not ASKS_COVERAGE.search(other), other
