"""Plan requests read from a conversation: detection, numbers, skills, goal, defaults, follow-ups."""

from __future__ import annotations

import pytest

from rag.plan.ask import is_plan_request, read_plan_request

ISSUE = "I know Python and SQL, I can study 10 hours a week, make me a 3-month plan to become an LLM engineer"


def user(*turns: str) -> list[dict[str, str]]:
    history = []
    for turn in turns:
        history += [{"role": "user", "content": turn}, {"role": "assistant", "content": "(an answer)"}]
    return history


def test_the_issues_request_is_read_whole():
    ask = read_plan_request(ISSUE)
    assert ask.request.goal == "LLM engineer"
    assert ask.request.known == ["Python", "SQL"]
    assert ask.request.hours_per_week == 10 and ask.request.weeks == 13  # 3 months
    assert ask.defaulted == []


@pytest.mark.parametrize("question", [
    "Can you make me a study plan for becoming a data scientist?",
    "Plan my next 6 months on the Gen AI roadmap",
    "I have 8 hours a week for 10 weeks, what should I do?",
    "Give me a week-by-week schedule to become an ML engineer",
])
def test_plan_requests_are_recognised(question):
    assert is_plan_request(question)


@pytest.mark.parametrize("question", [
    "What should I learn after PyTorch?", "How many hours a week does Q1 take?", "Resources for SQL?",
    "What is the time commitment for the foundations quarter?", "Compare NLP with computer vision",
    "I know Python, what comes next?",
])
def test_other_questions_are_not_plan_requests(question):
    assert not is_plan_request(question) and read_plan_request(question) is None


def test_missing_numbers_get_defaults_that_are_reported():
    ask = read_plan_request("Make me a plan to become a generative AI engineer")
    assert (ask.request.hours_per_week, ask.request.weeks) == (10, 12)
    assert ask.defaulted == ["hours_per_week", "weeks"]


def test_a_follow_up_replans_from_the_earlier_request():
    history = user(ISSUE)
    fewer = read_plan_request("Make it 6 hours a week", history)
    assert fewer.request.hours_per_week == 6 and fewer.request.weeks == 13  # "a week" is the rate, not the horizon
    assert fewer.request.goal == "LLM engineer" and fewer.request.known == ["Python", "SQL"]
    more = read_plan_request("I also know git", history + user("Make it 6 hours a week"))
    assert more.request.known == ["Python", "SQL", "git"] and more.request.hours_per_week == 6
    longer = read_plan_request("what about 20 weeks?", history)
    assert longer.request.weeks == 20


def test_a_question_on_another_subject_ends_the_plan_conversation():
    assert read_plan_request("What about NLP?", user(ISSUE)) is None
    assert read_plan_request("Make it 6 hours a week", user(ISSUE, "Resources for SQL?")) is None


def test_done_stages_roadmap_names_and_free_only():
    ask = read_plan_request("I've finished steps 1 to 3 of the Gen AI roadmap. Plan 8 weeks at 5 hours a week, "
                            "free resources only.")
    assert ask.request.done == ["Step 1", "Step 2", "Step 3"]
    assert ask.request.roadmap == "Gen AI" and ask.request.free_only
    assert (ask.request.hours_per_week, ask.request.weeks) == (5, 8)


def test_numbers_stay_within_the_planners_limits():
    ask = read_plan_request("Make me a plan: 500 hours a week for 40 years")
    assert ask.request.hours_per_week == 80 and ask.request.weeks == 260


def test_a_role_is_read_as_assumed_skills_and_knowing_nothing_as_a_beginner():
    backend = read_plan_request("I'm a backend dev, make me a plan for the gen ai roadmap")
    assert backend.request.role == "backend dev" and "sql" in backend.request.assumed and backend.request.known == []
    for question in ("I know nothing about programming, make me a plan", "Complete beginner here, make me a study plan",
                     "I have zero background, make me a plan to become an ML engineer"):
        ask = read_plan_request(question)
        assert ask.beginner and ask.request.known == [] and not ask.request.assumed, question
    assert not read_plan_request(ISSUE).beginner


@pytest.mark.parametrize("question", [
    "im a backend dev wanting to get into generative ai, 8 hours a week, plan pls",
    "I want to become an LLM scientist, I know python, 12 h a week, plan it",
    "I've done stages 1 to 3, plan the rest at 8h/week",
    "I know SQL and have 6 hours a week. Can you build me a plan?",
])
def test_short_ways_of_asking_for_a_plan_are_recognised(question):
    assert is_plan_request(question)


def test_the_time_a_learner_has_is_not_a_skill_nor_part_of_a_done_stage():
    ask = read_plan_request("I know python and have 6h a week, make me a plan from the ai/ml 2026 roadmap, "
                            "I'm done with Q1, 10 hours a week")
    assert ask.request.known == ["python"] and ask.request.done == ["Q1"]
    ask = read_plan_request("I'm a data analyst who knows SQL, 10h/week, 4 months: make me a plan")
    assert ask.request.known == ["SQL"] and ask.request.weeks == 17
    assert read_plan_request("build me a week by week plan, 15 hours a week").request.weeks == 12  # "a week by week"


def test_a_named_track_a_topic_and_a_course_or_curriculum_name_are_read():
    ask = read_plan_request("I've done stages 1 to 3 of the engineer track of the llm course, plan the rest at 8h/week")
    assert (ask.request.roadmap, ask.request.track) == ("llm", "engineer")
    assert ask.request.done == ["Stage 1", "Stage 2", "Stage 3"]
    assert read_plan_request("plan me the ossu computer science curriculum at 20 hours a week").request.roadmap == \
        "ossu computer science"
    ask = read_plan_request("make me a plan to learn RAG and agents, 8 hours a week")
    assert ask.request.topic == "RAG and agents" and ask.request.goal is None


