"""What a plan turn says and does not say: where a plan stops, which turns ask for a plan or change
one, and how a plan across two roadmaps fits the weeks the learner gave."""

from __future__ import annotations

from rag.models import Stage
from rag.plan.until import stop_at


def test_a_numbered_part_names_its_stage_whatever_the_zero_padding():
    stages = [Stage(index=n, title=f"Lesson {n + 1:02d}: {t}", label=f"Lesson {n + 1:02d}")
              for n, t in enumerate(["Intro", "Tensors", "Training", "Deployment"])]
    kept, left, named = stop_at(stages, "lesson 2")
    assert named and [s.index for s in kept] == [0, 1] and [s.index for s in left] == [2, 3]
    assert stop_at(stages, "lesson 12")[2] is False  # "lesson 1" is not a prefix match of 12


def test_a_time_a_clause_or_a_way_through_is_not_where_a_plan_stops():
    from rag.plan.ask import until_in
    for turn in ["make me a plan, up to two hours a day", "plan my study until I get a job",
                 "give me a plan until summer", "make me a study plan through the end of the year",
                 "can you walk me through the transformers part?", "i want to read through the nlp stage",
                 "plan it up to a few hours a week"]:
        assert until_in(turn) == "", turn
    assert until_in("plan through the fast.ai course") == "fast.ai course"  # the whole name, "." and all
    assert until_in("plan the roadmap up to week 5") == "week 5"  # a roadmap's own numbering stays
    assert until_in("make a plan up to deep learning.") == "deep learning"


def test_a_follow_up_about_a_part_is_not_a_change_to_the_plan():
    from rag.plan.ask import changes_plan, read_plan_request
    history = [{"role": "user", "content": "make me a 3-month plan to become an ml engineer, 10 hours a week"}]
    for turn in ["can you walk me through the transformers part?",
                 "what resources are there up to the deep learning stage?",
                 "is python enough until I reach deep learning?"]:
        assert not changes_plan(turn), turn
        assert read_plan_request(turn, history) is None, turn
    for turn in ["only up to deep learning", "up to deep learning.", "make it stop through deep learning please"]:
        ask = read_plan_request(turn, history)
        assert ask is not None and ask.request.until == "deep learning", turn


def test_how_long_a_plan_takes_at_a_rate_asks_for_a_length_not_a_plan():
    from rag.plan.ask import is_plan_request
    for question in ["at 5 hours a week, how long will the ML engineer prep plan take?",
                     "I study 6 hours a week - how many weeks is the whole schedule?",
                     "if I do 2 hours a day how long does the course plan take to finish?"]:
        assert not is_plan_request(question), question
    assert is_plan_request("show me the ml engineer prep plan at 6 hours a week")
    assert is_plan_request("ml engineer prep, 6 hours a week, a plan?")


def _sequence(question: str):
    from rag.plan import PlanLibrary
    from rag.plan.ask import read_plan_request
    from rag.plan.sequence import build_sequence, sequence_parts
    from tests.rag.plan.conftest import data_roadmap, ml_roadmap
    data, data_passages = data_roadmap()
    ml, ml_passages = ml_roadmap()
    library = PlanLibrary([data, ml], data_passages + ml_passages)
    return build_sequence(read_plan_request(question), sequence_parts(question), [data, ml], library)


def test_the_second_roadmap_of_two_counts_the_weeks_left_and_waits_when_none_are():
    plan = _sequence("first the big data engineer roadmap up to sql, then the ml engineer roadmap. 5 h/week for 6 weeks")
    second = plan.answer.split("**Then ")[1]
    assert "more than the 1 week left" in second and "weeks given" not in second
    full = _sequence("first the big data engineer roadmap, then the ml engineer roadmap. 10 h/week for 2 weeks")
    assert "**Then ML Engineer Roadmap, after week 2 " in full.answer and "from week" not in full.answer
