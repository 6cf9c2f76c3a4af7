"""One lookup of the words one edit away (rag.edits), shared by the BM25 respelling, the check for
words no document uses and the filler words of a time question."""

from __future__ import annotations

from rag.edits import EditIndex
from rag.query_terms import QueryTerms
from rag.unattested import attested

VOCABULARY = {"reinforc", "quantiz", "transform", "python", "data", "date"}


def test_near_finds_every_kind_of_single_edit_and_nothing_further():
    index = EditIndex(VOCABULARY)
    assert index.near("reinfrc") == {"reinforc"}  # a letter dropped
    assert index.near("reinforcc") == {"reinforc"}  # a letter added
    assert index.near("quantis") == {"quantiz"}  # a letter changed
    assert index.near("pyhton") == {"python"}  # two swapped
    assert index.near("dat") == {"data", "date"}
    assert index.near("pthyon") == set() and index.near("python") == set()  # two edits; the word itself


def test_the_three_readers_agree_on_a_typo_of_an_index_word():
    """The same typo is respelt for BM25 and not held against a question as a word no document uses."""
    assert QueryTerms(VOCABULARY).respelt("transfrm") == "transform"
    assert attested("transfrm", VOCABULARY)
    index = EditIndex(VOCABULARY)
    assert index.touches("transfrm") and index.dropped("transfrm") and not index.dropped("transfrom")
