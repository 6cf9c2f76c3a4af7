"""Direct questions answered first: a part the question names is answered from that part, a question
about the roadmap as a whole from the roadmap's own lines, a stage named alone from that stage.
A small synthetic curriculum (nested headings, a course table per stage) and a fake search that
ranks whatever it is given; no index."""

from __future__ import annotations

from rag.evidence import EvidenceFinder
from rag.extractive import Composition
from rag.intents.fact import UNIT
from rag.lexical import LexicalIndex
from rag.models import Passage, RoadmapStructure, Stage
from rag.query import StandaloneQuery
from rag.text import stem, tokens
from tests.rag.conftest import FixedSearch, LexicalStub

ACADEMY = RoadmapStructure(doc_id="academy", source="open-academy/README.md", title="Open Academy", stages=[
    Stage(index=0, title="Counting and Sums", group="Core numbers"),
    Stage(index=1, title="Series and Limits", group="Core numbers"),
    Stage(index=2, title="Induction", group="Core proofs"),
    Stage(index=3, title="Contradiction", group="Core proofs"),
    Stage(index=4, title="Number Fields", group="Advanced numbers"),
    Stage(index=5, title="Galois Groups", group="Advanced numbers"),
])
WEEKS = {0: 6, 1: 8, 2: 4, 3: 3, 4: 12, 5: 10}
PARENT = {"Core numbers": "Core School", "Core proofs": "Core School", "Advanced numbers": "Advanced School"}


def _passage(n: int, section: str, text: str, stage: int | None = None) -> Passage:
    title = ACADEMY.stage(stage).title if stage is not None else ""
    return Passage(chunk_id=f"academy-{n}", source=ACADEMY.source, title=ACADEMY.title, section=section, text=text,
                   doc_id="academy", stage_index=stage, stage_title=title)


def passages() -> list[Passage]:
    found = [_passage(0, "Summary", "The academy mirrors a degree in mathematics, in three parts.\n"
                                    "It is possible to finish within about 3 years at 15 hours/week.")]
    for stage in ACADEMY.stages:
        path = f"Curriculum > {PARENT[stage.group]} > {stage.group}"
        if not any(p.section == path for p in found):
            found.append(_passage(len(found), path, f"{stage.group} builds the habits every later course needs."))
        found.append(_passage(len(found), f"{path} > {stage.title}",
                              f"Courses: {stage.title}\nDuration: {WEEKS[stage.index]} weeks\nEffort: 5 hours/week",
                              stage.index))
    return found


def _ranking_stages(found: list[Passage]) -> FixedSearch:
    """Ranks the stage passages first, whatever the query: the structure must find the rest."""
    return FixedSearch([p for p in found if p.stage_index is not None], lexical=LexicalStub())


def answer(question: str) -> str:
    found = passages()
    finder = EvidenceFinder(_ranking_stages(found), [ACADEMY], found)
    evidence = finder.find(StandaloneQuery(question=question, query=question, intent="fact"), 6, UNIT)
    return UNIT.compose(Composition(evidence))


def test_a_part_named_by_a_word_of_its_heading_answers_with_its_courses_and_their_weeks():
    text = answer("how many weeks is the numbers part?")
    assert text.startswith("**In short**\n**Core numbers**")
    assert "**Counting and Sums**: Duration: 6 weeks" in text and "**Series and Limits**: Duration: 8 weeks" in text
    assert text.index("Counting and Sums") < text.index("Series and Limits")  # the roadmap's order
    assert "Number Fields" not in text and "Induction" not in text


def test_which_courses_are_in_a_part_lists_the_part_in_order():
    text = answer("which courses are in core proofs?")
    assert text.index("**Induction**") < text.index("**Contradiction**")
    assert "Counting" not in text


def test_a_part_and_a_course_inside_it_is_a_question_about_the_course():
    assert "**Core proofs**" not in answer("how long is induction in the proofs part?")


def test_how_long_the_whole_roadmap_takes_opens_with_its_own_line_about_itself():
    text = answer("how long does the whole thing take?")
    first = text.split("\n")[1]
    assert "about 3 years at 15 hours/week" in first, text


def test_what_a_part_says_opens_with_its_own_lines_and_the_words_that_ask_name_nothing():
    for question in ("what does the proofs section say?", "which topics does core proofs cover?"):
        text = answer(question)
        assert text.startswith("**In short**\n- Core proofs builds the habits"), text
        assert text.index("builds the habits") < text.index("**Induction**")


def test_a_word_no_passage_has_does_not_keep_a_question_from_its_part():
    found = passages()
    search = _ranking_stages(found)
    search.lexical.idf = {stem(w): 1.0 for p in found for w in tokens(p.text + " " + p.section)}
    finder = EvidenceFinder(search, [ACADEMY], found)
    question = "hw long is teh numbers part"
    evidence = finder.find(StandaloneQuery(question=question, query=question, intent="fact"), 6, UNIT)
    text = UNIT.compose(Composition(evidence))
    assert "**Core numbers** (Open Academy), in the roadmap's order:" in text and "**Series and Limits**" in text


