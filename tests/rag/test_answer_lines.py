"""The opening line answers what was asked: scored by words, the passage's meaning and the answer
type the question wants (a duration, a figure, a named book, the first stage)."""

from __future__ import annotations

from rag.answer_lines import asks_where_to_start, cues, opening_lines
from rag.models import Passage
from rag.text import stem


def passage(chunk_id: str, text: str, section: str = "Stage 2: Statistics", stage_index: int | None = 1,
            score: float = 0.5) -> Passage:
    return Passage(chunk_id=chunk_id, source="plan.md", title="A Study Plan", section=section, text=text,
                   doc_id="plan", stage_index=stage_index, stage_title=section.split(" > ")[0], score=score)


STATISTICS = [
    passage("a", "- Descriptive statistics: mean, variance, quantiles\n- Hypothesis tests and confidence intervals\n"
                 "- Bayesian statistics for practitioners"),
    passage("b", "- Practice on 3 public datasets with at least 10,000 rows each\n"
                 "- Expect to spend 3-5 weeks here at about 10 hours/week\n"
                 "- Read \"Think Stats\" by Downey, Allen (free online book)", section="Stage 2: Statistics > Extras"),
]
IDF = {"statist": 2.0, "bayesian": 3.0, "hypothesi": 3.0, "stat": 2.5}


def first(question: str, passages=STATISTICS) -> str:
    return opening_lines(question, question, passages, IDF)[0].text


def test_a_duration_question_opens_with_the_line_that_states_the_time():
    assert "3-5 weeks" in first("how much time should the statistics part take me?")
    assert "3-5 weeks" in first("How long is the stats stage")


def test_a_typed_line_takes_its_subject_from_its_heading_path():
    """"Time Commitment: 4-6 weeks" under "Bayesian Foundations" is that section's time: it opens
    before another track's timeline entry that merely names the subject in its own words."""
    own = passage("own", "- Time Commitment: 4-6 weeks\n- Why: it pays off later",
                  section="Stage 2: Statistics > Bayesian Foundations > Resources", score=0.5)
    other = passage("other", "- Months 1-3: deepen bayesian foundations", section="Research Track > Timeline",
                    stage_index=None, score=0.45)
    idf = {**IDF, stem("foundations"): 3.0}
    lines = opening_lines("how long do the bayesian foundations take?", "how long do the bayesian foundations take?",
                          [other, own], idf)
    assert lines[0].text == "- Time Commitment: 4-6 weeks".lstrip("- ")


def test_a_book_question_opens_with_the_line_naming_the_book():
    assert "Think Stats" in first("any textbook you'd read for statistics?")


def test_a_how_many_question_opens_with_the_figure():
    assert "10,000 rows" in first("how many rows should my practice datasets have for statistics?")


def test_without_a_cue_the_shared_rare_words_decide():
    assert "Hypothesis tests" in first("what hypothesis testing is in the statistics stage?")
    assert cues("what hypothesis testing is in the statistics stage?") == []


def test_where_to_start_prefers_the_first_stage():
    early = passage("c", "- Install Python and write small scripts every day", section="Stage 1: Programming",
                    stage_index=0, score=0.3)
    assert asks_where_to_start("total newbie here, where should I begin?")
    assert "Install Python" in first("total newbie here, where should I begin?", STATISTICS + [early])


def test_a_second_line_opens_only_when_it_gives_the_asked_type_too():
    lines = opening_lines("how long will statistics take?", "statistics", STATISTICS, IDF)
    assert all("week" in line.text for line in lines)


def test_a_line_that_restates_its_heading_does_not_outrank_the_line_of_the_asked_type():
    row = passage("row", "Courses: Shell Tools Semester\nDuration: 2 weeks\nEffort: 12 hours/week",
                  section="Curriculum > Tools > Shell Tools Semester")
    idf = {"shell": 5.0, "tool": 5.0, "semest": 5.0}
    best = opening_lines("how long does the shell tools semester take?", "shell tools semester", [row], idf)
    assert best[0].text == "Duration: 2 weeks"


