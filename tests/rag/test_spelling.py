"""Misspelt question words ("wat shuold i lern aftr") are read as the words they misspell, for
routing and scope; subject words and a lone real word that happens to be one edit away are not."""

from __future__ import annotations

from rag.intents.registry import classify
from rag.spelling import misspelt_frame_words, respell
from rag.unattested import unattested_words


def test_misspelt_frame_words_are_written_out_and_the_subject_is_kept():
    assert respell("wat shuold i lern aftr pandas") == "what should i learn after pandas"  # "wat" opens it
    assert respell("whats nxt aftr lesson 2") == "whats next after lesson 2"
    assert respell("i finsihed sql, wht next") == "i finished sql, what next"


def test_one_lone_near_word_is_left_alone():
    assert respell("what is the net salary of an ML engineer?") == "what is the net salary of an ML engineer?"
    assert respell("how do I alter a model's output?") == "how do I alter a model's output?"


def test_a_real_word_is_never_respelt_however_many_frame_words_are_misspelt():
    assert respell("how do I lean into MLOps, wht shoud i lern aftr sql") == \
        "how do I lean into MLOps, what should i learn after sql"
    assert respell("wht stat shoud i lern") == "what stat should i learn"
    assert respell("shoud i lern alter or ten things nxt") == "should i learn alter or ten things next"
    assert misspelt_frame_words("how do I lean into MLOps, wht shoud i lern aftr sql") == {"wht", "shoud", "lern", "aftr"}


def test_the_real_words_are_the_embedding_models_whole_words():
    from rag.spelling import real_words

    words = real_words()
    assert {"lean", "stat", "alter", "learn", "wat"} <= words
    assert not {"lern", "aftr", "shuold", "nxt"} & words and len(words) > 10_000


def test_a_typed_in_a_hurry_next_step_question_is_routed_to_next_step():
    assert classify("wat shuold i lern aftr pandas") == "next_step"
    assert classify("what is pandas?") != "next_step"


def test_misspelt_frame_words_are_not_words_the_documents_lack():
    vocabulary = {"panda", "pandas", "numpy", "learn"}
    assert misspelt_frame_words("wat shuold i lern aftr pandas") >= {"aftr", "shuold"}
    assert "aftr" not in unattested_words("wat shuold i lern aftr pandas", vocabulary)


def test_follow_up_words_typed_in_a_hurry_are_written_out_and_other_words_kept():
    from rag.spelling import respell_pointers

    assert respell_pointers("any resorces for taht?") == "any resources for that?"
    assert respell_pointers("lnks for thsi one?") == "links for this one?"
    assert respell_pointers("more than that, then what?") == "more than that, then what?"  # real words stay


def test_one_typo_typed_as_a_learner_types_is_written_out():
    assert respell("what comes aftr linear algebra?") == "what comes after linear algebra?"
    assert respell("waht comes next in the course?") == "what comes next in the course?"  # two letters swapped
    assert respell("wat calculus do i need for ml?") == "what calculus do i need for ml?"  # "wat" opening a question
    assert classify("what comes aftr linear algebra?") == "next_step"


def test_one_near_word_that_may_be_a_name_or_an_acronym_is_kept():
    assert respell("I take notes in Strt, what next?") == "I take notes in Strt, what next?"  # capitalised inside
    assert respell("which cms should i learn?") == "which cms should i learn?"  # three letters alone
    assert respell("my teacher said wat to learn") == "my teacher said wat to learn"  # "wat" not opening
