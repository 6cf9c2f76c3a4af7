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


def test_names_of_the_document_and_requirement_words_are_not_held_against_a_question():
    """"Is Python compulsory for this syllabus?" asks whether Python is required: the documents answer
    it by listing Python or not, whatever they call themselves."""
    assert unattested_words("Is Python compulsory for this syllabus?", {"python"}) == []
    assert unattested_words("does the roadmap claim Python is mandatory?", {"python"}) == []
    assert unattested_words("is the syllabus accredited?", {"python"}) == ["accredited"]


def test_a_long_word_one_letter_from_a_stemmed_word_is_a_typo():
    """"quantizaton" is one letter from "quantization", which the index keeps as its stem "quantiz"."""
    assert unattested_words("what does it say about quantizaton?", {"quantiz"}) == []
    assert unattested_words("what about the motorbike?", {"motorboat"}) == ["motorbike"]  # two letters: another word
