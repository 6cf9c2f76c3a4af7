"""A learner's misspelt or abbreviated question still finds the passage BM25 would find when spelt
out; real words and short words are never respelt."""

from __future__ import annotations

from rag.lexical import LexicalIndex
from rag.models import Passage
from rag.query_terms import QueryTerms
from rag.text import stem


def passage(n: int, section: str, text: str) -> Passage:
    return Passage(chunk_id=f"c{n}", source="guide.md", title="Guide", section=section, text=text, doc_id="g")


PASSAGES = [
    passage(1, "Statistics", "We recommend: Introduction to Probability, Inferential Statistics."),
    passage(2, "Module 1: Neural Networks", "Backpropagation, activation functions, training."),
    passage(3, "Step 9: Reinforcement Learning", "Policy gradients and Q-learning."),
    passage(4, "Step 4: Mathematics", "Linear algebra and calculus."),
    passage(5, "Tools", "Stud finders, lean manufacturing and stuff."),
]


def test_a_misspelt_word_finds_the_passage_that_spells_it():
    index = LexicalIndex(PASSAGES)
    assert not index.query_terms.vocabulary & {"recomend", "nueral", "reinforcment"}
    for question, expected in [("what do they recomend?", "c1"), ("what about nueral networks", "c2"),
                               ("where is reinforcment covered", "c3")]:
        found = index.search(question, 3)
        assert found and found[0][0].chunk_id == expected, question


def test_a_short_form_adds_its_long_form():
    index = LexicalIndex(PASSAGES)
    assert index.search("when do I study rl?", 3)[0][0].chunk_id == "c3"
    assert index.search("is there maths?", 3)[0][0].chunk_id == "c4"


def test_real_and_short_words_are_not_respelt():
    terms = QueryTerms(LexicalIndex(PASSAGES).vocabulary)
    assert terms.terms("recomend") == [stem("recommend")]
    assert stem("learn") not in terms.terms("lean")  # a real word stays itself, even near an index word
    assert terms.terms("stuf") == []  # four letters: as near "stud" as "stuff"


def test_words_spelt_right_keep_their_weight():
    terms = QueryTerms(LexicalIndex(PASSAGES).vocabulary)
    assert terms.terms("calculus calculus algebra") == [stem("calculus"), stem("calculus"), stem("algebra")]


def test_a_word_written_as_a_name_is_not_respelt_into_an_index_word():
    # "Mixtral" is one edit from "mistral" but is another model: a name is searched as written
    terms = QueryTerms({stem("mistral"), stem("neural"), stem("recommend")})
    assert terms.terms("can I fine-tune Mixtral on my laptop?") == []
    assert terms.terms("is vLLM in the guide? or vLLMs") == []  # a capital inside the word
    assert terms.terms("Nueral nets first?") == [stem("neural")]  # a sentence's first word is no name
    assert terms.terms("What Should I Recomend") == [stem("recommend")]  # a title case question says nothing
    assert terms.terms("what about nueral nets") == [stem("neural")]


def test_a_misspelt_subject_word_is_written_as_the_index_spells_it_in_the_question_itself():
    """The question's meaning and the lines chosen for it read the word too, not only BM25."""
    terms = LexicalIndex(PASSAGES).query_terms
    assert terms.respell_text("wat calculas do i need for ml?") == "wat calculus do i need for ml?"
    assert terms.respell_text("Reinforcment or nueral networks first?") == "Reinforcement or neural networks first?"


def test_names_real_words_and_short_words_are_kept_as_written():
    terms = LexicalIndex(PASSAGES).query_terms
    assert terms.respell_text("is Calculas covered?") == "is Calculas covered?"  # capitalised inside: a name
    assert terms.respell_text("what about lean and stuf?") == "what about lean and stuf?"  # a real word; four letters
    assert terms.respell_text("what about probability?") == "what about probability?"


def test_a_lower_case_name_near_an_index_word_is_never_rewritten_in_the_question():
    """Scope and answers read the respelt text: "mixtral" must not become "mistral", a word the user never typed."""
    index = LexicalIndex(PASSAGES + [passage(6, "Models", "Mistral 7B and Llama fine-tuning.")])
    terms = index.query_terms
    assert terms.respell_text("is mixtral covered?") == "is mixtral covered?"
    assert stem("mistral") in terms.terms("is mixtral covered?")  # still searched as an extra BM25 term
    assert terms.respell_text("wat calculas do i need for ml?") == "wat calculus do i need for ml?"


def test_a_word_a_digit_touches_is_read_whole_and_kept():
    terms = QueryTerms({stem("exllamav"), stem("neural")})
    assert terms.respell_text("exllamav2 or gptq?") == "exllamav2 or gptq?"
    assert terms.respell_text("is nueral2 a model?") == "is nueral2 a model?"  # not "neural2": a digit makes a name
    assert terms.respell_text("llama2 or nueral nets?") == "llama2 or neural nets?"
