"""A roadmap that sets no order (a resource list "in no specific order") is planned by its top-level
sections in document order, and the plan says so plainly; on a real index, from `advisor plan`'s
library and from the chat."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rag.plan import PlanLibrary, PlanRequest, build_plan
from rag.plan.sections import section_units
from tests.roadmap_index import index_roadmaps

STAGELESS = Path(__file__).with_name("stageless_roadmap.md")
TITLE = "Awesome Data Visualization Learning"
STAGED = """# SQL Analyst Roadmap

## Step 1: SQL Basics

- SELECT, WHERE, GROUP BY

## Step 2: Window Functions

- ROW_NUMBER, LAG
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    roadmaps = {"data-visualization/README.md": STAGELESS.read_text(encoding="utf-8"), "sql-analyst/README.md": STAGED}
    return index_roadmaps(tmp_path_factory.mktemp("stageless"), roadmaps, corpus="roadmaps").db_dir


@pytest.fixture(scope="module")
def library(index) -> PlanLibrary:
    from rag.settings import get_settings
    from rag.store import IndexStore

    return PlanLibrary.from_store(IndexStore(get_settings(db_dir=index)).open_for_read())


def stageless(library: PlanLibrary):
    return next(r for r in library.structures if r.title == TITLE)


def test_the_units_are_the_top_level_sections_that_teach_in_document_order(library):
    roadmap = stageless(library)
    assert not roadmap.stages  # ingest found no order, as the document says
    units = section_units(roadmap, library.document_passages(roadmap))
    assert [u.stage.title for u in units] == ["Perception and Design Principles", "Plotting Libraries", "Dashboards",
                                              "Storytelling with Data"]  # no preamble, contributing or licence
    assert units[1].stage.headings == ["Matplotlib", "Plotly"]
    assert {p.section for p in units[1].passages} == {"Plotting Libraries > Matplotlib", "Plotting Libraries > Plotly"}
    assert units[2].stage.estimate is not None and units[2].stage.estimate.hours_low == 10


def test_a_plan_of_a_roadmap_without_order_says_so_and_follows_its_sections(library):
    plan = build_plan(PlanRequest(roadmap=TITLE, hours_per_week=5, weeks=12), library)
    assert plan.order == "sections" and plan.to_contract()["order"] == "sections"
    assert "This roadmap sets no order" in plan.answer and "in the order the document lists them" in plan.answer
    stages = [i.stage for i in plan.items] + [s.stage for s in plan.later]
    assert stages == ["Perception and Design Principles", "Plotting Libraries", "Dashboards", "Storytelling with Data"]
    by_id = {c.id: c for c in plan.citations}
    for item in plan.items:
        assert by_id[item.citation].section.startswith(item.stage)  # each line cites its section
    dashboards = next(i for i in plan.items if i.stage == "Dashboards")
    assert dashboards.estimate.kind == "roadmap" and dashboards.hours == 12.5  # the section's own "2-3 weeks (5 h/week)"
    assert "2-3 weeks (5 hours/week)" in by_id[dashboards.estimate.citation].text
    others = [i for i in plan.items if i.stage != "Dashboards"]
    assert others and all(i.estimate.kind == "default" and "our estimate" in i.estimate.text for i in others)
    assert "(our estimate)" in plan.answer and "(the roadmap's estimate)" in plan.answer
    assert {int(n) for n in re.findall(r"(?<!\\)\[(\d+)\]", plan.answer)} <= set(by_id)


def test_a_roadmap_with_stages_is_still_planned_in_its_order(library):
    plan = build_plan(PlanRequest(roadmap="SQL Analyst Roadmap"), library)
    assert plan.order == "stages" and "sets no order" not in plan.answer
    assert [i.stage for i in plan.items] == ["Step 1: SQL Basics", "Step 2: Window Functions"]


def test_a_goal_that_names_the_stageless_roadmap_chooses_it_and_a_refusal_lists_every_roadmap(library):
    assert build_plan(PlanRequest(goal="data visualization"), library).roadmap == TITLE
    from rag.errors import PlanRequestError

    with pytest.raises(PlanRequestError) as refused:
        build_plan(PlanRequest(goal="marine biologist"), library)
    assert "SQL Analyst Roadmap" in str(refused.value)
    assert f"{TITLE} (" in str(refused.value) and "sets no order" in str(refused.value)


def test_the_chat_plans_the_stageless_roadmap_from_the_start_for_a_beginner(index):
    from rag.advisor import get_advisor
    from rag.settings import get_settings

    advisor = get_advisor(get_settings(db_dir=index))
    answer = advisor.answer("I'm a complete beginner. Make me a 6 week plan for data visualization, 5 hours a week")
    assert answer.intent == "plan" and answer.answerable
    assert answer.plan["order"] == "sections" and "This roadmap sets no order" in answer.answer
    assert "You said you are starting from scratch, so nothing is skipped" in answer.answer
    assert answer.plan["items"][0]["stage"] == "Perception and Design Principles" and not answer.plan["skipped"]
    retrieved = {p.chunk_id for p in answer.retrieved}
    assert {c.chunk_id for c in answer.citations} <= retrieved


def test_a_later_line_says_what_its_cited_passage_says(library):
    # 10 hours: the first section's two topics (Plotting Libraries lists one topic; its links are resources)
    plan = build_plan(PlanRequest(roadmap=TITLE, hours_per_week=5, weeks=2), library)
    assert [s.stage for s in plan.later] == ["Plotting Libraries", "Dashboards", "Storytelling with Data"]
    later = plan.answer.split("beyond 2 weeks at this pace**\n")[1]
    line = next(l for l in later.splitlines() if l.startswith("- Dashboards"))
    number = int(re.search(r"\[(\d+)\]$", line).group(1))
    cited = {c.id: c for c in plan.citations}[number]
    assert line.startswith("- Dashboards: Layout, caching and interactivity") and "Layout, caching" in cited.text
