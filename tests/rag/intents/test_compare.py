"""A comparison's sides are what is compared, named as the roadmap names them: never the question's
leftover words ("whats difference between", "the engineer tracks:")."""

from __future__ import annotations

from rag.intents.compare import compare_subjects, heading_name
from rag.models import Passage


def passage(section: str) -> Passage:
    return Passage(chunk_id=section, source="r.md", title="Course", section=section, text="Some text.", doc_id="r")


def test_the_question_words_before_the_subjects_are_no_side():
    assert compare_subjects("whats difference between llm scientist and llm engineer?") == ["llm scientist", "llm engineer"]
    assert compare_subjects("what's the main difference between nlp and cv?") == ["nlp", "cv"]
    assert compare_subjects("diffs between mlops and llmops") == ["mlops", "llmops"]


def test_a_side_is_headed_by_the_roadmap_heading_that_says_what_the_learner_said():
    assert heading_name("llm scientist", [passage("Course > 🧑‍🔬 The LLM Scientist")]) == "The LLM Scientist"
    assert heading_name("cv", [passage("Paths > Computer Vision")]) == "Computer Vision"


def test_a_heading_that_says_more_or_something_else_leaves_the_learners_words():
    assert heading_name("calculus", [passage("Core math > Calculus 1A: Differentiation")]) == "calculus"
    assert heading_name("cv", [passage("Paths > Career Advice")]) == "cv"
    assert heading_name("llm scientist", [passage("Course > Introduction")]) == "llm scientist"
