"""Which known skills remove a whole stage, and which do not."""

from __future__ import annotations

from rag.models import Stage
from rag.plan.skills import covering_skill, skipped_stages


def stage(title: str, *, headings=(), topics=(), index=0, label="") -> Stage:
    return Stage(index=index, title=title, label=label, group="steps", headings=list(headings), topics=list(topics))


PROGRAMMING = stage("Step 1: Programming Fundamentals", headings=["What to Learn?"],
                    topics=["Python Basics", "NumPy: Numerical computations."])
GITHUB = stage("Step 2: Learn GitHub", topics=["Git Basics"], index=1)
FOUNDATIONS = stage("Q1 2026: Foundation & Core Concepts", index=2,
                    headings=["Master the Mathematical Foundations", "Deepen Python Proficiency"],
                    topics=["Linear Algebra: Vectors", "Advanced concepts: Generators, decorators"])
MATHS = stage("Step 4: Mathematics for Generative AI", topics=["Linear Algebra"], index=3)


def test_a_skill_the_title_names_covers_the_stage_synonyms_included():
    assert covering_skill(GITHUB, ["git"]) == "git"  # git -> github
    assert covering_skill(stage("Step 3: SQL"), ["postgres", "SQL"]) == "SQL"
    assert covering_skill(MATHS, ["maths"]) == "maths"


def test_a_language_covers_a_programming_stage_only_when_the_stage_teaches_it():
    assert covering_skill(PROGRAMMING, ["python"]) == "python"
    assert covering_skill(PROGRAMMING, ["rust"]) is None  # a programming stage in another language


def test_a_skill_that_is_one_part_of_a_broader_stage_does_not_remove_it():
    assert covering_skill(FOUNDATIONS, ["python"]) is None  # the quarter is mostly mathematics
    assert covering_skill(MATHS, ["linear algebra"]) is None  # one topic of the mathematics stage


def test_words_for_the_whole_field_cover_nothing():
    assert covering_skill(MATHS, ["AI", "generative ai"]) is None
    assert covering_skill(FOUNDATIONS, ["foundations"]) is None
    assert covering_skill(GITHUB, ["learning", "how to learn"]) is None  # not "Learn GitHub"


def test_a_one_letter_language_is_still_a_skill():
    assert covering_skill(stage("Step 1: R Programming", topics=["R basics"]), ["R"]) == "R"


def test_skipped_stages_report_which_known_skills_matched_nothing():
    coverage, unmatched = skipped_stages([PROGRAMMING, GITHUB, FOUNDATIONS], ["python", "git", "docker"], [])
    assert [(c.stage.index, c.reason) for c in coverage] == [
        (0, "You know python, which this stage teaches."), (1, "You know git, which this stage teaches.")]
    assert unmatched == ["docker"]


def test_a_skill_skips_a_stage_only_when_the_title_is_mostly_about_it():
    databases = stage("Databases: Relational Databases and SQL")
    python_for_ml = stage("2. Python for Machine Learning", label="2.", topics=["NumPy", "Pandas"])
    assert covering_skill(databases, ["SQL"]) is None  # one of three subjects: the course stays
    assert covering_skill(stage("Deep Learning with PyTorch"), ["pytorch"]) is None  # the means, not the subject


def test_a_skill_covers_a_stage_that_teaches_it_for_something_and_the_reason_says_for_what():
    python_for_ml = stage("2. Python for Machine Learning", label="2.", topics=["NumPy", "Pandas"])
    assert covering_skill(python_for_ml, ["python"]) == "python"  # "X for Y" teaches X
    coverage, _ = skipped_stages([python_for_ml], ["python"], [])
    assert coverage[0].reason == ("You know python, which this stage teaches (for Machine Learning: look over what "
                                  "it adds for that if it is new to you).")
    assert covering_skill(stage("Introduction to Computer Science and Programming using Python"), ["python"]) == "python"


def test_skills_a_role_implies_skip_stages_as_stated_assumptions():
    coverage, unmatched = skipped_stages([PROGRAMMING, GITHUB, MATHS], [], [], assumed=["programming", "git"],
                                         role="backend dev")
    assert [(c.stage.index, c.reason) for c in coverage] == [
        (0, "You said you are a backend dev, so I assumed you know programming, which this stage teaches."),
        (1, "You said you are a backend dev, so I assumed you know git, which this stage teaches.")]
    assert unmatched == []  # an assumption that skips nothing is not reported as a skill of the learner's
