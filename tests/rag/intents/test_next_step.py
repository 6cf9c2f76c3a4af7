"""Where a next-step question puts the learner in a roadmap with several parts, and what follows:
small synthetic roadmaps (a curriculum of course groups, a course with tracks), no index."""

from __future__ import annotations

from rag.evidence import EvidenceFinder
from rag.models import Passage, RoadmapStructure, Stage
from rag.query import StandaloneQuery
from tests.rag.conftest import FixedSearch

# A curriculum whose groups run one after another, then prose after its last stage.
SCHOOL = RoadmapStructure(doc_id="school", source="open-school/README.md", title="Open School Curriculum", stages=[
    Stage(index=0, title="Starting Out with Pascal", group="Intro School"),
    Stage(index=1, title="Structured Design", group="Core building"),
    Stage(index=2, title="Object Design", group="Core building"),
    Stage(index=3, title="Counting and Sums", group="Core numbers"),
    Stage(index=4, title="Series and Limits", group="Core numbers"),
    Stage(index=5, title="Compiler Writing", group="Advanced building"),
    Stage(index=6, title="Proof Methods", group="Advanced numbers"),
])
# A course whose tracks share a word in their names, one stage named by its initials.
COURSE = RoadmapStructure(doc_id="course", source="robot-course/README.md", title="Robot Course", stages=[
    Stage(index=0, title="1. Wheel Basics", group="The Robot Builder"),
    Stage(index=1, title="2. Sensor Fusion", group="The Robot Builder"),
    Stage(index=2, title="3. Operator Planning Aids", group="The Robot Builder"),
    Stage(index=3, title="1. Running Robots", group="The Robot Operator"),
    Stage(index=4, title="2. Path Planning Methods", group="The Robot Operator"),
    Stage(index=5, title="3. Advanced PPM", group="The Robot Operator"),
    Stage(index=6, title="4. Fleet Monitoring", group="The Robot Operator"),
])


def _passages(roadmap: RoadmapStructure, after: list[str] = ()) -> list[Passage]:
    staged = [Passage(chunk_id=f"{roadmap.doc_id}-{s.index}", source=roadmap.source, title=roadmap.title,
                      section=f"{s.group} > {s.title}", text=f"{s.title}: what to study.", doc_id=roadmap.doc_id,
                      stage_index=s.index, stage_title=s.title) for s in roadmap.stages]
    prose = [Passage(chunk_id=f"{roadmap.doc_id}-after-{i}", source=roadmap.source, title=roadmap.title,
                     section="When you are done", text=text, doc_id=roadmap.doc_id) for i, text in enumerate(after)]
    return staged + prose


def finder(*roadmaps: RoadmapStructure) -> EvidenceFinder:
    passages = [p for r in roadmaps for p in _passages(r, ["You now hold the equivalent of a degree."])]
    return EvidenceFinder(retriever=None, structures=list(roadmaps), passages=passages)


def path(question: str, *roadmaps: RoadmapStructure):
    paths = finder(*roadmaps).paths_after(question, list(roadmaps))
    assert paths, question
    return paths[0]


def test_the_last_stage_of_a_part_leads_into_the_next_part():
    found = path("i finished intro school (the pascal one), what next?", SCHOOL)
    assert found.position.stage.title == "Starting Out with Pascal"
    assert [p.stage.title for p in found.following] == ["Structured Design", "Object Design"]


def test_a_part_named_alone_means_its_end_and_its_shared_word_means_every_such_part():
    found = path("ive completed every required course in core school, now what?", SCHOOL)
    assert found.position.stage.title == "Series and Limits"
    assert [p.stage.title for p in found.following] == ["Compiler Writing"]


def test_the_whole_roadmap_finished_is_its_end_with_what_it_says_comes_after():
    found = path("i completed the whole open school curriculum, what now?", SCHOOL)
    assert found.position.stage.title == "Proof Methods"
    assert found.following == []
    assert [p.text for p in found.beyond] == ["You now hold the equivalent of a degree."]


def test_the_track_named_narrows_the_stages_and_its_words_do_not_pick_a_stage():
    found = path("after planning what should i learn next (robot operator)", COURSE)
    assert found.position.stage.title == "2. Path Planning Methods"
    assert found.following[0].stage.title == "3. Advanced PPM"


def test_a_stage_is_found_by_its_initials_and_the_basic_one_comes_first():
    found = path("after basic PPM what next in the operator track", COURSE)
    assert found.position.stage.title == "2. Path Planning Methods"
    assert found.following[0].stage.title == "3. Advanced PPM"


def test_a_follow_up_naming_no_roadmap_stays_on_the_roadmap_its_subject_named(fixed_search):
    search = fixed_search()
    passages = _passages(SCHOOL) + _passages(COURSE)
    found = EvidenceFinder(search, [SCHOOL, COURSE], passages)
    from rag.intents.next_step import UNIT

    query = StandaloneQuery(question="and after that?", query="and after that? sensor fusion robot course",
                            intent="next_step", subject="what is sensor fusion in the robot course?")
    evidence = found.find(query, 6, UNIT)
    assert search.filters[-1] is not None and search.filters[-1].doc_id == "course"
    assert [p.roadmap.doc_id for p in evidence.payload.paths] == ["course"]
    assert evidence.payload.paths[0].following[0].stage.title == "3. Operator Planning Aids"


# A guide the parser found no stages in: only headed sections.
GUIDE = RoadmapStructure(doc_id="guide", source="kite-guide/README.md", title="Kite Flying Guide", stages=[])
GUIDE_SECTIONS = ["Kite Flying Guide > Choosing a Kite", "Kite Flying Guide > Launching",
                  "Kite Flying Guide > Steering Tricks", "Kite Flying Guide > Competitions"]


