"""Calibration of the out-of-scope decision (rag/scope.py) on real questions, in and out of the domain.

In-domain: every answerable question of the eval dataset plus learner phrasing the dataset lacks.
Out-of-domain: nearby topics the roadmaps do not cover, and plainly unrelated ones.
"""

from __future__ import annotations

import json
from pathlib import Path

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
