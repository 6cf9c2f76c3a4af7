"""The next step along an ordered list (rag.ordered_lists, through the next-step intent): a learner
who names an item of a numbered list, or of a list its lead-in or heading says is ordered, gets the
items after it in that list, cited, and not another roadmap's stages; an unordered list's next entry
is no next step. Two small made-up roadmaps: a stage-less audio guide and a staged pottery path."""

from __future__ import annotations

from rag.evidence import EvidenceFinder
from rag.extractive import Composition
from rag.intents.next_step import UNIT
from rag.models import Passage, RoadmapStructure, Stage
from rag.ordered_lists import ordered_items
from rag.query import StandaloneQuery
from tests.rag.conftest import FixedSearch

AUDIO = RoadmapStructure(doc_id="audio", source="audio.md", title="Audio Practice Guide")  # no parsed stages
POTTERY = RoadmapStructure(doc_id="pottery", source="pottery.md", title="Pottery Path", stages=[
    Stage(index=0, title="Step 1: Clay and Environment Setup", label="Step 1", group="steps"),
    Stage(index=1, title="Step 2: Wheel Throwing", label="Step 2", group="steps"),
])


def _a(n: int, section: str, text: str) -> Passage:
    return Passage(chunk_id=f"a{n}", source=AUDIO.source, title=AUDIO.title, section=section, text=text, doc_id="audio")


def _p(n: int, stage: int, text: str) -> Passage:
    title = POTTERY.stages[stage].title
    return Passage(chunk_id=f"p{n}", source=POTTERY.source, title=POTTERY.title, section=title, text=text,
                   doc_id="pottery", stage_index=stage, stage_title=title)


AUDIO_PASSAGES = [
    _a(0, "Continuous sounds", "Most sounds are continuous. A personal pick, with gradual difficulty:\n"
          "1. Rainfall (easy to separate)\n2. Birdsong (overlapping calls)\n3. Pottery wheel throwing noise (hardest)"),
    _a(1, "Datasets, from easiest to hardest", "- ESC-50: 2,000 short clips\n- UrbanSound8K: ten classes\n- AudioSet: two million clips"),
    _a(2, "Tools", "Use what you like:\n- librosa for features\n- torchaudio for loading\n- Audacity for listening"),
]
POTTERY_PASSAGES = [
    _p(0, 0, "- Wedging clay\n- Setting up the studio environment"),
    _p(1, 1, "- Centering\n- Pulling walls"),
]


def _answer(question: str) -> tuple[str, set[str]]:
    finder = EvidenceFinder(retriever=FixedSearch(), structures=[AUDIO, POTTERY], passages=AUDIO_PASSAGES + POTTERY_PASSAGES)
    evidence = finder.find(StandaloneQuery(question=question, query=question, intent="next_step"), 6, UNIT)
    composition = Composition(evidence)
    text = UNIT.compose(composition)
    return text, {c.chunk_id for c in composition.book.citations()}


def test_numbered_and_order_cued_lists_are_ordered_and_a_plain_tool_list_is_not():
    assert [i.label for i in ordered_items("Continuous sounds", AUDIO_PASSAGES[:1])] == [
        "Rainfall (easy to separate)", "Birdsong (overlapping calls)", "Pottery wheel throwing noise (hardest)"]
    assert [i.label for i in ordered_items("Datasets, from easiest to hardest", AUDIO_PASSAGES[1:2])] == [
        "ESC-50", "UrbanSound8K", "AudioSet"]
    assert ordered_items("Tools", AUDIO_PASSAGES[2:]) == []


def test_an_item_of_a_numbered_list_leads_to_the_next_items_of_that_list_cited_and_no_other_roadmap():
    text, cited = _answer("rainfall works with continuous sounds. which environment next?")
    assert "**Birdsong (overlapping calls)**" in text and "**Pottery wheel throwing noise (hardest)**" in text
    assert text.index("Birdsong") < text.index("Pottery wheel")
    assert "a0" in cited
    assert "Pottery Path" not in text and "Step 2:" not in text  # "environment" names a pottery stage's item, weakly


def test_an_item_of_a_list_its_heading_says_is_ordered_leads_to_the_next_entry():
    text, cited = _answer("finished esc-50, what comes after it?")
    assert "**UrbanSound8K**" in text and "a1" in cited


def test_the_next_entry_of_an_unordered_list_is_not_a_next_step():
    text, _ = _answer("done with librosa, what next?")
    assert "torchaudio" not in text


def test_a_stage_whose_title_explains_the_words_naming_an_item_wins_over_the_list():
    text, _ = _answer("done with wheel throwing, what's next?")  # a list item says "wheel throwing" too
    assert "Step 2: Wheel Throwing" in text and "Birdsong" not in text


GARDEN = RoadmapStructure(doc_id="garden", source="garden.md", title="Garden Path", stages=[
    Stage(index=0, title="Stage 1: Soil Preparation", label="Stage 1", group="stages"),
    Stage(index=1, title="Stage 2: Sowing Seeds", label="Stage 2", group="stages"),
])
GARDEN_PASSAGES = [
    Passage(chunk_id=f"g{n}", source=GARDEN.source, title=GARDEN.title, section=GARDEN.stages[n].title, text=text,
            doc_id="garden", stage_index=n, stage_title=GARDEN.stages[n].title)
    for n, text in enumerate(["Work through these in order:\n1. Testing soil acidity\n2. Digging in compost\n3. Raking flat beds",
                              "- Choosing seed varieties\n- Watering seedlings"])
]


def test_a_numbered_list_inside_a_stage_leaves_the_next_step_to_the_stage_order():
    finder = EvidenceFinder(retriever=FixedSearch([GARDEN_PASSAGES[0]]), structures=[GARDEN],  # search finds the soil list
                            passages=GARDEN_PASSAGES)
    question = "finished digging in compost for soil preparation, what next?"
    assert finder.ordered_item_path(question, [GARDEN]) is None  # the roadmap's stages answer, not the list
    evidence = finder.find(StandaloneQuery(question=question, query=question, intent="next_step"), 6, UNIT)
    text = UNIT.compose(Composition(evidence))
    assert "Stage 2: Sowing Seeds" in text


def test_the_same_numbered_list_in_a_stage_less_guide_gives_the_next_step():
    guide = GARDEN.model_copy(update={"stages": []})
    passages = [p.model_copy(update={"stage_index": None, "stage_title": None}) for p in GARDEN_PASSAGES]
    finder = EvidenceFinder(retriever=FixedSearch(), structures=[guide], passages=passages)
    listed = finder.ordered_item_path("finished digging in compost, what next?", [guide])
    assert listed is not None and [i.label for i in listed.within] == ["Raking flat beds"]