def _guide_passages() -> list[Passage]:
    return [Passage(chunk_id=f"guide-{n}", source=GUIDE.source, title=GUIDE.title, section=section,
                    text=f"{section.split(' > ')[-1]}: what to practise.", doc_id="guide")
            for n, section in enumerate(GUIDE_SECTIONS)]


def test_a_roadmap_without_stages_answers_from_its_sections_in_document_order():
    found = EvidenceFinder(None, [GUIDE, COURSE], _guide_passages() + _passages(COURSE))
    paths = found.paths_after("i can launch now, what comes after launching in the kite guide?", [GUIDE])
    assert [p.roadmap.doc_id for p in paths] == ["guide"]
    assert paths[0].position.stage.title == "Launching"
    assert [p.stage.title for p in paths[0].following] == ["Steering Tricks", "Competitions"]
    assert [p.chunk_id for p in paths[0].following[0].passages] == ["guide-2"]


def test_what_the_roadmap_says_after_its_end_reads_as_sentences():
    from rag.intents.next_step import _run_on

    said = _run_on(["After the curriculum above,", "you hold a degree.", "Congratulations!", "keep learning"])
    assert said == "After the curriculum above; you hold a degree. Congratulations! keep learning"
    assert ",;" not in said and ".;" not in said


def test_two_words_a_title_hyphenates_name_that_stage_not_one_that_mentions_them():
    course = RoadmapStructure(doc_id="llm", source="llm/README.md", title="Model Course", stages=[
        Stage(index=0, title="3. Post-Training Datasets", group="The Scientist"),
        Stage(index=1, title="4. Supervised Fine-Tuning", group="The Scientist"),
        Stage(index=2, title="5. Preference Alignment", group="The Scientist", topics=["fine tuning with rewards"]),
        Stage(index=3, title="6. Evaluation", group="The Scientist"),
    ])
    found = path("im done with fine tuning in the model course, what next", course)
    assert found.position.stage.title == "4. Supervised Fine-Tuning"
    assert found.following[0].stage.title == "5. Preference Alignment"


def test_finishing_a_part_names_the_parts_left_and_entered_by_their_headings():
    nested = [p.model_copy(update={"section": f"Curriculum > {p.section.split(' > ')[0].split()[0]} School > {p.section}"})
              for p in _passages(SCHOOL)]
    intro = Passage(chunk_id="school-advanced", source=SCHOOL.source, title=SCHOOL.title,
                    section="Curriculum > Advanced School", text="Choose the advanced courses that fit your goal.",
                    doc_id="school")
    found = EvidenceFinder(None, [SCHOOL], nested + [intro]).paths_after("completed all of core school, now what?", [SCHOOL])
    assert found[0].position.stage.title == "Series and Limits"
    assert found[0].crossing.ended[0] == "Core School" and found[0].crossing.entered[0] == "Advanced School"
    assert [p.chunk_id for p in found[0].entering] == ["school-advanced"]


def test_a_part_named_by_all_its_words_outranks_a_stage_title_sharing_one_of_them():
    other = RoadmapStructure(doc_id="coders", source="coders/README.md", title="Coder Guide", stages=[
        Stage(index=0, title="Numbers for Coders", group="steps"), Stage(index=1, title="Strings", group="steps")])
    paths = finder(SCHOOL, other).paths_after("i finished the core numbers courses, what next?", [SCHOOL, other])
    assert paths[0].roadmap.doc_id == "school" and paths[0].position.stage.title == "Series and Limits"


# A guide whose steps are a list inside a section, not stages: the list an answer led with.
TOOL = RoadmapStructure(doc_id="tool", source="tool/README.md", title="Notebook Guide", stages=[])
TOOL_SECTIONS = {
    "Notebook Guide > How to use it": "1. Open the notebook in the browser\n2. Run every cell in order\n"
                                      "3. Save a copy of the notebook",
    "Notebook Guide > How to use it > If you use git": "1. Clone the repository\n2. Open the notebook locally",
    "Notebook Guide > Lessons": "Open the notebook for each lesson and read along.",
}


def _tool_passages() -> list[Passage]:
    return [Passage(chunk_id=f"tool-{n}", source=TOOL.source, title=TOOL.title, section=section, text=text,
                    doc_id="tool") for n, (section, text) in enumerate(TOOL_SECTIONS.items())]


def test_the_section_an_answer_led_with_is_found_with_the_sections_under_it():
    found = EvidenceFinder(None, [TOOL], _tool_passages())
    assert [p.chunk_id for p in found.under_heading("how to use  IT", {"tool"})] == ["tool-0", "tool-1"]
    assert found.under_heading("How to use it", {"other"}) == []


def test_a_follow_up_step_is_the_next_item_of_the_list_the_last_answer_led_with():
    """"and after I open the notebook?" names an item of the list the last answer gave: the next
    item of that list, though other sections share its words."""
    from rag.intents.next_step import UNIT

    found = EvidenceFinder(FixedSearch(), [TOOL], _tool_passages())
    query = StandaloneQuery(question="and after i open the notebook?", query="and after i open the notebook?",
                            intent="next_step", subject="how do i use the notebook guide?", led="How to use it")
    paths = found.find(query, 6, UNIT).payload.paths
    assert paths and paths[0].reached is not None and "Open the notebook in the browser" in paths[0].reached.text
    assert [item.text for item in paths[0].within][:1] == ["Run every cell in order"]