def test_a_how_many_weeks_question_about_a_part_wants_weeks_not_any_figure():
    from rag.answer_lines import specific_cues

    assert [c.name for c in cues("how many weeks is the math part?")] == ["duration", "number"]
    assert [c.name for c in specific_cues("how many weeks is the math part?")] == ["duration"]
    assert [c.name for c in specific_cues("how many projects are there?")] == ["number"]


def test_a_months_range_gives_a_duration():
    duration = next(c for c in cues("how long is the research path?") if c.name == "duration")
    assert duration.gives.search("Months 1-3: Deepen mathematical foundations")


def test_where_to_start_in_a_learners_words_and_not_what_only_mentions_first():
    from rag.answer_lines import asks_before_start, start_topic
    for question in ("which notebook should i open first in the pytorch course?", "what's the first part of the roadmap?",
                     "cv path, what comes first?", "how does the 10-day course open?",
                     "road to ml: what's the entry point for a newcomer?", "what do i need before starting?"):
        assert asks_where_to_start(question), question
    for question in ("what is first-order logic?", "when is the first deadline?", "what should I learn after PyTorch?",
                     "cracking the coding interview vs programming interviews exposed, which one first?",
                     "which is better to learn first, pytorch or tensorflow?", "weeks 1-3 cover what?",
                     "what does project 1 involve?"):
        assert not asks_where_to_start(question), question
    assert asks_before_start("anything i should have before i begin?")
    assert not asks_before_start("which week do i start with?")
    # what is left names the topic to start on, not the learner's level or the unit asked for
    from rag.text import content_terms
    assert content_terms(start_topic("where do I start with bayesian statistics?")) == ["bayesian", "statistics"]
    assert content_terms(start_topic("which lesson do beginners study first?")) == []


def test_a_how_many_question_opens_with_the_line_that_counts_the_thing_asked():
    """"How many lessons?" is answered by "This course is 18 lessons", not by a lesson-table row whose
    only figure is the lesson's own number, nor by the section whose heading is numbered."""
    rows = passage("rows", "| Lesson Number | Topic |\n| --- | --- |\n| 04 | Prompt engineering for lessons |\n"
                           "| 05 | Advanced prompts |", section="Lessons", stage_index=None, score=0.6)
    intro = passage("intro", "- This course is 18 lessons. Each lesson covers its own topic.\n"
                             "- Lessons are labelled Learn or Build.", section="2. Getting Started", stage_index=None,
                    score=0.4)
    idf = {"lesson": 1.0, "cours": 1.0}
    assert "18 lessons" in opening_lines("how many lessons are in the course?", "lessons course", [rows, intro], idf)[0].text


def test_a_count_stated_in_a_list_lead_in_still_answers_how_many():
    """"My flash cards database (1800 cards):" introduces a link, yet it is the line that says how many cards."""
    cards = passage("cards", "Each card has different formatting, so I made a mobile-first site.\n"
                             "My flash cards database (extreme - 1800 cards):\n- [link](https://example.org/cards)",
                    section="2. Use Flashcards", stage_index=None)
    idf = {"card": 2.0, "flashcard": 3.0}
    assert "1800 cards" in opening_lines("how many cards did the author have?", "cards author", [cards], idf)[0].text


def test_hyphenated_figures_are_durations():
    duration = next(c for c in cues("how many hours of video are there?") if c.name == "duration")
    assert duration.gives.search("Learn it in a day by watching the first 25-hours of material")
    assert duration.gives.search("a 12-week, 26-lesson curriculum")


def test_a_how_many_question_counts_its_noun_not_the_verb_after_it():
    from rag.answer_lines import counted

    for question in ("how many courses cover NLP?", "how many lessons mention transformers?",
                     "how many projects use PyTorch?"):
        noun = question.split()[2]
        found = counted(question)
        assert found is not None and found.search(f"The roadmap lists 4 {noun} on this"), question
    assert counted("how many test episodes are there?").search("it runs 100 test episodes")
    assert not counted("how many test episodes are there?").search("100 tests in total")
