"""Comparative questions ("is X harder than Y?", "which needs more math, X or Y?", "should I pick X or
Y?") are comparisons of both sides, and say whether the roadmaps rank them on the asked dimension."""

from __future__ import annotations

import pytest

from rag.comparatives import dimension, is_comparative, preface
from rag.extractive import CitationBook
from rag.intents.compare import compare_subjects
from rag.intents.registry import classify
from rag.models import Passage


@pytest.mark.parametrize("question", [
    "is computer vision harder than NLP?", "is the computer vision path harder than the NLP one?",
    "which needs more math, computer vision or NLP?", "should I pick NLP or computer vision?",
    "is NLP more in demand than computer vision?", "reinforcement learning or time series, which is easier?",
    "is pytorch better than tensorflow?", "which is harder, SQL or mathematics?",
    "does robotics pay more than data engineering?",
])
def test_comparatives_of_many_kinds_are_comparisons(question):
    assert is_comparative(question) and classify(question) == "compare"


@pytest.mark.parametrize("question", [
    "do i need more than 10 hours a week for Q1?", "what should I learn after python other than SQL?",
    "what comes after NLP?", "how long does the whole roadmap take?", "is there a book for statistics?",
    "is anything more important than math?",
])
def test_neighbours_that_rank_nothing_are_not(question):
    assert not is_comparative(question)


@pytest.mark.parametrize("question, sides", [
    ("is the computer vision path harder than the NLP one?", ["computer vision", "NLP"]),
    ("is computer vision harder than NLP?", ["computer vision", "NLP"]),
    ("does robotics need more math than data engineering?", ["robotics", "data engineering"]),
    ("which is harder, SQL or mathematics?", ["SQL", "mathematics"]),
])
def test_the_two_sides_are_the_subjects_without_the_comparative(question, sides):
    assert compare_subjects(question) == sides


def test_the_dimension_is_the_asked_comparative():
    assert dimension("which needs more math, CV or NLP?").phrase == "more math"
    assert dimension("is CV harder than NLP?").phrase == "harder"
    assert dimension("should I pick CV or NLP?").phrase == ""


def _side(n: int, name: str, text: str) -> Passage:
    return Passage(chunk_id=f"p{n}", source="r.md", title="R", section=f"Option: {name}", text=text, doc_id="r")


def test_no_ranking_in_the_documents_is_said_plainly_and_each_side_speaks_on_the_asked_dimension():
    vision = _side(1, "Vision", "Object detection and segmentation\nLinear algebra for cameras")
    language = _side(2, "Language", "Fine-tuning language models")
    book = CitationBook([vision, language])
    text = preface("which needs more algebra, vision or language?", [("vision", [vision]), ("language", [language])], book)
    assert 'The roadmaps do not rank vision and language on "more algebra"' in text
    assert "- vision: Linear algebra for cameras [1]" in text
    assert 'language: its passages say nothing about "more algebra"' in text


def test_a_line_that_ranks_both_sides_is_quoted_as_what_the_roadmaps_say():
    vision = _side(1, "Vision", "Vision is harder than language for most beginners")
    language = _side(2, "Language", "Fine-tuning language models")
    book = CitationBook([vision, language])
    text = preface("is vision harder than language?", [("vision", [vision]), ("language", [language])], book)
    assert text.startswith('**What the roadmaps say about "harder":**\n- Vision is harder than language')
    assert "do not rank" not in text


def test_on_the_real_roadmaps_computer_vision_against_nlp_compares_both_options(advisor):
    answer = advisor.answer("is computer vision harder than NLP?")
    assert answer.intent == "compare" and answer.answerable
    lead = answer.answer.splitlines()[0]  # a side may be named by its own heading ("Option B: Computer Vision")
    assert "do not rank" in lead and 'on "harder"' in lead
    assert "computer vision" in lead.casefold() and "NLP" in lead
    sections = " ".join(c.section for c in answer.citations)
    assert "Option B: Computer Vision" in sections and ("Option A: NLP" in sections or "Step 7" in sections)


def test_sides_named_by_their_labels_are_kept():
    assert compare_subjects("option a or option b, which should i choose?") == ["option a", "option b"]
    assert is_comparative("option a or option b, which should i choose?")
