"""The plan on a real index of the project's corpus (the seed roadmaps and the resource catalogue)."""

from __future__ import annotations

import pytest

from rag.plan import PlanLibrary, PlanRequest, build_plan


@pytest.fixture(scope="module")
def corpus_library(corpus_index) -> PlanLibrary:
    from rag.settings import get_settings
    from rag.store import IndexStore

    return PlanLibrary.from_store(IndexStore(get_settings(db_dir=corpus_index)).open_for_read())


def test_a_gen_ai_engineer_who_knows_python_sql_and_git_starts_at_mathematics(corpus_library):
    plan = build_plan(PlanRequest(goal="generative AI engineer", known=["python", "sql", "git"],
                                  hours_per_week=10, weeks=12), corpus_library)
    assert plan.roadmap == "Generative AI (Gen AI) Engineer Roadmap 2025/26"
    skipped = [s.stage for s in plan.skipped]
    assert skipped[:3] == ["Step 1: Programming Fundamentals", "Step 2: Learn GitHub", "Step 3: SQL"]
    assert plan.items[0].stage == "Step 4: Mathematics for Generative AI" and plan.items[0].start_week == 1
    assert [i.index for i in plan.items] == sorted(i.index for i in plan.items)
    assert 0 < plan.planned_hours <= 120 and plan.items[-1].end_week <= 12
    assert plan.later or plan.items[-1].of_hours  # the roadmap is longer than 120 hours at our estimates
    by_id = {c.id: c for c in plan.citations}
    passages = {p.chunk_id: p for p in corpus_library.passages}
    for item in plan.items:
        assert by_id[item.citation].section.startswith(item.stage)
        assert item.learn and item.resources
        for resource in item.resources:  # a URL the cited passage links or the catalogue gives, never made up
            cited = passages[by_id[resource.citation].chunk_id]
            assert resource.url == cited.url or resource.url in {link["url"] for link in cited.links}
    assert "Step 1: Programming Fundamentals" not in [i.stage for i in plan.items]


def test_a_wording_of_the_roles_goal_picks_the_same_roadmap(corpus_library):
    for goal in ("Gen AI engineer", "genai", "generative ai engineering"):
        assert build_plan(PlanRequest(goal=goal), corpus_library).source == "corpus/genai-engineer-roadmap.md", goal


def test_the_quarterly_roadmap_plans_its_quarters_and_the_option_the_goal_names(corpus_library):
    plan = build_plan(PlanRequest(roadmap="AI/ML Roadmap for 2026", goal="NLP and LLMs", hours_per_week=20,
                                  weeks=52, known=["python"]), corpus_library)
    stages = [i.stage for i in plan.items]
    assert stages[0] == "Q1 2026: Foundation & Core Concepts"  # knowing python leaves the mathematics to learn
    assert "Option A: NLP & LLMs" in stages and "Option B: Computer Vision" not in stages
    assert not any(s.startswith("If Your Goal") for s in stages + [s.stage for s in plan.later])


def test_each_learn_line_cites_the_passage_it_is_taken_from(corpus_library):
    from rag.claims import content_words

    plan = build_plan(PlanRequest(roadmap="AI/ML Roadmap for 2026", goal="NLP and LLMs", hours_per_week=20,
                                  weeks=52), corpus_library)
    by_id = {c.id: c for c in plan.citations}
    assert any(len(set(item.learn_citations)) > 1 for item in plan.items)  # stages whose topics span sections
    for item in plan.items:
        assert len(item.learn_citations) == len(item.learn)
        for line, number in zip(item.learn, item.learn_citations):
            cited = by_id[number]
            assert item.stage in cited.section  # one of the stage's own passages
            assert set(content_words(line.rstrip("…"))) <= set(content_words(cited.text)), (line, cited.section)
