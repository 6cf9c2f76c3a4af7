"""One pattern says "take these in order" for a table's lead-in, a list's lead-in and a plan's quoted
sentence (rag.order_cues): each phrase any of them reads is read by all, and a document describing
itself ("from basics to advanced", "step-by-step", "in order to") orders nothing."""

from __future__ import annotations

import pytest

from rag.order_cues import ORDER_CUE


@pytest.mark.parametrize("said", [
    "Work through these from top to bottom.",  # a table's lead-in
    "Each module builds on the one before.",
    "Datasets, from easiest to hardest",  # a list's lead-in
    "Follow these steps:",
    "Each day, take the next subject in the list.",  # a plan's order sentence
    "Take the courses in the order listed.",
    "Do them one after the other, in sequence.",
    "Rank them in order of difficulty.",
])
def test_a_phrase_that_orders_one_kind_of_item_orders_every_kind(said):
    assert ORDER_CUE.search(said)


@pytest.mark.parametrize("said", [
    "In order to pass the exam, practise daily.",
    "Zero to Advanced Path: a learning journey from basics to advanced ML.",
    "Logical progression with clear learning objectives.",
    "Following this roadmap step-by-step will give you the skills needed.",  # what a guide is, not an order
    "Use whichever tools you like.",
])
def test_words_that_describe_the_document_or_a_purpose_order_nothing(said):
    assert not ORDER_CUE.search(said)
