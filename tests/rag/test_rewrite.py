"""Which turns point back into the conversation (rag.rewrite.needs_context)."""

from __future__ import annotations

import pytest

from rag.rewrite import needs_context, rewrite


def history(*turns: str) -> list[dict[str, str]]:
    out = []
    for turn in turns:
        out += [{"role": "user", "content": turn}, {"role": "assistant", "content": "(answer)"}]
    return out


EARLIER = history("how do I build a retrieval pipeline with a re-ranker for search?")


@pytest.mark.parametrize("question", [
    "What's the number one skill for an ML engineer?",
    "Which is the easiest one to start with, Python or R?",
    "What do the hard ones cover?",
])
def test_a_standalone_question_saying_the_x_one_keeps_its_own_words(question):
    query = rewrite(question, EARLIER)
    assert query.query == question and not query.subject


@pytest.mark.parametrize("question", [
    "What's the number one skill for an ML engineer?",
    "Which is the easiest one to start with, Python or R?",
    "What do the hard ones cover?",
])
def test_without_the_history_an_ordinal_or_adjective_before_one_is_no_follow_up(question):
    """Read alone, "the number one", "the easiest one", "the hard ones" ask their own question."""
    assert not needs_context(question)


def test_without_the_history_a_noun_before_one_still_points_back():
    assert needs_context("how long does the re-ranker one take?")


def test_the_re_ranker_one_points_back_at_the_re_ranker_the_conversation_named():
    query = rewrite("how long does the re-ranker one take?", EARLIER)
    assert query.subject == EARLIER[0]["content"]
    assert "retrieval" in query.query


def test_the_x_one_said_by_the_last_answer_points_back():
    turns = [{"role": "user", "content": "which retrieval courses are there?"},
             {"role": "assistant", "content": "There is a dense-retrieval course and a re-ranker course."}]
    assert rewrite("is the re-ranker one free?", turns).subject


@pytest.mark.parametrize("question", ["What is the final stage?", "tell me about the 2nd option", "and the 3rd one?"])
def test_an_ordinal_in_digits_or_final_points_back_like_the_spelt_ones(question):
    """An ordinal written as a digit or "final" points into the last answer's list as "the last stage"
    and "the second option" do (the same words rag.ordinals reads a position from)."""
    query = rewrite(question, EARLIER)
    assert query.follow_up and query.subject == EARLIER[0]["content"] and "retrieval" in query.query


def test_a_question_that_asks_on_its_own_is_no_follow_up():
    query = rewrite("What comes after SQL in the data science roadmap?", EARLIER)
    assert not query.follow_up and query.query == "What comes after SQL in the data science roadmap?"
