"""The plan's rules on a small in-memory roadmap: roadmap choice, skips with reasons, the roadmap's
own estimate versus ours, week ranges within the budget, later, resources, citations, safety."""

from __future__ import annotations

import re

import pytest

from rag.claims import split_claims
from rag.errors import PlanRequestError
from rag.models import Passage, RoadmapStructure, Stage
from rag.plan import PlanLibrary, PlanRequest, build_plan
from tests.rag.plan.conftest import data_roadmap


def plan_for(library, **request):
    return build_plan(PlanRequest(**request), library)


def test_a_role_name_finds_the_roadmap_titled_by_another_form_of_it(library):
    assert plan_for(library, goal="data engineering").roadmap == "Big Data Engineer Roadmap 2026"
    assert plan_for(library, goal="I want to become an ML engineer").roadmap == "ML Engineer Roadmap"
    assert plan_for(library, roadmap="big-data-engineer").source == "corpus/big-data-engineer.md"


def test_a_goal_no_roadmap_matches_and_a_missing_goal_are_clear_errors(library):
    with pytest.raises(PlanRequestError, match="No roadmap in the index matches the goal 'marine biologist'.*--roadmap"):
        plan_for(library, goal="marine biologist")
    with pytest.raises(PlanRequestError, match="Big Data Engineer Roadmap 2026.*ML Engineer Roadmap"):
        plan_for(library)
    with pytest.raises(PlanRequestError, match="--roadmap 'frontend' matches no roadmap"):
        plan_for(library, roadmap="frontend")


def test_known_skills_and_done_stages_are_skipped_with_a_cited_reason(library):
    plan = plan_for(library, goal="data engineer", known=["python", "kubernetes"], done=["Step 2"])
    skipped = {s.stage: s for s in plan.skipped}
    assert "python" in skipped["Step 1: Python Programming"].reason
    assert "done" in skipped["Step 2: SQL and Databases"].reason
    cited = {c.id: c for c in plan.citations}
    assert cited[skipped["Step 1: Python Programming"].citation].section.startswith("Step 1: Python Programming")
    assert cited[skipped["Step 2: SQL and Databases"].citation].section.startswith("Step 2: SQL and Databases")
    assert [i.stage for i in plan.items][0] == "Step 3: Distributed Processing with Spark"
    assert "No stage of this roadmap names kubernetes, so nothing was skipped for it" in plan.answer  # matched nothing: said so


def test_done_stages_can_be_named_by_number_label_or_title_and_an_unknown_one_is_an_error(library):
    for name in ("2", "step 02", "SQL and Databases"):
        plan = plan_for(library, goal="data engineer", done=[name])
        assert [s.stage for s in plan.skipped][0] == "Step 2: SQL and Databases", name
    with pytest.raises(PlanRequestError, match="'Step 9' \\(marked done\\) names no stage.*Step 1, Step 2"):
        plan_for(library, goal="data engineer", done=["Step 9"])


def test_the_roadmaps_own_estimate_is_used_and_cited_and_ours_is_labelled(library):
    plan = plan_for(library, goal="data engineer", hours_per_week=10, weeks=20)
    items = {i.stage: i for i in plan.items}
    spark = items["Step 3: Distributed Processing with Spark"]
    assert spark.estimate.kind == "roadmap" and spark.hours == 37  # the middle of 24-50 hours
    assert "3-5 weeks (8-10 hours/week)" in spark.estimate.text
    cited = {c.id: c for c in plan.citations}[spark.estimate.citation]
    assert "Time Commitment: 3-5 weeks" in cited.text
    sql = items["Step 2: SQL and Databases"]
    assert sql.estimate.kind == "default" and sql.estimate.text.startswith("our estimate")
    assert sql.hours == 15 and "citation" not in plan.to_contract()["items"][1]["estimate"]  # 3 topics x 5 hours
    assert "Our estimate" in plan.answer and "the roadmap's estimate" in plan.answer


def test_weeks_follow_the_hours_and_what_does_not_fit_waits_for_later_in_order(library):
    plan = plan_for(library, goal="data engineer", hours_per_week=10, weeks=3)
    assert [(i.stage, i.hours, i.start_week, i.end_week) for i in plan.items] == [
        ("Step 1: Python Programming", 10, 1, 1),  # 2 things to learn: the 10-hour floor
        ("Step 2: SQL and Databases", 15, 2, 3),
    ]
    assert plan.planned_hours <= 30
    assert [s.stage for s in plan.later] == ["Step 3: Distributed Processing with Spark"]
    assert "Step 4: Stream Processing (Optional)" in [s.stage for s in plan.skipped]  # optional: not scheduled


