"""An answer depends on its question (and history), never on which questions the process answered
before it: caches warmed by one question (query vectors, stage scores, heading trees, prototype
vectors) must not change another's answer. Over the dev3 corpus, where a next-step question once
seemed to flip between "Some after-course bonus materials" and "Additional materials"."""

from __future__ import annotations

from rag.advisor import Advisor

QUESTIONS = [
    "what is the syllabus of practical rl?",
    "im done with week9 (trpo, ppo, ddpg) of practical rl. anything after that?",
    "how long does the yandex rl course take?",
    "where do i begin with coding interview university",
    "finished the linked lists part of ciu, whats next",
    "which notebooks in practicalai cover nlp",
]


def _answers(advisor: Advisor, questions: list[str]) -> dict[str, tuple[str, list[str]]]:
    return {q: (a.answer, [c.chunk_id for c in a.citations]) for q in questions for a in [advisor.answer(q)]}


def test_answers_are_the_same_in_any_order_and_on_a_fresh_advisor(dev3_advisor):
    forward = _answers(Advisor(dev3_advisor.settings), QUESTIONS)
    backward = _answers(Advisor(dev3_advisor.settings), QUESTIONS[::-1])
    again = _answers(dev3_advisor, QUESTIONS[1::2] + QUESTIONS[::2])  # the shared advisor, warmed by other tests
    assert all(forward[q][0] for q in QUESTIONS)
    assert backward == forward
    assert again == forward
    assert "Some after-course bonus materials" in forward[QUESTIONS[1]][0]
