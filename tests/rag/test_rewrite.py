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
