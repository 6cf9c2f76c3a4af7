"""The learner profile in the app: saved per profile, progress ticked on the plan, the plan and the
chat's "what should I learn next?" both starting where the learner is."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from app.profile_panel import advisor_question, is_next_question, profile_sentence
from app.profile_store import Profile, ProfileStore
from app.roadmap_graph import DONE_FILL
from rag.plan.ask import read_plan_request
from tests.app.conftest import APP_TIMEOUT, SCRIPT, ask, latest_message

GENAI = "genai-engineer-roadmap"


def set_profile(app, **values):
    app.text_input(key="profile-goal").set_value(values.get("goal", "generative AI engineer"))
    app.selectbox(key="profile-roadmap").set_value(GENAI)
    app.run()
    app.multiselect(key="profile-known").set_value(values.get("known", ["Step 3: SQL"]))
    app.number_input(key="profile-hours").set_value(values.get("hours", 10.0))
    app.number_input(key="profile-weeks").set_value(values.get("weeks", 12))
    app.button(key="profile-save").click().run()
    assert not app.exception, [e.value for e in app.exception]


def plan_stages(app) -> list[str]:
    table = app.get_by_key("plan-profile").dataframe[0].value
    return list(table["Stage"])


def test_a_profile_is_saved_and_marking_a_stage_done_removes_it_from_the_plan(app, app_env):
    set_profile(app)
    saved = ProfileStore.in_dir(app_env).get("me")
    assert saved.roadmap == GENAI and saved.known == ["Step 3: SQL"] and saved.goal == "generative AI engineer"
    stages = plan_stages(app)
    assert stages[0] == "Step 1: Programming Fundamentals" and "Step 3: SQL" not in stages

    app.checkbox(key=f"profile-done-{GENAI}-0").check().run()
    assert not app.exception, [e.value for e in app.exception]
    assert ProfileStore.in_dir(app_env).get("me").done == ["Step 1: Programming Fundamentals"]
    after = plan_stages(app)
    assert "Step 1: Programming Fundamentals" not in after and after[0] == "Step 2: Learn GitHub"
    assert app.checkbox(key=f"profile-done-{GENAI}-0").value is True  # still listed, ticked

    app.checkbox(key=f"profile-done-{GENAI}-0").uncheck().run()
    assert plan_stages(app)[0] == "Step 1: Programming Fundamentals"


def graph_nodes(app) -> dict[str, str]:
    panel = app.get_by_key("roadmap-panel")
    spec = [n for n in panel if getattr(n, "type", "") == "graphviz_chart"][0].proto.spec
    return dict(re.findall(r'^\s*(s\d+) \[(.*)\];$', spec, re.M))


def test_stages_marked_done_are_ticked_on_the_roadmap_picture(app, app_env):
    set_profile(app)
    app.session_state["roadmap-view"] = GENAI
    app.run()
    assert not any("✓" in attrs for attrs in graph_nodes(app).values())  # nothing done yet

    app.checkbox(key=f"profile-done-{GENAI}-0").check().run()
    app.checkbox(key=f"profile-done-{GENAI}-1").check().run()
    nodes = graph_nodes(app)
    ticked = {name for name, attrs in nodes.items() if 'label="✓ ' in attrs and f'fillcolor="{DONE_FILL}"' in attrs}
    assert ticked == {"s0", "s1"}
    captions = [c.value for c in app.get_by_key("roadmap-panel").caption]
    assert any("Done (2 of 11)" in c and "Step 1" in c and "Step 2" in c for c in captions), captions
    assert "Step 2: Learn GitHub" not in plan_stages(app)  # and the plan skips them

    app.checkbox(key=f"profile-done-{GENAI}-0").uncheck().run()
    assert {n for n, attrs in graph_nodes(app).items() if "✓" in attrs} == {"s1"}

    again = AppTest.from_file(str(SCRIPT), default_timeout=APP_TIMEOUT)  # a new visit: the progress is read back
    again.run()
    assert not again.exception, [e.value for e in again.exception]
    assert again.session_state["roadmap-view"] == GENAI  # the picture opens on the roadmap being worked through
    assert {n for n, attrs in graph_nodes(again).items() if "✓" in attrs} == {"s1"}
    assert again.checkbox(key=f"profile-done-{GENAI}-1").value is True


def test_what_next_in_chat_uses_the_saved_progress(app, app_env):
    set_profile(app)
    app.checkbox(key=f"profile-done-{GENAI}-0").check().run()
    app.checkbox(key=f"profile-done-{GENAI}-1").check().run()
    ask(app, "What should I learn next?")
    message = latest_message(app)
    answer = message["answer"]
    assert message["question"] == "What should I learn next?"
    assert answer.intent == "plan" and answer.plan
    planned = [item["stage"] for item in answer.plan["items"]]
    skipped = {s["stage"] for s in answer.plan["skipped"]}
    assert planned[0] == "Step 4: Mathematics for Generative AI"
    assert {"Step 1: Programming Fundamentals", "Step 2: Learn GitHub", "Step 3: SQL"} <= skipped


def test_a_profile_is_read_back_when_its_name_is_chosen_again(app, app_env):
    ProfileStore.in_dir(app_env).save(Profile(name="ana", goal="LLM engineer", roadmap=GENAI, hours_per_week=4, weeks=30,
                                              known=["Step 2: Learn GitHub"]))
    app.text_input(key="profile-name").set_value("ana").run()
    assert app.text_input(key="profile-goal").value == "LLM engineer"
    assert app.number_input(key="profile-hours").value == 4 and app.number_input(key="profile-weeks").value == 30
    assert app.multiselect(key="profile-known").value == ["Step 2: Learn GitHub"]
    assert "Step 2: Learn GitHub" not in plan_stages(app)


def test_bad_profile_input_shows_a_clear_error_and_saves_nothing(app, app_env):
    app.text_input(key="profile-name").set_value("   ").run()
    app.button(key="profile-save").click().run()
    assert not app.exception
    errors = [e.value for e in app.sidebar.error]
    assert errors and "name" in errors[0]
    assert ProfileStore.in_dir(app_env).names() == []


def test_only_a_bare_next_question_carries_the_profile():
    profile = Profile(name="me", goal="LLM engineer", roadmap=GENAI, known=["SQL"], done=["Step 2: Learn GitHub"])
    assert is_next_question("What should I learn next?") and is_next_question("what's next")
    assert advisor_question("What should I learn after PyTorch?", profile, []) == "What should I learn after PyTorch?"
    assert advisor_question("What should I learn next?", None, []) == "What should I learn next?"
    assert advisor_question("What should I learn next?", Profile(name="me"), []) == "What should I learn next?"


def test_the_profile_sentence_reads_back_as_the_same_request(advisor):
    profile = Profile(name="me", goal="LLM engineer", roadmap=GENAI, known=["SQL", "Python Basics"], hours_per_week=6,
                      weeks=20, done=["Step 1: Programming Fundamentals", "Step 2: Learn GitHub"])
    request = read_plan_request(profile_sentence(profile, advisor.structures)).request
    assert (request.goal, request.roadmap, request.hours_per_week, request.weeks) == ("LLM engineer", GENAI, 6, 20)
    assert request.known == ["SQL", "Python"]  # the reader drops "basics"
    assert request.done == ["Step 1", "Step 2"]


def test_a_done_mark_whose_stage_was_renamed_is_set_aside_not_an_error(advisor):
    from app.profile_panel import profile_plan
    from rag.plan import PlanLibrary

    library = PlanLibrary(advisor.finder.structures, advisor.finder.passages)
    profile = Profile(name="me", goal="generative AI engineer", roadmap=GENAI, hours_per_week=10, weeks=12,
                      done=["Step 1: Programming Fundamentals", "Stage renamed by a re-ingest"])
    plan, stale = profile_plan(profile, library)
    assert stale == ["Stage renamed by a re-ingest"]
    planned = [item.stage for item in plan.items]
    assert planned and not any("Programming Fundamentals" in stage for stage in planned)  # the valid mark holds


def test_sections_of_a_roadmap_without_order_can_be_marked_done():
    from app.profile_panel import profile_plan, units_of
    from rag.models import Passage, RoadmapStructure
    from rag.plan import PlanLibrary

    def passage(chunk: str, section: str, text: str) -> Passage:
        return Passage(chunk_id=chunk, source="viz.md", title="Data Viz List", section=section, text=text, doc_id="viz")

    roadmap = RoadmapStructure(doc_id="viz", source="viz.md", title="Data Viz List")
    library = PlanLibrary([roadmap], [passage("a", "Introduction", "A list in no specific order."),
                                      passage("b", "Charts", "- Bar charts\n- Line charts"),
                                      passage("c", "Dashboards", "- Layout\n- Caching"),
                                      passage("d", "License", "CC0")])
    assert [s.title for s in units_of(library, "viz")] == ["Charts", "Dashboards"]
    profile = Profile(name="me", roadmap="viz", hours_per_week=10, weeks=12, done=["Charts"])
    plan, stale = profile_plan(profile, library)
    assert stale == [] and [s.stage for s in plan.skipped] == ["Charts"] and plan.order == "sections"
    assert [i.stage for i in plan.items] == ["Dashboards"]
