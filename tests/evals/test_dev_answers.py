"""Questions of our own over the dev corpora (not in the dataset, informal and misspelt as learners
write them) whose answers must open with what was asked: a part's courses and weeks, the stage after
the one the learner names, the roadmap's own duration at the learner's pace."""

from __future__ import annotations

import pytest


def opening(answer) -> str:
    return answer.answer.split("\n\n")[0]


@pytest.mark.parametrize("question", ["how many weeks is the math part of the cs curriculum?",
                                      "hw long is teh math part of ossu cs"])
def test_a_named_part_is_answered_with_its_own_courses_and_weeks(dev_advisor, question):
    answer = dev_advisor.answer(question)
    text = opening(answer)
    assert text.startswith("**In short**") and "\n**Core math** (OSSU Computer Science)" in text, answer.answer
    assert "**Calculus 1A: Differentiation**: Duration: 13 weeks" in text
    assert "Algorithms" not in text and "Advanced math" not in text


def test_the_stage_a_learner_finished_is_the_one_its_title_names(dev_advisor):
    answer = dev_advisor.answer("im done with fine tuning in the llm course, what next")
    assert "Your question points to **4. Supervised Fine-Tuning**" in answer.answer
    assert "1. **5. Preference Alignment**" in answer.answer


def test_finishing_a_part_leads_into_the_next_part_by_its_headings(dev_advisor):
    answer = dev_advisor.answer("ive completed every required course in core cs, now what?")
    assert "That ends **Core CS**; the roadmap continues with **Advanced CS**" in answer.answer
    answer = dev_advisor.answer("i finished the core math courses, what next?")
    assert answer.answer.startswith("**OSSU Computer Science**") and "**CS Tools**" in answer.answer


def test_the_whole_curriculums_time_opens_the_answer_at_the_learners_pace(dev_advisor):
    answer = dev_advisor.answer("i have 10 hours a week, how long will the ossu cs curriculum take me?")
    text = opening(answer)
    assert "about 2 years" in text and "208 weeks at 10 h/week (computed from the cited line)" in text
    assert answer.grounding is None or not answer.grounding.unsupported


def test_resource_lines_name_only_what_is_known(dev_advisor):
    answer = dev_advisor.answer("any books for statistics?")
    assert answer.intent == "resources"
    assert "unknown" not in answer.answer
    titles = [line.split("](")[0] for line in answer.answer.splitlines() if line.startswith("- **[")]
    assert len(titles) == len(set(titles))
