"""Words a yes/no question asks about that no document uses (not misspellings of words they use)."""

from __future__ import annotations

from rag.unattested import unattested_words

VOCABULARY = {"curriculum", "python", "learn", "job", "finish", "data", "scienc", "roadmap", "degre", "calculus",
              "quantization", "requir", "optional"}


def test_a_yes_no_question_about_what_no_passage_says_names_its_words():
    assert unattested_words("Is the curriculum accredited?", VOCABULARY) == ["accredited"]
    assert unattested_words("does finishing the data science roadmap guarantee a job?", VOCABULARY) == ["guarantee"]
    assert unattested_words("can I get a visa with this roadmap?", VOCABULARY) == ["visa"]  # not "via" misspelt


def test_misspellings_of_known_or_common_words_are_not_held_against_a_question():
    assert unattested_words("does the curriculum requir calculus?", VOCABULARY) == []
    assert unattested_words("is quantisation in the roadmap?", VOCABULARY) == []  # one letter from quantization
    assert unattested_words("is pyhton in the curiculum?", VOCABULARY) == []
    assert unattested_words("shuold I lern calculus?", VOCABULARY) == []


def test_requests_to_the_assistant_are_not_checked():
    assert unattested_words("which employers recognise the degree?", VOCABULARY) == ["employers", "recognise"]
    assert unattested_words("can you summarise the curriculum?", VOCABULARY) == []  # a request to the assistant
    assert unattested_words("do you recommend calculus first?", VOCABULARY) == []
