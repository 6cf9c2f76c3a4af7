"""Items of a stage written as plain lines (a course-notes page whose modules are <div>s): a title line,
then a line of its keywords; numbered parts that share their words ("Glass Part 1", "Glass Part 2").
The next item is the one after the item the learner names word for word, in the stage that holds it
(not a stage whose title shares some of its words), and "the one after that" walks items, not stages.
A small made-up glassblowing roadmap; no index."""

from __future__ import annotations

from rag.evidence import EvidenceFinder
from rag.intents.next_step import UNIT
from rag.models import Passage, RoadmapStructure, Stage
from rag.query import ConversationFocus, StandaloneQuery
from rag.stage_items import quoted_item, stage_items
from tests.rag.conftest import FixedSearch

GLASS = RoadmapStructure(doc_id="glass", source="glass.html", title="Glassblowing Notes", stages=[
    Stage(index=0, title="Module 1: Hot Glass", label="Module 1", group="main"),
    Stage(index=1, title="Module 2: Coloured Hot Glass", label="Module 2", group="main"),
])


def _p(n: int, stage: int, text: str) -> Passage:
    title = GLASS.stages[stage].title
    return Passage(chunk_id=f"g{n}", source=GLASS.source, title=GLASS.title, section=f"main > {title}", text=text,
                   doc_id="glass", stage_index=stage, stage_title=title)


PASSAGES = [
    _p(0, 0, "Module 1: Hot Glass\nGathering: Furnace Work, Punty Use\nheat control, gather size, turning the pipe\n"
             "Shaping, Tools\nJacks and Paddles, blocks and wet newspaper, marver rolling\n"
             "Hot Glass Part 1: Bubbles\nfirst breath, even walls\nHot Glass Part 2: Cups\nfeet, lips, "
             "transfers\nHot Glass Part 3: Bowls\nopening up, flaring"),
    _p(1, 1, "Module 2: Coloured Hot Glass\nFrit and Powder\nmixing, casing\nCane Work\npulling, twisting"),
]


def _finder() -> EvidenceFinder:
    return EvidenceFinder(retriever=FixedSearch(), structures=[GLASS], passages=PASSAGES)


def test_a_keyword_line_under_a_title_belongs_to_it_and_the_stage_heading_is_no_item():
    items = stage_items(GLASS.stages[0].title, PASSAGES[:1])
    assert [i.label for i in items] == ["Gathering", "Shaping, Tools", "Hot Glass Part 1", "Hot Glass Part 2",
                                        "Hot Glass Part 3"]
    assert items[0].text.endswith("heat control, gather size, turning the pipe")
    assert "marver rolling" in items[1].text  # three lower-case terms in a row are keywords, whatever the first letter


def test_an_item_named_word_for_word_is_the_one_with_that_number():
    items = stage_items(GLASS.stages[0].title, PASSAGES[:1])
    assert items[quoted_item(items, "what's in hot glass part 2?")].label == "Hot Glass Part 2"
    assert quoted_item(items, "what is glass?") is None


def test_the_next_item_is_found_in_the_stage_that_holds_the_named_item():
    # "Module 2: Coloured Hot Glass" shares "hot glass" and the "2"; the item says every word
    found = _finder().paths_after("what comes after hot glass part 2?", [GLASS])[0]
    assert found.position.stage.index == 0
    assert found.reached.label == "Hot Glass Part 2"
    assert [i.label for i in found.within] == ["Hot Glass Part 3"]


def _follow_up(earlier: str, earlier_intent: str) -> str:
    query = StandaloneQuery(question="and the one after that?", query="and the one after that? Module 1: Hot Glass",
                            intent="next_step", subject=earlier, subject_intent=earlier_intent, earlier=[earlier],
                            focus=ConversationFocus(doc_id="glass", stage_index=0, stage_title=GLASS.stages[0].title,
                                                    after=True, carried=True))
    payload = _finder().find(query, 6, UNIT).payload
    return payload.paths[0].reached.label if payload.paths[0].reached is not None else payload.paths[0].position.stage.title


def test_the_one_after_that_walks_the_items_of_the_stage_not_the_stages():
    assert _follow_up("what's in hot glass part 1?", "fact") == "Hot Glass Part 1"  # its answer: Part 2 next
    # the earlier answer already said what follows Part 1 (Part 2): the walk goes on from there
    assert _follow_up("what comes after hot glass part 1?", "next_step") == "Hot Glass Part 2"
