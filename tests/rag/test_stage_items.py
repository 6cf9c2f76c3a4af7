"""The next step inside a stage (rag.stage_items, through the next-step intent): a learner who
finished one item of a stage gets the item after it in the document's order, then the next stage.
A small made-up pottery roadmap: sub-headings, lists under a "What to learn?" heading, a resource
list, reasons under a "Why" heading, an alternative, a course-table row; no index."""

from __future__ import annotations

from rag.evidence import EvidenceFinder
from rag.extractive import Composition
from rag.intents.next_step import UNIT
from rag.models import Passage, RoadmapStructure, Stage
from rag.query import StandaloneQuery
from rag.stage_items import items_after, named_item, stage_items
from tests.rag.conftest import FixedSearch

POTTERY = RoadmapStructure(doc_id="pottery", source="pottery.md", title="Pottery Roadmap", stages=[
    Stage(index=0, title="Step 1: Clay Work", label="Step 1", group="steps"),
    Stage(index=1, title="Step 2: Wheel Throwing", label="Step 2", group="steps"),
    Stage(index=2, title="Step 3: Firing", label="Step 3", group="steps"),
])


def _p(n: int, section: str, text: str, stage: int | None) -> Passage:
    title = POTTERY.stages[stage].title if stage is not None else ""
    return Passage(chunk_id=f"p{n}", source=POTTERY.source, title=POTTERY.title, section=section, text=text,
                   doc_id="pottery", stage_index=stage, stage_title=title)


PASSAGES = [
    _p(0, "Step 1: Clay Work > Why Learn Clay?", "- Clay is the start of everything.\n- Wedging Basics: it matters.", 0),
    _p(1, "Step 1: Clay Work > What to Learn?",
       "- Wedging Basics:\n  - Ram's head, spiral wedging.\n- Hand Building:\n  - Pinch pots, coils, slabs.\n"
       "- Surface Decoration:\n  - Slip, sgraffito.", 0),
    _p(2, "Step 1: Clay Work > Resources", "- Clay Channel\n- Glaze Playlist", 0),
    _p(3, "Step 2: Wheel Throwing > Centering", "Find the middle of the wheel before anything else:\n"
       "- Cone up and down\n- Coning with water", 1),
    _p(4, "Step 2: Wheel Throwing > Alternative: Electric Wheels", "- Quieter studios", 1),
    _p(5, "Step 2: Wheel Throwing > Trimming Feet", "- Trim a foot ring on leather-hard pots", 1),
    _p(6, "Step 3: Firing", "Kilns: Electric\nDuration: 4 weeks\nEffort: 3 hours/week", 2),
]


def _finder() -> EvidenceFinder:
    return EvidenceFinder(retriever=FixedSearch(), structures=[POTTERY], passages=PASSAGES)


def _path(question: str):
    paths = _finder().paths_after(question, [POTTERY])
    assert paths, question
    return paths[0]


def test_a_stage_items_are_its_topic_headings_and_list_entries_in_document_order():
    items = stage_items("Step 1: Clay Work", PASSAGES[:3])
    # the reasons under "Why ..." and the resource list are not things to learn
    assert [i.label for i in items] == ["Wedging Basics", "Hand Building", "Surface Decoration"]
    assert items[1].text == "Hand Building: Pinch pots, coils, slabs."
    wheel = stage_items("Step 2: Wheel Throwing", PASSAGES[3:6])
    assert [(i.label, i.level) for i in wheel][:3] == [("Centering", 0), ("Cone up and down", 1), ("Coning with water", 1)]
    assert stage_items("Step 3: Firing", PASSAGES[6:]) == []  # a course-table row is one record, not a list


def test_the_item_after_a_list_entry_is_the_next_entry_and_after_a_heading_the_next_heading_but_an_alternative():
    items = stage_items("Step 2: Wheel Throwing", PASSAGES[3:6])
    at = named_item(items, {"center"}, {"center"})
    assert items[at].label == "Centering"
    assert [i.label for i in items_after(items, at)] == ["Trimming Feet"]
    last = named_item(items, {"water"}, {"cone", "water"})
    assert items[last].label == "Coning with water"
    assert [i.label for i in items_after(items, last)] == ["Trimming Feet"]  # past the list's end: the next heading


def test_finishing_an_item_inside_a_stage_leads_to_the_next_item_there_then_the_next_stage():
    found = _path("done with wedging basics in step 1, what do i learn next?")
    assert found.reached.label == "Wedging Basics"
    assert [i.label for i in found.within] == ["Hand Building", "Surface Decoration"]
    assert found.following[0].stage.title == "Step 2: Wheel Throwing"  # the next stage is still there


def test_a_question_about_the_stage_as_a_whole_names_no_item():
    assert _path("finished clay work, what next?").reached is None
    assert _path("done with the whole clay work step incl. wedging basics, what's next?").reached is None


def test_the_answer_opens_with_the_next_item_inside_the_stage_and_cites_its_passage():
    question = "i learned hand building in clay work. what comes next?"
    evidence = _finder().find(StandaloneQuery(question=question, query=question, intent="next_step"), 6, UNIT)
    composition = Composition(evidence)
    text = UNIT.compose(composition)
    assert text.index("**Surface Decoration**: Slip, sgraffito") < text.index("Step 2: Wheel Throwing")
    cited = {c.chunk_id for c in composition.book.citations()}
    assert "p1" in cited and "p2" not in cited  # the list's passage, not the resources


def test_after_the_last_stage_the_answer_gives_the_list_the_roadmap_leads_into_not_the_sections_after_it():
    after = [_p(7, "Congratulations", "You can now throw, trim and fire.\nWhere to go from here:\n- Sell at a market\n"
                "- Join a studio", None),
             _p(8, "How to contribute", "Open an issue to fix a typo.", None)]
    finder = EvidenceFinder(retriever=FixedSearch(), structures=[POTTERY], passages=PASSAGES + after)
    question = "i finished firing, the last step. what now?"
    evidence = finder.find(StandaloneQuery(question=question, query=question, intent="next_step"), 6, UNIT)
    composition = Composition(evidence)
    text = UNIT.compose(composition)
    assert "Sell at a market" in text and "Join a studio" in text
    assert "Open an issue" not in text


def test_with_no_stage_named_a_table_row_the_question_names_leads_to_the_next_row():
    guide = RoadmapStructure(doc_id="guide", source="guide.md", title="Glaze Guide")  # no parsed stages
    rows = Passage(chunk_id="g1", source="guide.md", title="Glaze Guide", section="Course outline", doc_id="guide",
                   text="| # | Part | What it covers |\n| --- | --- | --- |\n| 1 | 00 - Glaze Chemistry | Fluxes and silica. |\n"
                        "| 2 | 01 - Mixing Glazes | Sieving and weighing. |\n| 3 | 02 - Glaze Firing | Cones. |")
    intro = Passage(chunk_id="g0", source="guide.md", title="Glaze Guide", section="How to start", doc_id="guide",
                    text="1. Read the outline\n2. Click on a part like glaze chemistry")
    finder = EvidenceFinder(retriever=FixedSearch(), structures=[guide], passages=[intro, rows])
    found = finder.item_path("done with glaze chemistry, what next?", [intro, rows], [guide])
    assert found.reached.label == "00 - Glaze Chemistry"  # the row, not the line that mentions it in passing
    assert [i.label for i in found.within] == ["01 - Mixing Glazes", "02 - Glaze Firing"]