def test_a_first_stage_larger_than_the_budget_is_started_and_the_plan_says_the_rest_comes_after(library):
    plan = plan_for(library, goal="data engineer", hours_per_week=2, weeks=2)
    [item] = plan.items  # never an empty plan while a week is given: the first stage is started
    assert (item.stage, item.hours, item.of_hours, item.start_week, item.end_week) == (
        "Step 1: Python Programming", 4, 10, 1, 2)
    assert len(plan.later) == 2 and plan.planned_hours <= 4
    assert "Step 1: Python Programming · the first 4 of its 10 hours (our estimate); the other 6 hours come after week 2" \
        in plan.answer
    assert "more than the 2 weeks given" in plan.answer


def test_parallel_options_join_only_when_the_goal_names_one_and_goal_paths_never(library):
    plain = plan_for(library, goal="data engineer", weeks=30)
    assert not any(i.stage.startswith(("Option", "If Your Goal")) for i in plain.items)
    assert "Option A: Cloud Data Platforms" in plain.answer  # offered, not planned
    cloud = plan_for(library, goal="cloud data platforms engineer", weeks=30)
    stages = [i.stage for i in cloud.items]
    assert stages[-1] == "Option A: Cloud Data Platforms" and "Option B: Data Warehousing" not in stages
    assert [i.index for i in cloud.items] == sorted(i.index for i in cloud.items)
    streaming = plan_for(library, goal="data engineer for stream processing", weeks=30)
    assert "Step 4: Stream Processing (Optional)" in [i.stage for i in streaming.items]  # the goal asks for it


def test_resources_come_from_the_index_cite_their_passage_and_free_only_drops_paid(library):
    plan = plan_for(library, goal="data engineer", weeks=30)
    spark = next(i for i in plan.items if i.index == 2)
    by_title = {r.title: r for r in spark.resources}
    assert by_title["Spark Guide"].url == "https://spark.apache.org/docs/latest/"
    assert by_title["A paid bootcamp"].cost == "paid"  # from the catalogue entry with the same URL...
    cited = {c.id: c for c in plan.citations}
    assert cited[by_title["A paid bootcamp"].citation].chunk_id == "cat-bootcamp"  # ...which is cited
    assert by_title["Streaming Systems"].url is None  # the catalogue gives no link: none is made up
    free = next(i for i in plan_for(library, goal="data engineer", weeks=30, free_only=True).items if i.index == 2)
    assert [(r.title, r.cost) for r in free.resources] == [("Streaming Systems", "free"), ("Spark Guide", "unknown")]


def test_every_marker_names_a_citation_and_every_citation_is_an_indexed_passage(library):
    plan = plan_for(library, goal="data engineer", known=["sql"], weeks=30)
    ids = {c.id for c in plan.citations}
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", plan.answer)}
    assert markers and markers <= ids
    referenced = {s.citation for s in plan.skipped} | {s.citation for s in plan.later}
    for item in plan.items:
        referenced |= {item.citation, *item.learn_citations, *(r.citation for r in item.resources)}
        referenced |= {item.estimate.citation} - {None}
    assert referenced == ids  # nothing cited that the plan does not use
    indexed = {p.chunk_id for p in library.passages}
    assert {c.chunk_id for c in plan.citations} <= indexed


def test_the_same_request_gives_the_same_plan(library):
    request = dict(goal="data engineer", known=["python"], hours_per_week=7.5, weeks=6, free_only=True)
    assert plan_for(library, **request).to_contract() == plan_for(library, **request).to_contract()


def test_text_from_a_document_cannot_inject_html_or_unsafe_links():
    roadmap, passages = data_roadmap()
    roadmap.stages[1].title = "Step 2: <script>alert(1)</script> SQL"
    passages[2] = passages[2].model_copy(update={
        "section": "Step 2: <script>alert(1)</script> SQL > What to Learn?",
        "text": "- <img src=x onerror=alert(1)> Joins\n- [click](javascript:alert(1))",
        "links": [{"text": "evil", "url": "javascript:alert(1)"}, {"text": "[x](data:y)", "url": "https://ok.example/a)b"}],
    })
    plan = build_plan(PlanRequest(goal="data engineer", weeks=30), PlanLibrary([roadmap], passages))
    assert "<script" not in plan.answer and "<img" not in plan.answer
    links = re.findall(r"(?<!\\)\]\(([^)\s]*)", plan.answer)  # link targets that are not escaped text
    assert links and all(target.startswith("https://") for target in links), links
    step2 = next(i for i in plan.items if i.index == 1)
    assert [r.url for r in step2.resources] == ["https://ok.example/a)b"]  # a javascript: link is not a resource
    assert "(https://ok.example/a%29b)" in plan.answer


