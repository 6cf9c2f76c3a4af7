"""Coverage questions answered "Yes" only from a line that teaches the subject: a roadmap's own list
of what it leaves out ("What you won't see covered") names the subject too, and must never be quoted
as proof that it covers it."""

from __future__ import annotations

import pytest

from rag import coverage
from rag.extractive import CitationBook
from rag.coverage import NOT_COVERED
from tests.roadmap_index import roadmap_advisor

GUIDE = """# Interview Study Guide

A plan for passing software engineering interviews at large companies.

## Step 1: Data Structures

- Arrays, linked lists and hash tables
- Practise with Docker containers for your test harness

## Step 2: Algorithms

- Sorting, searching and dynamic programming

## What you won't see covered

- SQL and database administration
- Frontend frameworks
"""


@pytest.fixture(scope="module")
def advisor(tmp_path_factory):
    return roadmap_advisor(tmp_path_factory.mktemp("coverage"), {"interview-study-guide.md": GUIDE})


def _roadmap(advisor):
    return next(s for s in advisor.structures if "Interview" in s.title)


def test_a_subject_the_roadmap_teaches_is_a_yes_with_the_line_that_names_it(advisor):
    question = "does the interview study guide cover docker?"
    presence = coverage.present(advisor.finder, question, _roadmap(advisor), [])
    assert presence is not None and "Docker containers" in presence.line
    said = coverage.compose_present(presence, CitationBook([presence.passage]), "Answer")
    assert "Yes:" in said and "Docker containers" in said and "[1]" in said


def test_a_subject_listed_as_not_covered_is_never_a_yes(advisor):
    question = "does the interview study guide cover SQL?"
    assert coverage.present(advisor.finder, question, _roadmap(advisor), []) is None
    answer = advisor.answer(question)
    assert "Yes:" not in answer.answer, answer.answer


def test_one_reading_of_what_a_document_leaves_out():
    for said in ("What you won't see covered", "SQL is not covered here", "Topics not part of this guide",
                 "Excluded topics", "Out of scope"):
        assert NOT_COVERED.search(said), said
    for said in ("Arrays, linked lists and hash tables", "Cover letters and resumes", "Docker containers"):
        assert not NOT_COVERED.search(said), said
