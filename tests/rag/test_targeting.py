"""Which roadmap a question means: titles, file and folder names, headings, role-name variants."""

from __future__ import annotations

import pytest

from rag.models import RoadmapStructure
from rag.targeting import RoadmapTargeter

ROADMAPS = [
    RoadmapStructure(doc_id="ds", source="roadmaps/ossu-data-science/README.md", title="Readme"),
    RoadmapStructure(doc_id="cs", source="roadmaps/ossu-computer-science/README.md", title="Contents"),
    RoadmapStructure(doc_id="llm", source="roadmaps/llm-course/README.md", title="Readme"),
    RoadmapStructure(doc_id="de", source="roadmaps/big-data.md", title="Big Data Engineer Roadmap 2026"),
    RoadmapStructure(doc_id="cv", source="roadmaps/vision.md", title="Computer Vision Roadmap"),
]
HEADINGS = {"llm": ["The LLM Scientist", "The LLM Engineer"], "ds": ["Curriculum"], "cs": ["Curriculum"]}


@pytest.fixture(scope="module")
def targeter():
    return RoadmapTargeter(ROADMAPS, HEADINGS)


@pytest.mark.parametrize("question, doc_id", [
    ("DS track: finished linear algebra, what now", "ds"),
    ("what does the data scientist roadmap start with", "ds"),
    ("is the comp sci curriculum free?", "cs"),
    ("how long does the CS curriculum take", "cs"),
    ("what comes after SQL in the data engineering roadmap?", "de"),
    ("which courses for the data engineer path", "de"),
    ("CV roadmap: what after CNNs?", "cv"),
    ("in the scientist path, what follows fine-tuning?", "llm"),
    ("what does the 2026 plan say about Spark", "de"),
])
def test_role_name_variants_resolve_to_the_roadmap(targeter, question, doc_id):
    named = targeter.named(question)
    assert named is not None and named.doc_id == doc_id


@pytest.mark.parametrize("question", [
    "what comes after SQL?",  # several roadmaps teach SQL: none is named
    "which curriculum should I pick?",  # names none
    "what is a good first project?",
    "what does the roadmap say about the scientist role",  # a heading word counts only with track/path/part
])
def test_no_roadmap_is_named_when_the_question_names_none(targeter, question):
    assert targeter.named(question) is None


def test_a_named_roadmap_scopes_the_answer(advisor):
    answer = advisor.answer("what does the Gen AI roadmap say about SQL?")
    assert answer.citations and {c.source for c in answer.citations} == {"corpus/genai-engineer-roadmap.md"}


def test_another_roadmaps_heading_does_not_take_a_roadmaps_own_name():
    roadmaps = [RoadmapStructure(doc_id="cs", source="x/ossu-computer-science/README.md", title="OSSU Computer Science"),
                RoadmapStructure(doc_id="ds", source="x/ossu-data-science/README.md", title="OSSU Data Science")]
    targeter = RoadmapTargeter(roadmaps, {"ds": ["Introduction to Computer Science", "Statistics"]})
    named = targeter.named("i finished intro cs in OSSU, what do I take next?")
    assert named is not None and named.doc_id == "cs"
