"""Follow-ups that name nothing inherit the earlier turn's topic (rag.ellipsis, rag.rewrite)."""

from __future__ import annotations

import pytest

from rag.ellipsis import elliptic, meaning_text
from rag.rewrite import rewrite


@pytest.mark.parametrize("turn", ["for how long tho?", "how many?", "and how many hours a week?",
                                  "what comes right after it?", "and the one after it?", "why?", "how long does it take?"])
def test_a_turn_that_names_no_topic_is_elliptic(turn):
    assert elliptic(turn)


@pytest.mark.parametrize("turn", ["is colab free?", "and for NLP?", "how much does anki cost?", "is there a certificate?",
                                  "and how long is the yandex rl course?", "what's the weather in Paris?",
                                  "and week 3?", "how long is week 4?", "and step 4?"])
def test_a_turn_that_names_its_own_topic_is_not(turn):
    assert not elliptic(turn)


def test_an_elliptic_turn_is_asked_of_the_earlier_question_as_written():
    history = [{"role": "user", "content": "how many hours a day did jwasham study?"},
               {"role": "assistant", "content": "About 8-12 hours a day [1]."}]
    query = rewrite("for how long tho?", history)
    assert query.subject == "how many hours a day did jwasham study?"
    assert query.query == "for how long tho? how many hours a day did jwasham study?"
    assert meaning_text(query) == query.query  # its meaning is read with the topic it inherits


def test_a_turn_with_its_own_topic_is_read_alone():
    history = [{"role": "user", "content": "what does step 3 cover?"}, {"role": "assistant", "content": "SQL [1]"}]
    query = rewrite("what's the weather in Paris tomorrow?", history)
    assert not query.subject and meaning_text(query) == "what's the weather in Paris tomorrow?"