@pytest.mark.parametrize("question, weeks", [
    ("what should my next 3 months look like on the 2026 roadmap? 10 hours a week", 13),
    ("schedule for 6 weeks of the genai roadmap please, 5 h a week", 6),
    ("plan the rest of it for me, 8 hours a week", 12),
    ("plan what's left of the course at 6 hours a week", 12),
    ("plan the pytorch course for me, 10 hrs/week", 12),
])
def test_informal_plan_requests_reach_the_plan(question, weeks):
    ask = read_plan_request(question)
    assert is_plan_request(question) and ask is not None and ask.request.weeks == weeks


def test_a_daily_rate_is_read_as_hours_a_week_and_said():
    ask = read_plan_request("what should my next 2 months look like in the bootcamp? I have 1 hour a day")
    assert (ask.request.hours_per_week, ask.request.weeks) == (7, 9)
    assert ask.pace_note == "1 h a day over 7 days a week is 7 h/week"
    weekdays = read_plan_request("make me a plan, 2 hours a day on weekdays")
    assert weekdays.request.hours_per_week == 10


def test_parts_done_by_name_are_read_as_did_and_numbered_lessons_as_done():
    ask = read_plan_request("i already did the mathematics and deep learning steps of the gen ai roadmap. "
                            "plan what's left, 10 hours a week")
    assert ask.request.did == ["mathematics", "deep learning"] and ask.request.roadmap == "gen ai"
    assert ask.request.known == []
    ask = read_plan_request("already did regression somewhere else. plan the rest of it for me, 5 hours a week")
    assert ask.request.did == ["regression"]
    ask = read_plan_request("I already did probability and statistics at uni. plan the ML syllabus, 5 h/week")
    assert ask.request.did == ["probability", "statistics"]
    ask = read_plan_request("I've finished lessons 1 to 3 of the vision course, plan the rest, 4 hours a week")
    assert ask.request.done == ["Lesson 1", "Lesson 2", "Lesson 3"]


def test_time_already_spent_is_not_the_plans_horizon():
    ask = read_plan_request("beginner, coded python for like 4 months, 10 hrs/week. plan the pytorch course for me")
    assert ask.request.weeks == 12 and "weeks" in ask.defaulted
    assert read_plan_request("make me a plan for learning programming in 3 months").request.weeks == 13


def test_a_daily_rate_in_a_follow_up_replans_at_that_pace():
    history = [{"role": "user", "content": "make me a plan for the gen ai roadmap, 10 hours a week"},
               {"role": "assistant", "content": "Your 12-week plan ..."}]
    ask = read_plan_request("make it 2 hours a day on weekdays", history)
    assert ask is not None and ask.request.hours_per_week == 10 and ask.pace_note.startswith("2 h a day over 5 days")


@pytest.mark.parametrize("question", [
    "can you lay out a plan for the gen ai roadmap?",
    "what is a good plan for the data science curriculum at 10 h/week?",
    "how should I split my time over the next 2 months on the roadmap?",
    "build me a timetable for the course, 5 hours a week",
    "i have 6 hours a week, how should i go through the course?",
    "can you map out my next 12 weeks?",
    "organise the course into weeks for me, 4 h/week",
    "make a roadmap for me for the next 3 months",
])
def test_more_ways_of_asking_for_a_plan(question):
    assert is_plan_request(question) and read_plan_request(question) is not None


@pytest.mark.parametrize("question", [
    "give me a roadmap for gen ai", "how should I structure my learning of transformers?",
    "how do I get through step 3 faster?", "what is the best way to learn NLP?",
])
def test_questions_near_a_plan_request_are_not_one(question):
    assert not is_plan_request(question)


@pytest.mark.parametrize(("question", "hours", "note"), [
    ("weekends only, about 8 hours each weekend. plan the pytorch course for me", 8,
     "your 8 hours at weekends taken as 8 h/week"),
    ("plan the ml engineer prep for me, 3 hours a day at weekends", 6, "3 h a day over 2 days a week is 6 h/week"),
    ("2 hours every weekday: plan coding interview university for 8 weeks", 10,
     "2 h a day over 5 days a week is 10 h/week"),
])
def test_weekend_and_weekday_time_is_the_learners_pace_and_says_how_it_was_read(question, hours, note):
    ask = read_plan_request(question)
    assert ask.request.hours_per_week == hours and "hours_per_week" not in ask.defaulted
    assert ask.pace_note == note


def test_a_plan_over_a_span_is_a_plan_request_and_a_plan_the_learner_has_is_not():
    assert is_plan_request("plan coding interview university for 8 weeks")
    assert read_plan_request("plan the llm course over the next two months").request.weeks == 9
    assert not is_plan_request("I plan to learn python in 2 months, what first?")


@pytest.mark.parametrize("question", [
    "Would you plan math before Python?",  # an order question
    "Plan A or plan B: which roadmap is better?",  # a comparison
    "Is the plan realistic for 6 months?",  # a question about a plan
    "Plan ahead: what should I learn first?",
    "Can you plan around a full-time job?",
])
def test_a_question_about_planning_is_answered_not_planned(question):
    assert not is_plan_request(question)


@pytest.mark.parametrize("question", [
    "can you plan 4 weeks of the 2026 roadmap?",
    "plan a 12-week schedule for the llm course",
    "Could you plan the llm course for 8 weeks?",
    "Plan the ML syllabus at 5 h/week",
])
def test_plan_said_as_a_request_with_an_object_still_asks_for_a_plan(question):
    assert is_plan_request(question)