def test_a_request_outside_the_limits_is_refused():
    from pydantic import ValidationError

    for bad in (dict(hours_per_week=0), dict(hours_per_week=200), dict(weeks=0), dict(weeks=10_000)):
        with pytest.raises(ValidationError):
            PlanRequest(goal="x", **bad)
    assert PlanRequest(known=[" python ", "", "python", "SQL"]).known == ["python", "SQL"]


def test_of_tracks_named_for_roles_only_the_goals_is_planned():
    from rag.models import Passage, RoadmapStructure, Stage

    stages, passages = [], []
    for group, names in (("LLM Fundamentals", ["Maths", "Python"]), ("The LLM Scientist", ["Pre-training", "Alignment"]),
                         ("The LLM Engineer", ["Running LLMs", "RAG"])):
        for name in names:
            index = len(stages)
            stages.append(Stage(index=index, title=f"{index + 1}. {name}", group=group))
            passages.append(Passage(chunk_id=f"c{index}", source="s.md", title="LLM Course", doc_id="llm",
                                    section=f"{group} > {index + 1}. {name}", text=f"- {name} basics", stage_index=index))
    library = PlanLibrary([RoadmapStructure(doc_id="llm", source="s.md", title="LLM Course", stages=stages)], passages)
    planned = [i.stage for i in build_plan(PlanRequest(goal="LLM engineer", weeks=20), library).items]
    assert planned == ["1. Maths", "2. Python", "5. Running LLMs", "6. RAG"]
    everything = [i.stage for i in build_plan(PlanRequest(goal="LLMs", weeks=20), library).items]
    assert len(everything) == 6  # a goal naming no role keeps every track


def test_a_known_skill_that_skips_nothing_is_explained_not_dropped(library):
    plan = plan_for(library, goal="data engineer", known=["the basics", "window functions", "Kafka", "kubernetes"])
    assert not plan.skipped or all("know" not in s.reason for s in plan.skipped)
    assert "You said you know the basics: that names no stage, so nothing was skipped for it" in plan.answer
    assert ("**You know window functions, one part of what Step 2: SQL and Databases teaches, so that stage stays "
            "in the plan**") in plan.answer
    assert "Step 2: SQL and Databases" in [i.stage for i in plan.items]
    assert "Kafka" not in plan.answer  # taught only in the optional stage, skipped for that reason
    assert "No stage of this roadmap names kubernetes, so nothing was skipped for it" in plan.answer
    before_items = plan.answer.split("**Week")[0]
    assert "the basics" in before_items  # said where the learner reads first, not after the schedule


def test_a_role_skips_what_it_covers_and_says_it_was_assumed(library):
    plan = plan_for(library, goal="data engineer", role="backend dev", assumed=["python", "sql"])
    reasons = {s.stage: s.reason for s in plan.skipped}
    assert reasons["Step 1: Python Programming"] == ("You said you are a backend dev, so I assumed you know python, "
                                                     "which this stage teaches.")
    assert "Step 2: SQL and Databases" not in reasons  # SQL is one of its two subjects: not assumed away


def test_a_learn_line_cites_each_passage_its_items_come_from_and_only_those():
    """A stage whose topics sit in several sections: each part of its Learn line cites the section
    it was read from, and a claim's words are in the passage its marker names."""
    source, title = "maths.md", "Maths for ML Roadmap"
    stage = Stage(index=0, title="1. Mathematics for Machine Learning", label="1", group="steps")
    roadmap = RoadmapStructure(doc_id="maths", source=source, title=title, stages=[stage])
    sections = [("Linear Algebra", "- Vectors and matrices\n- Eigenvalues"), ("Calculus", "- Derivatives and integrals"),
                ("Probability", "- Random variables\n- Distributions")]
    passages = [Passage(chunk_id=f"m{n}", source=source, title=title, doc_id="maths", stage_index=0,
                        stage_title=stage.title, section=f"{stage.title} > {heading}", text=text)
                for n, (heading, text) in enumerate(sections)]
    plan = build_plan(PlanRequest(roadmap=title), PlanLibrary([roadmap], passages))

    item = plan.items[0]
    by_number = {c.id: c for c in plan.citations}
    assert [by_number[n].chunk_id for n in item.learn_citations] == ["m0", "m0", "m1", "m2", "m2"]
    learn_line = next(line for line in plan.answer.splitlines() if line.startswith("- Learn:"))
    claims = split_claims(learn_line)
    assert [set(c.markers) for c in claims] == [{n} for n in dict.fromkeys(item.learn_citations)]
    for claim in claims:
        cited = by_number[claim.markers[0]].text.casefold()
        assert all(part.strip().casefold() in cited for part in claim.text.removeprefix("Learn:").split(";"))


