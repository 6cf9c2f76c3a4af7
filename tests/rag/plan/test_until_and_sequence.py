"""Plans that stop where the learner says ("up to deep learning"), plans across two roadmaps taken in
turn ("first A, then B"), and what a plan takes as the roadmap's order and whole time."""

from __future__ import annotations

import re

from rag.models import Passage, RoadmapStructure, Stage
from rag.plan import PlanLibrary, PlanRequest, build_plan
from rag.plan.ask import is_plan_request, read_plan_request
from rag.plan.pace import whole_estimate
from rag.plan.sequence import build_sequence, sequence_parts
from rag.plan.until import stop_at
from tests.rag.plan.conftest import data_roadmap, ml_roadmap

MARKER = re.compile(r"(?<!\\)\[(\d{1,3})\]")


def _stages(*titles: str) -> list[Stage]:
    return [Stage(index=n, title=t, label=t.split(":")[0], group="steps") for n, t in enumerate(titles)]


def test_up_to_a_subject_is_read_as_where_the_plan_stops_and_going_through_is_not():
    ask = read_plan_request("I have 5 hours a week, how should I go through the genai roadmap up to deep learning?")
    assert ask is not None and ask.request.until == "deep learning"
    assert read_plan_request("i know python. plan the course through the NLP step, 6h/week").request.until == "NLP"
    assert read_plan_request("plan the llm course for me, 6 hours a week").request.until is None
    assert read_plan_request("make me a plan, up to 10 hours a week").request.until is None  # a time, not a part


def test_a_bare_plan_question_after_the_details_is_a_plan_request():
    assert is_plan_request("first the prep course up to deep learning, then the rl tips. 10h/week, plan?")
    assert is_plan_request("road to ml, 15 h/week. schedule?")
    assert not is_plan_request("what is the plan?")
    assert not is_plan_request("what does the daily plan say?")


def test_stop_at_keeps_the_stages_up_to_the_named_one_and_the_run_that_names_it_too():
    stages = _stages("Stage 1: Python", "Stage 2: Machine Learning Basics", "Stage 3: Deep Learning Fundamentals",
                     "Stage 4: Specialized Deep Learning", "Stage 5: Deployment")
    kept, left, named = stop_at(stages, "deep learning")
    assert [s.index for s in kept] == [0, 1, 2, 3] and [s.index for s in left] == [4] and named
    kept, left, named = stop_at(stages, "stage 2")
    assert [s.index for s in kept] == [0, 1] and named
    assert stop_at(stages, "quantum computing") == (stages, [], False)


def test_a_plan_up_to_a_stage_leaves_out_the_rest_and_says_so(library):
    plan = build_plan(PlanRequest(goal="data engineer", until="sql", weeks=52), library)
    assert [i.stage for i in plan.items] == ["Step 1: Python Programming", "Step 2: SQL and Databases"]
    assert not plan.later
    assert "up to sql, so it ends with Step 2: SQL and Databases" in plan.answer
    assert "Distributed Processing with Spark" in plan.answer.split("ends with")[1]  # named as left out
    unmatched = build_plan(PlanRequest(goal="data engineer", until="astronomy", weeks=52), library)
    assert "No stage of this roadmap names astronomy" in unmatched.answer and len(unmatched.items) == 3


def test_two_roadmaps_in_turn_are_planned_one_after_the_other_with_one_numbering():
    data, data_passages = data_roadmap()
    ml, ml_passages = ml_roadmap()
    library = PlanLibrary([data, ml], data_passages + ml_passages)
    question = "first the big data engineer roadmap up to sql, then the ml engineer roadmap. 10 h/week for 12 weeks"
    parts = sequence_parts(question)
    assert len(parts) == 2
    ask = read_plan_request(question)
    plan = build_sequence(ask, parts, [data, ml], library)
    first = [i for i in plan.items if i.stage.startswith("Step")]
    second = [i for i in plan.items if i.stage.startswith("Phase")]
    assert [i.stage for i in first] == ["Step 1: Python Programming", "Step 2: SQL and Databases"]
    assert second and second[0].start_week > max(i.end_week for i in first)  # the second starts after the first
    assert f"**Then ML Engineer Roadmap, from week {max(i.end_week for i in first) + 1}" in plan.answer
    ids = [c.id for c in plan.citations]
    assert ids == list(range(1, len(ids) + 1))  # one numbering across both
    assert {int(m) for m in MARKER.findall(plan.answer)} <= set(ids)
    by_id = {c.id: c for c in plan.citations}
    assert by_id[second[0].citation].chunk_id == "m0"  # the second roadmap's items cite its own passages


def test_a_single_roadmap_request_is_not_a_sequence():
    assert sequence_parts("plan the ml engineer roadmap for me, 10 hours a week") == []


def test_the_whole_roadmaps_time_is_not_taken_from_a_linked_resources_time():
    def own(chunk: str, text: str) -> Passage:
        return Passage(chunk_id=chunk, source="r.md", title="R", section="Overview", text=text, doc_id="r")

    passages = [own("a", "Read these in order:\n1. [System Design Primer](primer/README.md): 20 lessons (~8 hours total)."),
                own("b", "Realistic completion time is 6-8 months at 10 hours/week.")]
    whole = whole_estimate(passages, 5)
    assert whole is not None and whole.passage.chunk_id == "b"


