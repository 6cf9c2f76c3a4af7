"""The sibling heading a follow-up names (rag.sibling_sections): only the index's own headings, under
the same parent as the heading the last answer led with."""

from __future__ import annotations

import pytest

from rag.sibling_sections import sibling

SECTIONS = [
    "Which algorithm should I use?",
    "Which algorithm should I use? > Discrete Actions",
    "Which algorithm should I use? > Discrete Actions > Discrete Actions - Single Process",
    "Which algorithm should I use? > Discrete Actions > Discrete Actions - Multiprocessed",
    "Which algorithm should I use? > Continuous Actions > Continuous Actions - Single Process",
    "Which algorithm should I use? > Continuous Actions > Continuous Actions - Multiprocessed",
    "Stage 9: Projects > Beginner Projects (6 projects)",
    "Stage 9: Projects > Intermediate Projects (8 projects)",
    "Stage 9: Projects > Advanced Projects (9 projects)",
]


@pytest.mark.parametrize("led, question, expected", [
    ("Discrete Actions - Single Process", "what if i can run multiple processes?",
     "Which algorithm should I use? > Discrete Actions > Discrete Actions - Multiprocessed"),
    ("Continuous Actions - Multiprocessed", "what if i'm stuck with one process?",
     "Which algorithm should I use? > Continuous Actions > Continuous Actions - Single Process"),
    ("Beginner Projects (6 projects)", "and the advanced ones?", "Stage 9: Projects > Advanced Projects (9 projects)"),
])
def test_the_variant_the_follow_up_names_under_the_same_parent(led, question, expected):
    assert sibling(led, question, SECTIONS) == expected


@pytest.mark.parametrize("led, question", [
    ("Discrete Actions - Single Process", "how do I tune the learning rate?"),  # names no variant
    ("Which algorithm should I use?", "and for multiple processes?"),  # a top-level heading has no parent here
    ("Not a heading of the index", "and the advanced ones?"),
])
def test_no_sibling_when_the_follow_up_names_none_or_the_lead_has_no_parent(led, question):
    assert sibling(led, question, SECTIONS) is None
