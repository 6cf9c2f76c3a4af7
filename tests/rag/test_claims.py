"""Splitting an answer into claims: a list's numbering is markup, never a claim of its own."""

from __future__ import annotations

import pytest

from rag.claims import split_claims


def texts(answer: str) -> list[tuple[str, tuple[int, ...]]]:
    return [(c.text, c.markers) for c in split_claims(answer)]


@pytest.mark.parametrize("line, claim", [
    ("- 1. The LLM Architecture [3]: You know Python.", "The LLM Architecture"),
    ("1. Running LLMs: LLM APIs are a convenient way to deploy LLMs [2]", "Running LLMs: LLM APIs are a convenient way to deploy LLMs"),
    ("- 1.2. Building a Vector Storage [4]", "Building a Vector Storage"),
    ("- II. Deep learning foundations [5]", "II. Deep learning foundations"),
])
def test_a_numbered_title_is_one_claim_with_its_number_left_out(line, claim):
    found = texts(line)
    assert [text for text, _ in found] == [claim]


def test_numbers_leading_items_after_a_marker_are_not_claims():
    assert texts("- 10. Agents [2]; 11. Deploying LLMs [3]") == [("Agents", (2,)), ("Deploying LLMs", (3,))]


def test_a_sentence_that_ends_in_a_number_still_ends_there():
    assert texts("Plan for 4-6 weeks at 10 hours a week. Then build 2 projects with Spark [1].") == [
        ("Plan for 4-6 weeks at 10 hours a week.", (1,)), ("Then build 2 projects with Spark", (1,))]
