"""A plan request in the chat: its own intent, the plan object on the answer, defaults stated, and
follow-ups that re-plan, on the corpus index with the default (extractive) backend."""

from __future__ import annotations

import re

ISSUE = "I know Python, SQL and Git and can study 10 hours a week. Make me a 3-month plan to become a generative AI engineer."


def turns(*pairs) -> list[dict[str, str]]:
    history = []
    for question, answer in pairs:
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.answer}]
    return history


def test_a_plan_request_is_its_own_intent_and_carries_the_plan(advisor):
    answer = advisor.answer(ISSUE)
    assert answer.intent == "plan" and answer.answerable
    plan = answer.to_contract()["plan"]
    assert plan["roadmap"].startswith("Generative AI") and plan["hours_per_week"] == 10 and plan["weeks"] == 13
    assert [s["stage"] for s in plan["skipped"]][:3] == ["Step 1: Programming Fundamentals", "Step 2: Learn GitHub",
                                                         "Step 3: SQL"]
    assert sum(i["hours"] for i in plan["items"]) <= 130
    ids = {c.id for c in answer.citations}
    assert {int(n) for n in re.findall(r"(?<!\\)\[(\d+)\]", answer.answer)} <= ids
    assert [c.chunk_id for c in answer.citations] == [c["chunk_id"] for c in plan["citations"]]  # one numbering
    retrieved = {p.chunk_id for p in answer.retrieved}
    assert {c.chunk_id for c in answer.citations} <= retrieved  # only retrieved passages are cited
    assert "**Weeks 1–2 · Step 4: Mathematics for Generative AI · 15 hours (our estimate)**" in answer.answer
    assert {r.url for r in answer.resources} >= {"https://www.youtube.com/playlist?list=PLZHQObOWTQDPD3MizzM2xVFitgF8hE_ab"}


def test_missing_hours_and_horizon_take_defaults_the_answer_states(advisor):
    answer = advisor.answer("Make me a study plan to become a generative AI engineer")
    assert answer.intent == "plan"
    assert answer.answer.startswith("**You did not say how much time you have, so this plan assumes 10 hours a week "
                                    "and 12 weeks")
    assert answer.plan["hours_per_week"] == 10 and answer.plan["weeks"] == 12


def test_follow_ups_re_plan(advisor):
    first = advisor.answer(ISSUE)
    fewer = advisor.answer("make it 6 hours a week", turns((ISSUE, first)))
    assert fewer.intent == "plan" and fewer.plan["hours_per_week"] == 6 and fewer.plan["known"] == ["Python", "SQL", "Git"]
    assert len(fewer.plan["items"]) < len(first.plan["items"])
    more = advisor.answer("I also know maths", turns((ISSUE, first), ("make it 6 hours a week", fewer)))
    assert more.intent == "plan" and more.plan["hours_per_week"] == 6
    assert "Step 4: Mathematics for Generative AI" in [s["stage"] for s in more.plan["skipped"]]
    other = advisor.answer("What should I learn after PyTorch?", turns((ISSUE, first)))
    assert other.intent == "next_step" and other.plan is None  # another subject ends the plan conversation


def test_a_plan_without_a_goal_asks_for_one(advisor):
    answer = advisor.answer("Make me a study plan")
    assert answer.intent == "plan" and answer.answerable and answer.plan is None
    assert "tell me the role you aim for or the roadmap" in answer.answer and "--" not in answer.answer


def test_a_role_and_a_fresh_start_are_said_as_what_the_plan_assumed(advisor):
    backend = advisor.answer("I'm a backend dev, make me a plan to become a generative AI engineer")
    assert backend.intent == "plan" and "You said you are a backend dev: I assumed that covers" in backend.answer
    reasons = {s["stage"]: s["reason"] for s in backend.plan["skipped"]}
    assert "I assumed you know sql" in reasons["Step 3: SQL"]
    fresh = advisor.answer("I know nothing about programming, make me a plan to become a generative AI engineer")
    assert "You said you are starting from scratch, so nothing is skipped" in fresh.answer
    assert fresh.plan["items"][0]["stage"] == "Step 1: Programming Fundamentals" and fresh.plan["known"] == []
