"""`advisor plan --roadmap NAME` takes the names a learner uses in the chat: acronyms, the organisation
its opening names, role forms of its title; a name that fits none is refused with the list."""

from __future__ import annotations

import pytest

from rag.errors import PlanRequestError
from rag.models import Passage, RoadmapStructure, Stage
from rag.plan import PlanLibrary, PlanRequest, build_plan


def roadmap(doc: str, title: str, opening: str, stages: list[str]) -> tuple[RoadmapStructure, list[Passage]]:
    source = f"roadmaps/{doc}/README.md"
    structure = RoadmapStructure(doc_id=doc, source=source, title=title, stages=[
        Stage(index=i, title=t, label=f"Step {i + 1}", group="steps", topics=[f"{t} basics"]) for i, t in enumerate(stages)])
    passages = [Passage(chunk_id=f"{doc}-intro", source=source, title=title, section="Introduction", text=opening,
                        doc_id=doc)]
    passages += [Passage(chunk_id=f"{doc}-{i}", source=source, title=title, section=t, text=f"- {t} basics",
                         doc_id=doc, stage_index=i, stage_title=t) for i, t in enumerate(stages)]
    return structure, passages


@pytest.fixture()
def library() -> PlanLibrary:
    parts = [
        roadmap("open-data-science", "Open Source Data Science Masters",
                "A curriculum collected by the Riverbank Data Guild for self-taught data scientists.",
                ["Step 1: Statistics", "Step 2: Machine Learning"]),
        roadmap("computer-science", "Computer Science Self-Study Path",
                "Free courses for a computer science education, kept by Globex volunteers.",
                ["Step 1: Programming", "Step 2: Algorithms"]),
    ]
    return PlanLibrary([s for s, _ in parts], [p for _, ps in parts for p in ps])


@pytest.mark.parametrize("name, title", [
    ("OSDSM", "Open Source Data Science Masters"),  # the acronym of its title
    ("the riverbank guild curriculum", "Open Source Data Science Masters"),  # the organisation its opening names
    ("data scientist", "Open Source Data Science Masters"),  # a role form of its title
    ("CS", "Computer Science Self-Study Path"),
    ("computer scientist", "Computer Science Self-Study Path"),
])
def test_a_roadmap_named_the_way_learners_name_it_is_planned(library, name, title):
    assert build_plan(PlanRequest(roadmap=name), library).roadmap == title


def test_a_name_that_fits_no_roadmap_is_refused_with_the_list(library):
    with pytest.raises(PlanRequestError, match="matches no roadmap.*Open Source Data Science Masters"):
        build_plan(PlanRequest(roadmap="web design bootcamp"), library)
