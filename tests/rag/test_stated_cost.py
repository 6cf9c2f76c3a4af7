"""A price question over a course the roadmaps mark paid (or premium) without an amount: the answer
says plainly that it is paid and that no amount is given, cites where it says so, and never states an
amount of its own (rag.stated_cost)."""

from __future__ import annotations

import re

import pytest

from ingest.catalogue import describe
from rag.models import CatalogueResource, Passage
from rag.stated_cost import paid_mark, paid_sentence
from rag.scope_types import MONEY


def entry(title: str, cost: str, description: str) -> Passage:
    resource = CatalogueResource(id=title.lower().replace(" ", "-"), title=title, kind="course",
                                 provider="Acme Academy", cost=cost, description=description)
    return Passage(chunk_id=title, source="resources.yaml", title="Resource catalogue", kind="resource",
                   section=f"Resources > {title}", text=describe(resource, {}), score=0.6)


def prose(section: str, text: str) -> Passage:
    return Passage(chunk_id=section, source="r.md", title="Roadmap", section=section, text=text, score=0.6)


KILN = entry("Kiln Firing Masterclass", "paid", "A paid course on firing schedules for stoneware.")
GLAZE = entry("Glaze Chemistry Playlist", "free", "A free video playlist on glaze chemistry.")


def test_a_paid_catalogue_entry_without_an_amount_is_stated_as_paid_with_no_amount():
    mark = paid_mark("how much does the kiln firing masterclass cost?", [GLAZE, KILN])
    assert mark is not None and mark.passage is KILN
    sentence = paid_sentence(mark, "[1]")
    assert sentence == "They list **Kiln Firing Masterclass** as paid but give no amount [1]."
    assert not re.search(MONEY, sentence, re.I)  # no amount is made up


def test_a_roadmap_line_calling_the_course_premium_is_quoted_as_what_it_says():
    note = prose("Recommended courses", "- Wheel Throwing 101\n- *Note:* The Wheel Throwing 101 course is one of "
                 "our premium courses for beginners. For those who cannot afford it, search for free tutorials.")
    mark = paid_mark("what is the price of the wheel throwing 101 course?", [note])
    assert mark is not None and mark.word == "premium"
    sentence = paid_sentence(mark, "[2]")
    assert '"Note: The Wheel Throwing 101 course is one of our premium courses for beginners." [2]' in sentence
    assert "no amount" in sentence and "Recommended courses" not in sentence  # the heading is not the course


def test_a_premium_line_about_other_courses_is_not_said_of_the_asked_one():
    """The section lists the asked course, but the line saying "premium" is about other courses."""
    note = prose("Recommended courses", "- Wheel Throwing 101\n- Kiln Basics\n- *Note:* Kiln Basics and Glaze Lab "
                 "are premium courses for beginners.")
    assert paid_mark("how much does wheel throwing 101 cost?", [note]) is None


def test_a_catalogue_title_with_a_colon_is_named_whole():
    book = entry("Deep Learning: A Practitioner's Approach", "paid", "A paid book on neural networks.")
    mark = paid_mark("how much does deep learning: a practitioner's approach cost?", [book])
    assert mark is not None
    assert "**Deep Learning: A Practitioner's Approach** as paid" in paid_sentence(mark, "[1]")
