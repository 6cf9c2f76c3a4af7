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


@pytest.mark.parametrize(("question", "intent"), [
    ("how many weeks is the databases course?", "fact"),
    ("do I need to finish every elective course?", "fact"),
    ("can i skip the intro course if I already code?", "fact"),
    ("how long is that book, and any links for it?", "resources"),  # a resource noun still asks for them
    ("good course for statistics?", "resources"),
])
def test_a_question_about_a_property_of_a_course_is_a_fact(question, intent):
    assert classify(question) == intent


@pytest.mark.parametrize(("question", "intent"), [
    ("how many lectures does the compilers course have?", "fact"),  # a count
    ("how many videos are in the statistics playlist?", "fact"),
    ("is there a book that goes with the networking course?", "fact"),  # whether one exists
    ("does the databases course come with a textbook?", "fact"),
    ("is the security course free?", "fact"),
    ("which courses are in the systems stage?", "fact"),  # what a stage contains
    ("what does the compilers course say about parsing?", "fact"),
    ("I finished the linear algebra playlist, what next?", "next_step"),  # what was finished
    ("which playlist came right after that one?", "next_step"),  # what comes in order
    ("is there a good course for parsing?", "resources"),  # a recommendation stays a reading list
    ("are there courses to guide the capstone?", "resources"),
    ("I finished the algebra course, any playlists for what comes next?", "resources"),
])
def test_the_intent_comes_from_what_is_asked_not_the_resource_noun(question, intent):
    assert classify(question) == intent