def test_numbered_tips_beside_the_steps_are_not_planned():
    stages = [Stage(index=0, title="1. You Won't Remember it All", group="Don't Make My Mistakes"),
              Stage(index=1, title="Arrays", group="Data Structures"),
              Stage(index=2, title="Linked Lists", group="Data Structures")]
    roadmap = RoadmapStructure(doc_id="ciu", source="ciu.md", title="Interview Study", stages=stages)
    passages = [Passage(chunk_id=f"c{s.index}", source="ciu.md", title="Interview Study", section=s.title,
                        text=f"- {s.title} topic", doc_id="ciu", stage_index=s.index) for s in stages]
    plan = build_plan(PlanRequest(roadmap="ciu", weeks=20), PlanLibrary([roadmap], passages))
    assert [i.stage for i in plan.items] == ["Arrays", "Linked Lists"]


def test_a_follow_up_keeps_the_turn_that_asked_for_the_plan():
    history = [{"role": "user", "content": "first the big data roadmap up to sql, then the ml engineer roadmap, 10h/week. plan?"}]
    ask = read_plan_request("make it 6 hours a week", history)
    assert ask.request.hours_per_week == 6 and ask.opening == history[0]["content"]
    assert sequence_parts(ask.opening)


def test_a_stage_length_without_hours_is_quoted_and_taken_at_the_learners_pace():
    from rag.models import StageEstimate
    from rag.plan.estimate import stage_hours

    stage = Stage(index=0, title="Stage 1: Math Basics (2-3 weeks)", label="Stage 1", group="steps",
                  estimate=StageEstimate(text="2-3 weeks", section="Stage 1: Math Basics (2-3 weeks)"))
    passages = [Passage(chunk_id="s1", source="r.md", title="R", section="Stage 1: Math Basics (2-3 weeks)",
                        text="- Vectors\n- Matrices", doc_id="r", stage_index=0)]
    hours = stage_hours(stage, 2, passages, passages, per_week=6)
    assert hours.kind == "roadmap" and hours.hours == 15 and hours.passage.chunk_id == "s1"
    assert hours.text == "the roadmap: 2-3 weeks" and "2.5 weeks, at your 6 hours a week" in hours.note


def test_a_stage_time_is_read_from_an_overview_table_row_that_names_it():
    from rag.plan.overview import table_time

    stage = Stage(index=0, title="Phase 2: Pandas for time series", label="Phase 2", group="steps")
    table = Passage(chunk_id="t", source="r.md", title="R", section="At a glance", doc_id="r",
                    text="| Phase | Weeks | Hours per week | Goal |\n|---|---|---|---|\n"
                         "| Phase 1: Statistics | 3 | 5 | read plots |\n| Phase 2: Pandas for time series | 2 | 6 | resample |")
    rest = Passage(chunk_id="t2", source="r.md", title="R", section="At a glance", doc_id="r",
                   text="| Phase 3: Deep models | - | - | train |")
    found = table_time(stage, [table, rest])
    assert found is not None and found.passage.chunk_id == "t"
    assert found.text == "Weeks: 2; Hours per week: 6" and found.estimate.hours_low == 12
    deep = Stage(index=2, title="Phase 3: Deep models", label="Phase 3", group="steps")
    assert table_time(deep, [table, rest]) is None  # a row with no time gives none


def test_a_budget_that_does_not_fit_says_what_it_would_take(library):
    none_fit = build_plan(PlanRequest(goal="data engineer", hours_per_week=1, weeks=4), library)
    assert [(i.hours, i.of_hours) for i in none_fit.items] == [(4, 10)]  # started, the rest after the horizon
    assert "Step 1: Python Programming alone needs 10 hours: at 1 hour a week that is 10 weeks, more than the 4 weeks given" \
        in none_fit.answer
    some_fit = build_plan(PlanRequest(goal="data engineer", hours_per_week=10, weeks=2), library)
    total = sum(i.hours for i in some_fit.items)
    assert some_fit.later and "parts still to do need" in some_fit.answer and total <= 20


def test_a_table_row_in_a_later_part_of_the_table_is_quoted_as_the_table_gives_it():
    from rag.plan.overview import table_time

    stage = Stage(index=3, title="Stage 3: Advanced ML", label="Stage 3", group="steps")
    first = Passage(chunk_id="h", source="r.md", title="R", section="Overview", doc_id="r",
                    text="| Stage | Focus | Est. Time |\n|---|---|---|\n| Stage 1 | Basics | 2 months |")
    later = Passage(chunk_id="l", source="r.md", title="R", section="Overview", doc_id="r",
                    text="| Stage 3 | Advanced ML | 1-2 months |")
    found = table_time(stage, [first, later])
    assert found.passage.chunk_id == "l" and found.text == "Stage 3 | Advanced ML | 1-2 months"
