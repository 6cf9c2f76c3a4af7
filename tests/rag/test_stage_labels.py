"""A stage named by its number ("stage 2", "steps 1-6") over a small structure (no model involved):
the number is read with its unit even when the roadmap's name around it is taken out, and a range a
learner has done ends where they stand."""

from __future__ import annotations

import pytest

from rag.evidence import EvidenceFinder
from rag.focus import FocusResolver
from rag.models import Passage, RoadmapStructure, Stage
from rag.rewrite import rewrite
from rag.roadmap import label_terms

PREP = RoadmapStructure(doc_id="prep", source="prep.md", title="ML Engineer Prep Roadmap", stages=[
    Stage(index=0, title="Stage 1: Math + Python Basics (2–3 weeks)", label="Stage 1"),
    Stage(index=1, title="Stage 2: Core ML Algorithms (4–6 weeks)", label="Stage 2"),
    Stage(index=2, title="Stage 3: Data Wrangling (2–3 weeks)", label="Stage 3"),
    Stage(index=3, title="Stage 4: Deep Learning (2–3 weeks)", label="Stage 4"),
])
COURSE = RoadmapStructure(doc_id="course", source="course.md", title="Vision Course", stages=[
    Stage(index=0, title="Weeks 1-2: Image Basics", label="Weeks 1-2"),
    Stage(index=1, title="Weeks 3-4: Convolutions", label="Weeks 3-4"),
])


def _passages() -> list[Passage]:
    return [Passage(chunk_id=f"{r.doc_id}-{s.index}", source=r.source, title=r.title, section=s.title,
                    text=f"What {s.title} covers.", doc_id=r.doc_id, stage_index=s.index, stage_title=s.title)
            for r in (PREP, COURSE) for s in r.stages]


@pytest.fixture(scope="module")
def resolver() -> FocusResolver:
    return FocusResolver(EvidenceFinder(None, [PREP, COURSE], _passages()))  # lookups only: no search


def test_label_terms_read_a_plural_unit_and_a_range_s_end():
    assert label_terms("stage 2 of it, Lesson 05") == ["stage#2", "lesson#5"]
    assert label_terms("i did steps 1-6") == ["step#6"]  # how far the learner got
    assert label_terms("weeks 2 to 4 done") == ["week#4"]
    assert label_terms("Weeks 1-2", spans=True) == ["week#1", "week#2"]  # a stage's own label spans its range
    assert label_terms("the class 3 notes") == ["class#3"]  # "class" is no plural


def test_a_follow_up_stays_on_the_stage_the_question_named_by_number(resolver):
    # "2" alone is in every "(2–3 weeks)" title; "stage 2" is the one stage labelled so
    first = "what does stage 2 of the ml engineer prep roadmap cover?"
    turns = [{"role": "user", "content": first}, {"role": "assistant", "content": "(answer)"}]
    focus = resolver.resolve(rewrite("how many weeks?", turns), turns)
    assert (focus.doc_id, focus.stage_index) == ("prep", 1)


def test_a_range_of_steps_done_stands_at_its_last_step(resolver):
    question = "i've done stages 1-3 of the ml engineer prep roadmap, what should i learn next?"
    found = resolver.locate([PREP], question, True)
    assert found and (found[0].doc_id, found[0].stage_index, found[0].after) == ("prep", 2, True)


def test_a_week_inside_a_stage_s_range_names_that_stage(resolver):
    found = resolver.finder.locate([COURSE], "what is taught in week 3 of the vision course?", min_score=3.0)
    assert found and found[0].stage.index == 1


def test_a_number_said_with_no_sequence_unit_still_names_a_title():
    from rag.roadmap import unit_numbers

    assert unit_numbers("done stages 1-3, then Python 3, week 04") == {"1", "3", "4"}
    assert unit_numbers("is Python 3 enough?") == set()  # "3" stays a title word ("Python 3 Basics")


def test_a_number_in_brackets_after_its_unit_still_names_the_stage():
    notebooks = RoadmapStructure(doc_id="nb", source="nb.md", title="Practical AI", stages=[
        Stage(index=n, title=title, label=f"Notebook {n}") for n, title in
        enumerate(["00_Notebooks", "01_Python", "02_Computer_Vision", "03_Highway_Networks"])])
    finder = EvidenceFinder(None, [notebooks, PREP], _passages())
    found = finder.position_in(notebooks, "after the computer vision notebook (2) what's the next one?")
    assert found is not None and found.stage.index == 2


def test_a_follow_up_after_a_range_done_is_about_the_stage_after_the_range(resolver):
    first = "i've done stages 1 to 3 of the ml engineer prep roadmap, what next?"
    turns = [{"role": "user", "content": first}, {"role": "assistant", "content": "(answer)"}]
    focus = resolver.resolve(rewrite("any resources for it?", turns), turns)
    assert (focus.doc_id, focus.stage_index) == ("prep", 3)  # the answer was about Stage 4
