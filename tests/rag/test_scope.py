"""Calibration of the out-of-scope decision (rag/scope.py) on real questions, in and out of the domain.

In-domain: every answerable question of the eval dataset plus learner phrasing the dataset lacks.
Out-of-domain: nearby topics the roadmaps do not cover, and plainly unrelated ones.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXTRA_IN = [
    "which cloud should I use for deploying models",
    "do I really need linear algebra?",
    "what's a good first project for my github",
    "How much can a junior earn in India?",
    "should I learn docker",
    "tell me about transformers and attention",
]
EXTRA_OUT = [
    "How do I bake sourdough bread?",
    "What's the best smartphone to buy this year?",
    "Explain the offside rule in football",
    "How do I file my taxes in Germany?",
    "What's a good treatment for a headache?",
    "Translate 'good morning' into Japanese",
    "Who painted the Mona Lisa?",
    "Recommend a romantic comedy movie",
]


def dataset(answerable: bool) -> list[str]:
    rows = [json.loads(l) for l in (ROOT / "evals/datasets/roadmap_qa.jsonl").read_text().splitlines() if l.strip()]
    return [r["turns"][0] for r in rows if r["answerable"] == answerable and len(r["turns"]) == 1]


def test_in_domain_questions_are_answered(advisor):
    refused = [q for q in dataset(True) + EXTRA_IN if not advisor.answer(q).answerable]
    assert refused == []


def test_out_of_domain_questions_are_refused(advisor):
    answered = [q for q in dataset(False) + EXTRA_OUT if advisor.answer(q).answerable]
    assert answered == []


def test_a_shared_word_does_not_make_a_question_answerable(advisor):
    for question in ["who is the strongest autobot in the transformers movies?", "what should I feed my pet python?"]:
        answer = advisor.answer(question)
        assert not answer.answerable and not answer.citations, question


def test_a_course_the_roadmaps_do_not_list_is_not_covered_with_the_nearest_fact(advisor):
    answer = advisor.answer("how many weeks does the CS50 course take in the roadmap?")
    assert not answer.answerable and not answer.citations
    assert "The nearest thing they cover is" in answer.answer


def test_unlisted_names_are_code_like_names_the_documents_never_mention():
    from rag.scope import unlisted_names

    vocabulary = {"cs", "q3", "2026", "python"}
    assert unlisted_names("is CS50 in the Q3 plan for 2026?", vocabulary) == ["CS50"]
    assert unlisted_names("what comes after Q3 in Python?", vocabulary) == []


NEAR_DOMAIN = [  # the roadmaps' own nouns around something they never speak of
    "is the Gen AI engineer roadmap accredited?",
    "does finishing the AI/ML roadmap guarantee a job?",
    "can I get a work visa by following the gen ai roadmap?",
]


def test_near_domain_questions_get_not_covered_and_the_nearest_fact_not_a_stretched_answer(advisor):
    for question in NEAR_DOMAIN:
        answer = advisor.answer(question)
        assert not answer.answerable and answer.intent == "out_of_scope", question
        assert "outside them" in answer.answer and "The nearest thing they cover is **" in answer.answer, question


YES_NO = ["Is reinforcement learning mandatory in the Gen AI engineer roadmap?",
          "Is Python compulsory for this curriculum?", "Do I have to know statistics beforehand?"]


def test_yes_no_questions_in_other_words_than_the_roadmaps_stay_answered(advisor):
    for question in YES_NO:
        assert advisor.answer(question).answerable, question


def test_a_question_with_typos_is_answered_not_refused(advisor):
    for question in ("wat do i lern aftr deep lerning?", "which librarys are recomended for experiment trackng?"):
        answer = advisor.answer(question)
        assert answer.answerable and answer.citations, question


def test_a_percentage_question_is_not_read_as_a_salary_question(advisor):
    answer = advisor.answer("is the 40-60% salary premium something the roadmap really promises?")
    assert answer.answerable and "40-60%" in answer.answer


def test_a_figure_with_its_unit_is_not_an_unlisted_name():
    from rag.scope import unlisted_names

    assert unlisted_names("what is the 1GB dataset pipeline project about?", {"dataset"}) == []
    assert unlisted_names("does it cover CS50?", {"dataset"}) == ["CS50"]


def test_a_paraphrase_of_an_unanswered_question_is_refused_with_the_nearest_fact(advisor):
    answer = advisor.answer("does completing the Gen AI roadmap guarantee me employment at a big company?")
    assert not answer.answerable and not answer.citations
    assert "outside them" in answer.answer and "The nearest thing they cover is **" in answer.answer
