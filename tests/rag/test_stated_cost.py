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


def test_a_quoted_line_keeps_underscores_inside_words_and_urls():
    note = prose("Courses", "The **Hugging_Face** course is a __premium__ course, see https://x.com/deep_learning today.")
    mark = paid_mark("how much does the hugging_face course cost?", [note])
    assert mark is not None
    assert 'The Hugging_Face course is a premium course, see https://x.com/deep_learning today.' in mark.line


@pytest.mark.parametrize("question, passages", [
    # the roadmap states an amount: the answer quotes it, nothing to add
    ("how much does the kiln firing masterclass cost?",
     [KILN, prose("Kiln Firing Masterclass", "The Kiln Firing Masterclass costs $49 per month.")]),
    # the asked-about entry is free: the catalogue gives its price
    ("how much does the glaze chemistry playlist cost?", [GLAZE, KILN]),
    # not a price question
    ("what does the kiln firing masterclass teach?", [KILN]),
    # a premium skill is no price
    ("how much does a glazing course cost?", [prose("Glazing", "Glazing is a premium skill for studio potters.")]),
])
def test_no_paid_statement_when_a_price_is_stated_the_entry_is_free_or_no_price_is_asked(question, passages):
    assert paid_mark(question, passages) is None


def test_a_price_question_over_an_unpriced_paid_course_says_it_is_paid_cites_it_and_gives_no_amount(tmp_path):
    """End to end over a real index with a catalogue: answered or refused, the learner reads that the
    course is paid, that no amount is given, and the citation opens the entry that says so."""
    from tests.roadmap_index import roadmap_advisor

    roadmap = ("# Pottery Roadmap\n\n## Step 1: Wheel throwing\n- Centre clay on the wheel.\n"
               "- Resource: Kiln Firing Masterclass\n\n## Step 2: Firing\n- Learn bisque and glaze firing schedules.\n")
    catalogue = ("resources:\n  - id: kiln-masterclass\n    title: Kiln Firing Masterclass\n    kind: course\n"
                 "    provider: Acme Academy\n    cost: paid\n    recommended_by:\n      - roadmap: pottery\n"
                 "        stage: 'Step 2: Firing'\n    description: A paid course on firing schedules for stoneware kilns.\n")
    advisor = roadmap_advisor(tmp_path, {"pottery.md": roadmap, "resources.yaml": catalogue})
    answer = advisor.answer("How much does the Kiln Firing Masterclass cost?")
    assert "Kiln Firing Masterclass** as paid but give no amount" in answer.answer, answer.answer
    marker = re.search(r"as paid but give no amount \[(\d+)\]", answer.answer)
    cited = next(c for c in answer.citations if c.id == int(marker.group(1)))
    assert "cost: paid" in cited.text
    assert not re.search(MONEY, answer.answer, re.I), answer.answer
