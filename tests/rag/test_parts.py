"""A roadmap's parts as its headings nest them, the part a question names, and the parts a learner
crosses between two stages: small synthetic curricula, no index."""

from __future__ import annotations

from rag.parts import HeadingTree, crossing
from rag.text import content_terms, stem

# section path of each passage, and the stage it belongs to (None: prose around the stages)
CURRICULUM = [
    ("Summary", None),
    ("Curriculum > Core School", None),
    ("Curriculum > Core School > Core numbers", None),
    ("Curriculum > Core School > Core numbers > Counting and Sums", 0),
    ("Curriculum > Core School > Core numbers > Series and Limits", 1),
    ("Curriculum > Core School > Core proofs", None),
    ("Curriculum > Core School > Core proofs > Induction", 2),
    ("Curriculum > Core School > Core proofs > Contradiction", 3),
    ("Curriculum > Advanced School", None),
    ("Curriculum > Advanced School > Advanced numbers", None),
    ("Curriculum > Advanced School > Advanced numbers > Number Fields", 4),
    ("Curriculum > Advanced School > Advanced numbers > Galois Groups", 5),
]


def tree(rows=CURRICULUM, groups=None) -> HeadingTree:
    sections, stages = [s for s, _ in rows], [i for _, i in rows]
    return HeadingTree(range(len(rows)), sections, stages, groups)


def asked(text: str) -> set[str]:
    return {stem(t) for t in content_terms(text)}


def test_a_part_is_named_by_its_heading_words_and_the_first_of_equals_wins():
    named = tree().named(asked("how many weeks is the numbers part"))
    assert named is not None and named.part.name == "Core numbers"  # before "Advanced numbers"
    assert named.part.stages == [0, 1]
    assert [p[-1] for p in named.part.children] == ["Counting and Sums", "Series and Limits"]
    assert tree().named(asked("what is in advanced numbers")).part.name == "Advanced numbers"


def test_a_word_that_names_a_part_and_the_parts_inside_it_means_the_enclosing_one():
    named = tree().named(asked("i completed every course in core school"))
    assert named is not None and named.part.name == "Core School"
    assert named.part.stages == [0, 1, 2, 3]


def test_a_question_naming_no_heading_names_no_part():
    assert tree().named(asked("how do i learn calculus")) is None


def test_stage_groups_are_parts_where_the_headings_do_not_nest_the_stages():
    flat = [("Intro", None), ("The Robot Builder", None), ("1. Wheel Basics", 0), ("2. Sensor Fusion", 1),
            ("The Robot Operator", None), ("1. Running Robots", 2), ("2. Fleet Monitoring", 3)]
    groups = {"The Robot Builder": [0, 1], "The Robot Operator": [2, 3]}
    named = tree(flat, groups).named(asked("what is in the operator track"))
    assert named is not None and named.part.stages == [2, 3]
    assert named.part.own == [4]  # the group's own heading passage
    assert tree(flat).named(asked("what is in the operator track")) is None  # without the groups: no part


def test_crossing_into_a_new_part_names_the_outermost_headings_left_and_entered():
    found = crossing(tree(), (3, "Contradiction"), (4, "Number Fields"), ("Core proofs", "Advanced numbers"))
    assert found is not None
    assert found.ended == ("Core School", "Core proofs")
    assert found.entered == ("Advanced School", "Advanced numbers")
    assert found.opening == (8,)  # "Curriculum > Advanced School" speaks first
    assert crossing(tree(), (0, "Counting and Sums"), (1, "Series and Limits"), ("Core numbers",) * 2) is None
