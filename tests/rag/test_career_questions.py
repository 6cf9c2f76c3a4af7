"""A question about a learner's future ("what careers after finishing?") is a careers question; a technical
question that says "role", "position" or "job" about its subject is not, so it keeps its stage and subject."""

from __future__ import annotations

from rag.scope_types import CAREERS, asked_type, asks_outcome


def test_outcome_questions_ask_what_the_roadmap_leads_to():
    for question in ("what careers after finishing?", "which jobs can I get with it?", "what roles after completing the path?",
                     "what kind of jobs could I land?", "what positions does it lead to?", "what can i become?",
                     "what career paths are there?"):
        assert asks_outcome(question), question


def test_role_position_and_job_about_a_subject_are_technical_questions():
    for question in ("what role does attention play?", "which position encoding first?",
                     "what jobs should I schedule in Airflow?", "which roles does IAM need?"):
        assert not asks_outcome(question), question
        assert asked_type(question) is not CAREERS, question
