"""A near-domain question that asks for a salary, price, prize, date or a buying recommendation is
covered only by a passage that states such a value for its subject, not by a shared word."""

from __future__ import annotations

import pytest

from rag.models import Passage
from rag.scope_types import asked_type, states_asked_value


def passage(text: str, section: str = "Careers") -> Passage:
    return Passage(chunk_id=str(abs(hash(text))), source="r.md", title="Roadmap", section=section, text=text)


MENTIONS = [
    passage("Many engineers at large tech companies such as Initech use PyTorch for computer vision."),
    passage("You can earn money from winning data competitions and build a public portfolio."),
    passage("Transformers changed NLP; train them on a GPU in the cloud when your laptop is too slow."),
    passage("The original attention paper introduced the encoder-decoder architecture."),
]


@pytest.mark.parametrize(("question", "label"), [
    ("how much does Initech pay a computer vision engineer?", "a salary"),
    ("how much prize money can I win in data competitions?", "a prize amount"),
    ("should I buy a new GPU for training transformers?", "a buying recommendation"),
    ("when was the original attention paper released?", "a date"),
    ("what is the price of a cloud GPU for transformers?", "a price"),
    ("what year was the original attention paper published?", "a date"),
    ("how much does a computer vision engineer make in Germany?", "a salary"),
])
def test_a_shared_word_does_not_answer_a_question_that_asks_for_a_value(question, label):
    assert asked_type(question).label == label
    assert not states_asked_value(question, MENTIONS)


@pytest.mark.parametrize(("question", "line"), [
    ("how much does a computer vision engineer earn?", "Computer vision engineers earn $120k-$160k per year."),
    ("what salary can a junior engineer in India expect?", "Junior engineers in India: 6-10 LPA."),
    ("how much prize money can I win in data competitions?", "Top data competitions offer prizes of $25,000."),
    ("when was the original attention paper released?", "The original attention paper (2017) introduced transformers."),
    ("how much does the cloud GPU course cost?", "The cloud GPU course is free to audit."),
])
def test_a_passage_that_states_the_value_for_the_subject_covers_it(question, line):
    assert states_asked_value(question, [*MENTIONS, passage(line)])


def test_a_value_about_another_subject_does_not_cover_it():
    other = passage("Data analysts earn $70k per year on average.")
    assert not states_asked_value("how much does Initech pay a computer vision engineer?", [other])


@pytest.mark.parametrize("question", [
    "how much time per week should I spend on statistics?",
    "how much math do I need for deep learning?",
    "is the course free?",
    "when should I start learning transformers?",
    "what should I learn in my first year?",  # a place in a programme, not a calendar date
    "which year of the curriculum covers operating systems?",
    "In what year of study should I take linear algebra?",
    "what day of the week should I study?",
    "how much do I need to practice to make progress with deep learning?",  # "make" progress, not money
    "is there a deadline?",
])
def test_questions_that_ask_no_checked_value_are_not_judged(question):
    assert asked_type(question) is None and states_asked_value(question, [])


def test_a_near_domain_value_question_gets_a_plain_not_covered_with_the_nearest_fact(advisor):
    answer = advisor.answer("how much does Initech pay a machine learning engineer?")
    assert not answer.answerable and not answer.citations
    assert "do not state a salary" in answer.answer


def test_a_question_about_a_salary_premium_is_answered_by_a_percentage():
    """"the 40-60% salary premium" asks about a share, which a passage states without an amount of money."""
    premium = passage("Students who invest now in the right skills will command 40-60% salary premiums by 2027.")
    assert states_asked_value("is the 40-60% salary premium something the roadmap promises?", [premium])
    assert states_asked_value("how big a salary premium can students expect?", [premium])
    assert not states_asked_value("what salary does a junior get?", [premium])  # an amount is asked


def test_a_value_word_inside_the_name_of_what_is_asked_about_asks_for_no_value():
    lesson = passage("Topic: North American pumpkin prices; Learning Objectives: Build a regression model",
                     section="Regression > North American pumpkin prices: Build a regression model")
    assert states_asked_value("which lessons use the pumpkin prices data", [lesson])
    assert not states_asked_value("which lessons use the pumpkin prices data", [passage(lesson.text)])


def test_a_catalogue_cost_unknown_states_no_price():
    """A catalogue entry whose cost field says "unknown" states no price, however many of the
    question's words it has; a line with an amount does."""
    unknown = passage("Colab pro: notebook, by colab.research.google.com, cost: unknown, level: all.", "Resources > Colab")
    stated = passage("Colab pro costs $10 per month.", "Running the notebooks")
    assert not states_asked_value("what is the price of colab pro?", [unknown])
    assert states_asked_value("what is the price of colab pro?", [unknown, stated])


@pytest.mark.parametrize("question", [
    "how much does the cloud GPU course cost?",
    "how much is the cloud GPU course in dollars?",
    "what's the price of the cloud GPU course in euros?",
])
def test_a_course_said_to_be_paid_does_not_state_how_much_it_costs(question):
    """"How much?" asks an amount: a line that says a course is paid or premium names none (a free one
    does: nothing), so the question is not covered by it."""
    paid = passage("Cloud GPU course: course, cost: paid, level: beginner. A premium course for beginners.")
    assert not states_asked_value(question, [*MENTIONS, paid])
    assert states_asked_value(question, [*MENTIONS, paid, passage("The cloud GPU course costs $49 a month.")])
    assert states_asked_value("is the cloud GPU course free or paid?", [*MENTIONS, paid])