def test_the_parts_of_the_roadmap_as_a_whole_are_listed_in_order_after_its_own_count_of_them():
    text = answer("what are the parts of the open academy?")
    assert text.startswith("**In short**\n- The academy mirrors a degree in mathematics, in three parts. [1]\n"
                           "**Open Academy**, in the roadmap's order:")
    assert "- **Core numbers**: Core numbers builds the habits every later course needs. [2]" in text
    assert text.index("**Core proofs**") < text.index("**Advanced numbers**")


def _answer_with(question: str, extra: list[Passage]) -> str:
    found = passages() + extra
    finder = EvidenceFinder(_ranking_stages(found), [ACADEMY], found)
    evidence = finder.find(StandaloneQuery(question=question, query=question, intent="fact"), 6, UNIT)
    return UNIT.compose(Composition(evidence))


PREREQUISITES = [_passage(90, "Prerequisites", "Before starting you should have:\n- High school algebra\n- A pen and paper")]


def test_a_start_question_in_a_learners_words_is_answered_from_the_first_stage():
    assert UNIT.certain("which course do I take first?")
    text = _answer_with("which course do I take first?", PREREQUISITES)
    assert "Counting and Sums" in text and "Galois" not in text


def test_what_to_have_before_starting_is_answered_from_the_prerequisites_section():
    text = _answer_with("anything i should have before i begin?", PREREQUISITES)
    assert "High school algebra" in text
    assert "Counting and Sums" in _answer_with("anything i should have before i begin?", [])  # none: the first stage


def test_a_start_question_that_names_a_topic_starts_there():
    assert "Induction" in answer("where do i start with induction?")


def test_a_start_question_across_roadmaps_is_about_the_roadmaps_search_found_the_best_first():
    from rag.fact_evidence import start_roadmaps
    tips = RoadmapStructure(doc_id="tips", source="tips.rst", title="RL Tips")
    other = RoadmapStructure(doc_id="other", source="other.md", title="Other Path")
    ranked = [p.model_copy(update={"doc_id": "tips"}) for p in passages()[:2]]
    assert [r.doc_id for r in start_roadmaps([ACADEMY, other, tips], ranked)] == ["tips"]
    assert start_roadmaps([ACADEMY], ranked) == [ACADEMY]  # one roadmap in scope: that one


def test_a_numbered_stage_is_the_answer_s_focus_though_every_title_shares_its_unit_word():
    staged = RoadmapStructure(doc_id="search", source="search.md", title="Search Path", stages=[
        Stage(index=i, title=f"Stage {i + 1}: {name}", label=f"Stage {i + 1}", group="steps")
        for i, name in enumerate(["Tokenising Text", "Inverted Indexes", "Ranking Models"])])
    found = [Passage(chunk_id=f"search-{s.index}", source=staged.source, title=staged.title, section=s.title,
                     text=f"Prerequisites: stage {s.index}.\nWork on {s.title.split(': ')[1].lower()}.", doc_id="search",
                     stage_index=s.index, stage_title=s.title) for s in staged.stages]
    # the search ranks the wrong stages first; "stage" is in every passage: no word of the question is rare
    search = FixedSearch(list(reversed(found)), lexical=LexicalIndex(found))
    finder = EvidenceFinder(search, [staged], found)
    question = "what's stage 2 about?"
    evidence = finder.find(StandaloneQuery(question=question, query=question, intent="fact"), 6, UNIT)
    assert [p.stage_index for p in evidence.payload.focus] == [1]


ROAD = RoadmapStructure(doc_id="rtm", source="x/road-to-ml/README.md", title="Road to ML", stages=[
    Stage(index=0, title="Machine Learning Basics"), Stage(index=1, title="Computer Vision"),
    Stage(index=2, title="Deployment"),
])
PREP = RoadmapStructure(doc_id="prep", source="x/data-engineer-prep/plan.md", title="Data Engineer Prep",
                        stages=[Stage(index=0, title="SQL")])


def test_the_topic_asked_of_a_roadmap_named_by_a_role_word_weighs_its_lines():
    """"road to ml" names the roadmap; "computer vision" and "machine learning pipelines" are what is
    asked, as written (no line says "computervision"), and they stay in the words lines are weighed by."""
    found = [Passage(chunk_id=f"rtm-{s.index}", source=ROAD.source, title=ROAD.title, section=s.title,
                     text=f"{s.title}: build machine learning pipelines for images.", doc_id="rtm",
                     stage_index=s.index, stage_title=s.title) for s in ROAD.stages]
    finder = EvidenceFinder(FixedSearch(found, lexical=LexicalIndex(found)), [ROAD, PREP], found)
    question = "does road to ml cover computer vision and machine learning pipelines?"
    evidence = finder.find(StandaloneQuery(question=question, query=question, intent="fact"), 6, UNIT)
    words = evidence.payload.query.lower().split()
    assert {"computer", "vision", "machine", "learning", "pipelines"} <= set(words)
    assert "road" not in words and "ml" not in words
