"""Next step where the order lives in table rows, section headings or repeated items: a row named
by its number, the sections of a roadmap with no stages at any depth, an item listed in several
stages answered for each. Small synthetic roadmaps, no index."""

from __future__ import annotations

from rag.evidence import EvidenceFinder
from rag.models import Passage, RoadmapStructure, Stage

LESSONS = RoadmapStructure(doc_id="rob", source="robots/README.md", title="Robot Lessons", stages=[
    Stage(index=0, title="Setting up ROS 2", label="Lesson 1", group="Lessons"),
    Stage(index=1, title="Nodes and topics", label="Lesson 2", group="Lessons"),
    Stage(index=2, title="Coordinate frames", label="Lesson 3", group="Lessons"),
])
OPS = RoadmapStructure(doc_id="ops", source="ops/README.md", title="Ops Roadmap", stages=[
    Stage(index=0, title="Step 1: Foundations", label="Step 1", group="steps", topics=["Linux shell"]),
    Stage(index=1, title="Step 2: Containers", label="Step 2", group="steps", topics=["Docker images", "Compose"]),
    Stage(index=2, title="Step 3: Tracking", label="Step 3", group="steps", topics=["Experiment tracking"]),
    Stage(index=3, title="Step 4: Pipelines", label="Step 4", group="steps", topics=["Docker for pipeline steps"]),
    Stage(index=4, title="Step 5: Serving", label="Step 5", group="steps", topics=["Model servers"]),
])
GUIDE = RoadmapStructure(doc_id="dsm", source="dsm.pdf", title="Open Data Masters", stages=[])
GUIDE_SECTIONS = ["Open Data Masters > Motivation", "Open Data Masters > Shortfall", "The Curriculum",
                  "The Curriculum > Math", "The Curriculum > Computing", "The Curriculum > Data Analysis",
                  "Contribute"]


def _passages(roadmap: RoadmapStructure) -> list[Passage]:
    return [Passage(chunk_id=f"{roadmap.doc_id}-{s.index}", source=roadmap.source, title=roadmap.title,
                    section=f"{s.group} > {s.title}", text=f"{s.title}: " + "; ".join(s.topics or ["what to study"]),
                    doc_id=roadmap.doc_id, stage_index=s.index, stage_title=s.title) for s in roadmap.stages]


def _guide() -> list[Passage]:
    return [Passage(chunk_id=f"dsm-{n}", source=GUIDE.source, title=GUIDE.title, section=section,
                    text=f"{section.split(' > ')[-1]}: resources.", doc_id="dsm") for n, section in enumerate(GUIDE_SECTIONS)]


def test_a_row_named_by_its_number_is_that_row_not_a_title_holding_the_number():
    found = EvidenceFinder(None, [LESSONS], _passages(LESSONS)).paths_after("whats next after lesson 2?", [LESSONS])
    assert found[0].position.stage.title == "Nodes and topics"
    assert [p.stage.title for p in found[0].following] == ["Coordinate frames"]


def test_a_section_below_the_top_level_of_a_roadmap_without_stages_leads_to_its_next_sibling():
    finder = EvidenceFinder(None, [GUIDE], _guide())
    paths = finder.paths_after("what comes after math in the open data masters?", [GUIDE])
    assert paths[0].position.stage.title == "Math"
    assert [p.stage.title for p in paths[0].following] == ["Computing", "Data Analysis"]
    last = finder.paths_after("done with data analysis, what next?", [GUIDE])[0]
    assert [p.stage.title for p in last.following] == ["Contribute"]  # past its last sibling: the parent's next


def test_an_item_listed_in_two_stages_is_answered_for_each():
    paths = EvidenceFinder(None, [OPS], _passages(OPS)).paths_after("what comes after docker?", [OPS])
    assert [p.position.stage.title for p in paths] == ["Step 2: Containers", "Step 4: Pipelines"]
    assert [p.stage.title for p in paths[1].following] == ["Step 5: Serving"]


def test_a_stage_named_by_its_title_is_answered_alone_even_if_others_list_the_word():
    paths = EvidenceFinder(None, [OPS], _passages(OPS)).paths_after("what comes after containers?", [OPS])
    assert [p.position.stage.title for p in paths] == ["Step 2: Containers"]


def test_an_item_in_most_stages_is_a_theme_and_is_answered_once():
    everywhere = OPS.model_copy(update={"stages": [s.model_copy(update={"topics": [*s.topics, "Python scripts"]})
                                                   for s in OPS.stages]})
    paths = EvidenceFinder(None, [everywhere], _passages(everywhere)).paths_after("what comes after python?", [everywhere])
    assert len(paths) == 1


def test_table_cells_that_repeat_the_stage_line_are_not_points_of_it():
    from rag.intents.next_step import _restates

    stage = Stage(index=3, title="Regularisation", label="Week 4", group="Schedule")
    assert _restates("Week: 4", stage) and _restates("Theme: Regularisation", stage) and _restates("Part: Schedule", stage)
    assert not _restates("Lab: Reduce overfitting on a small dataset", stage)


def test_after_x_what_should_i_learn_is_surely_a_next_step_question():
    from rag.intents.next_step import UNIT

    assert UNIT.certain("after word embeddings what should I learn?")
    assert UNIT.certain("After PyTorch, what should I study?")
    assert not UNIT.certain("after all, what do I learn in step 3?")
    assert not UNIT.certain("what is a word embedding?")
