"""List and count questions (rag.list_answer, through the fact intent): answered from the list the
question names, under a labelled lead-in or a sub-heading, whole; a prose line sharing its words
does not answer it. A small made-up beekeeping roadmap and a search that ranks prose first."""

from __future__ import annotations

import pytest

from rag.evidence import EvidenceFinder
from rag.extractive import Composition
from rag.intents.fact import UNIT
from rag.list_answer import asks_for_list, labelled_lists, named_list
from rag.models import Passage, RoadmapStructure, Stage
from rag.query import StandaloneQuery
from tests.rag.conftest import FixedSearch, LexicalStub

BEES = RoadmapStructure(doc_id="bees", source="bees.md", title="Beekeeping Roadmap", stages=[
    Stage(index=0, title="Season 1: First Hive", label="Season 1", group="seasons"),
    Stage(index=1, title="Season 2: Honey", label="Season 2", group="seasons"),
])


def _p(n: int, section: str, text: str, stage: int | None = None) -> Passage:
    return Passage(chunk_id=f"b{n}", source=BEES.source, title=BEES.title, section=section, text=text, doc_id="bees",
                   stage_index=stage, stage_title=BEES.stages[stage].title if stage is not None else "")


PASSAGES = [
    _p(0, "Season 1: First Hive", "Keep one hive and learn its rhythm. Good tools make the work calm.\n"
       "Build 2-3 hive frames yourself:\n- A brood frame\n- A honey super frame\n- A queen excluder", 0),
    _p(1, "Season 2: Honey", "Harvest when the frames are capped; tools matter less than timing.", 1),
    _p(2, "Tools of the Trade > Must Have", "- Smoker\n- Hive tool\n- Veil", None),
    _p(3, "Tools of the Trade > Nice to Have", "- Honey extractor\n- Refractometer", None),
    _p(4, "Why Bees", "Bees are nice to have around a garden, and a hobby with tools you already own.", None),
]


def answer(question: str) -> tuple[str, list[str]]:
    # the prose passages ranked first: the labelled list must be found through its heading
    finder = EvidenceFinder(FixedSearch([PASSAGES[4], PASSAGES[1], PASSAGES[0]], lexical=LexicalStub()), [BEES], PASSAGES)
    evidence = finder.find(StandaloneQuery(question=question, query=question, intent="fact"), 6, UNIT)
    composition = Composition(evidence)
    text = UNIT.compose(composition)
    return text, [c.section for c in composition.book.citations()]


def test_count_and_enumeration_questions_ask_for_a_list_and_others_do_not():
    assert asks_for_list("how many frames should I build?")
    assert asks_for_list("which tools are nice to have?")
    assert asks_for_list("list the must have tools")
    assert not asks_for_list("when should I harvest honey?")
    assert not asks_for_list("which season covers honey?") and not asks_for_list("which is better, a smoker or a veil?")


def test_a_list_is_labelled_by_its_lead_in_or_by_the_heading_it_opens_under():
    lead = labelled_lists(PASSAGES[0])
    assert [(found.label, found.items) for found in lead] == [
        ("Build 2-3 hive frames yourself", ("A brood frame", "A honey super frame", "A queen excluder"))]
    assert [found.label for found in labelled_lists(PASSAGES[3])] == ["Nice to Have"]
    assert labelled_lists(PASSAGES[4]) == []  # prose is no list


def test_the_list_the_question_names_wins_over_its_sibling_and_over_prose():
    found = named_list("which tools are nice to have?", PASSAGES, {})
    assert found is not None and found.label == "Nice to Have"
    assert named_list("when should I harvest honey?", PASSAGES, {}) is None
    # the words that name the roadmap ("beekeeping") name none of its lists
    assert named_list("which beekeeping roadmap parts are there?", PASSAGES, {}) is None


def test_a_list_question_opens_with_the_whole_named_list_and_cites_it():
    text, sections = answer("which tools are nice to have?")
    opening = text.split("\n\n")[0]
    assert "Honey extractor" in opening and "Refractometer" in opening
    assert sections[0] == "Tools of the Trade > Nice to Have"
    assert "Bees are nice" not in opening  # the prose that shares "nice to have" does not answer it


def test_a_count_question_opens_with_the_lead_in_that_states_the_count():
    text, _ = answer("how many hive frames should I build in season 1?")
    assert text.split("\n\n")[0].startswith("**In short**\n**Build 2-3 hive frames yourself**")


@pytest.mark.parametrize("question", ["coding practice sites the guide recommends?", "books it suggests?",
                                      "which sites does the guide recommend for practice?"])
def test_a_plural_the_roadmap_is_said_to_recommend_is_a_list_question(question):
    assert asks_for_list(question)


@pytest.mark.parametrize("question", ["is kubernetes recommended?", "is pandas recommended for beginners?",
                                      "does the guide recommend python?", "what does this roadmap suggest for maths?"])
def test_whether_something_is_recommended_is_not_a_list_question(question):
    assert not asks_for_list(question)