def tracks_library() -> PlanLibrary:
    """A roadmap of three tracks whose stages are numbered from 1 in each ("1. Running LLMs")."""
    source, title, doc = "corpus/llm.md", "LLM Course", "llm-course"
    groups = {"LLM Fundamentals": ["Mathematics", "Python"], "The LLM Scientist": ["Architecture", "Pre-Training"],
              "The LLM Engineer": ["Running LLMs", "Vector Storage", "RAG Pipelines", "Agents"]}
    stages, passages = [], []
    for group, names in groups.items():
        for number, name in enumerate(names, 1):
            index = len(stages)
            stages.append(Stage(index=index, title=f"{number}. {name}", group=group, topics=[f"{name} basics"]))
            passages.append(Passage(chunk_id=f"c{index}", source=source, title=title, section=f"{group} > {number}. {name}",
                                    text=f"- {name} basics\n- {name} practice", doc_id=doc, stage_index=index))
    other = RoadmapStructure(doc_id="cs", source="corpus/cs.md", title="Computer Science Curriculum",
                             stages=[Stage(index=0, title="Intro to Programming", group="Intro", topics=["loops"])])
    cs = Passage(chunk_id="cs0", source="corpus/cs.md", title="Computer Science Curriculum", section="Intro",
                 text="- loops", doc_id="cs", stage_index=0)
    return PlanLibrary([RoadmapStructure(doc_id=doc, source=source, title=title, stages=stages), other], passages + [cs])


def test_a_named_track_is_planned_alone_and_its_stage_numbers_count_within_it():
    plan = plan_for(tracks_library(), track="engineer", done=["Stage 1", "Stage 2"])
    assert plan.roadmap == "LLM Course"  # the only roadmap with an engineer track
    assert [s.stage for s in plan.skipped] == ["1. Running LLMs", "2. Vector Storage"]
    assert [i.stage for i in plan.items] == ["3. RAG Pipelines", "4. Agents"]


def test_a_topic_picks_the_one_roadmap_that_fits_it_and_a_tie_is_asked():
    assert plan_for(tracks_library(), topic="vector storage and agents").roadmap == "LLM Course"
    with pytest.raises(PlanRequestError, match="Say which roadmap"):
        plan_for(tracks_library(), topic="basics and loops")  # each roadmap names one of the words: a tie
    with pytest.raises(PlanRequestError, match="Say which roadmap"):
        plan_for(tracks_library(), topic="cooking")
    with pytest.raises(PlanRequestError, match="Say which roadmap"):
        plan_for(tracks_library(), known=["python"])


def test_skills_said_without_commas_are_read_one_by_one_when_each_covers_a_stage():
    plan = plan_for(tracks_library(), roadmap="LLM Course", known=["mathematics python"])
    assert [s.stage for s in plan.skipped] == ["1. Mathematics", "2. Python"]
    plan = plan_for(tracks_library(), roadmap="LLM Course", known=["vector storage"])  # one stage: stays whole
    assert [s.stage for s in plan.skipped] == ["2. Vector Storage"]


def test_the_roadmaps_estimate_is_given_at_the_learners_pace_labelled_as_computed(library):
    plan = plan_for(library, goal="data engineer", known=["python", "sql"], hours_per_week=8, weeks=12)
    spark = next(i for i in plan.items if i.stage.startswith("Step 3"))
    assert spark.estimate.paced == "8-10 h/week for 3-5 weeks is 24-50 h: 3-7 weeks at 8 h/week"
    line = f"- {spark.estimate.paced} (computed from the cited line) [{spark.estimate.citation}]"
    assert line in plan.answer.splitlines()
    cited = {c.id: c for c in plan.citations}[spark.estimate.citation]
    assert "3-5 weeks (8-10 hours/week)" in cited.text
    assert all(not i.estimate.paced for i in plan.items if i.estimate.kind == "default")  # ours: no figure to compute
