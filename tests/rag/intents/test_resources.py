"""Intent rules: a question about what comes next is a next-step question even when it says "course"."""

import pytest

from rag.intents.registry import classify


@pytest.mark.parametrize(("question", "intent"), [
    ("Done with Systematic Program Design. Which course comes after it in the curriculum?", "next_step"),
    ("ive completed every required course in core cs, now what?", "next_step"),
    ("any resources for what comes after SQL?", "resources"),  # a resource noun keeps it a reading list
    ("recommend a course on SQL", "resources"),
    ("which books cover deep learning theory", "resources"),
])
def test_next_step_cues_win_over_course_and_book_words(question, intent):
    assert classify(question) == intent
