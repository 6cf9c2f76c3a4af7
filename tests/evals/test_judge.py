"""evals.judge: the pure parts only (prompts, parsing, the ratio). No model is called here."""

from __future__ import annotations

import pytest

from evals.judge import (
    JudgeUnavailableError,
    LLMJudge,
    claims_messages,
    faithfulness,
    parse_claims,
    parse_verdicts,
    verdict_messages,
)


def test_claims_prompt_carries_question_and_answer_without_markers():
    (role_s, system), (role_u, user) = claims_messages("What after SQL?", "Learn maths [1]. Then ML [2].")
    assert role_s == "system" and "JSON array" in system
    assert role_u == "user" and "What after SQL?" in user and "Learn maths . Then ML ." in user
    assert "[1]" not in user


def test_verdict_prompt_numbers_passages_and_claims():
    _, (_, user) = verdict_messages(["Maths is Step 4."], ["Step 4: Mathematics", "Step 5: ML"])
    assert "[1] Step 4: Mathematics" in user and "[2] Step 5: ML" in user and "1. Maths is Step 4." in user
    _, (_, empty) = verdict_messages(["x"], [])
    assert "(no passages)" in empty


@pytest.mark.parametrize(
    "reply, claims",
    [
        ('["Maths is Step 4.", "ML is Step 5."]', ["Maths is Step 4.", "ML is Step 5."]),
        ('Sure!\n```json\n["A", ""]\n```', ["A"]),
        ('[{"claim": "A"}, {"claim": "B"}]', ["A", "B"]),
        ("Here you go:\n- A is true\n2. B is true\nthanks", ["A is true", "B is true"]),
        ("nothing useful", []),
    ],
)
def test_parse_claims(reply, claims):
    assert parse_claims(reply) == claims


@pytest.mark.parametrize(
    "reply, verdicts",
    [
        ('[{"claim": 1, "supported": true}, {"claim": 2, "supported": false}]', [True, False, False]),
        ('[{"claim": 2, "supported": "yes"}, {"claim": 1, "supported": "no"}, {"claim": 3, "verdict": 1}]', [False, True, True]),
        ("```json\n[true, false, true]\n```", [True, False, True]),
        ("1. supported\n2: not supported\n3) yes", [True, False, True]),
        ("I cannot judge this.", [False, False, False]),  # unjudged claims count as unsupported
    ],
)
def test_parse_verdicts(reply, verdicts):
    assert parse_verdicts(reply, 3) == verdicts


def test_faithfulness_ratio():
    assert faithfulness([True, True]) == 1.0
    assert faithfulness([False, False]) == 0.0
    assert faithfulness([True, False, False, True]) == 0.5
    assert faithfulness([]) is None


def test_judge_needs_an_endpoint():
    from rag.settings import get_settings

    with pytest.raises(JudgeUnavailableError, match="OPENAI_BASE_URL"):
        LLMJudge.from_settings(get_settings())


def test_judge_scores_with_any_chat_model():
    """The flow, with a stand-in model that answers from a queue (no network)."""

    class Queue:
        def __init__(self, replies):
            self.replies, self.prompts = list(replies), []

        def invoke(self, messages):
            self.prompts.append(messages)
            return type("Reply", (), {"content": self.replies.pop(0)})()

    model = Queue(['["A", "B"]', '[{"claim": 1, "supported": true}, {"claim": 2, "supported": false}]'])
    assert LLMJudge(llm=model).score("q?", "A [1]. B [1].", ["passage"]) == 0.5
    assert "passage" in model.prompts[1][1][1]
