"""Answer composition (s6): the lines that answer open the answer, from the right passage, whole:
a list quoted with all its entries, a contents line never quoted for the section it names, a
heading the question restates, "Yes" for a subject the roadmap names, a week-numbered syllabus's
length, and a comparison's sides each quoted from its own entry."""

from __future__ import annotations

from rag.answer_lines import weak
from rag.coverage import ASKS_COVERAGE
from rag.extractive import passage_lines
from rag.fact_lines import introduced
from rag.headed_answers import HeadingMatcher
from rag.intents.compare import side_lines
from rag.list_answer import asks_for_list
from rag.models import Passage


def passage(text: str, section: str = "Coding Problems", stage: int | None = None, chunk: str = "p") -> Passage:
    return Passage(chunk_id=chunk, source="s", title="t", section=section, text=text, doc_id="d", stage_index=stage)


SITES = passage("Solving Problems:\n- How to Find a Solution\n\nChallenge/Practice sites:\n- LeetCode\n"
                "    - My favorite coding problem site.\n- HackerRank\n- TopCoder\n- Codeforces\n\nLater prose.")


def test_an_intro_line_brings_its_whole_list_with_the_nested_notes_and_stops_where_it_ends():
    lines = passage_lines(SITES, keep_colons=True)
    at = lines.index("Challenge/Practice sites:")
    brought = lines[at + 1: at + 1 + introduced(SITES, lines, at)]
    assert brought == ["LeetCode", "My favorite coding problem site.", "HackerRank", "TopCoder", "Codeforces"]


def test_a_recommended_plural_asks_for_a_list_and_a_plain_question_does_not():
    assert asks_for_list("coding practice sites jwasham recommends?")
    assert asks_for_list("which books does it suggest?")
    assert not asks_for_list("does the course recommend python?")


def test_a_list_of_links_to_the_pages_own_sections_is_a_table_of_contents_and_a_syllabus_is_not():
    from rag.answer_lines import contents
    toc = passage("- [What is it?](#what-is-it)\n- [The Daily Plan](#the-daily-plan)\n"
                  "- [Coding Problems](#coding-problems)\n    - [Arrays](#arrays)", section="Table of Contents > The Study Plan")
    syllabus = passage("- Week 1: Python basics\n- Week 2: [NumPy](https://numpy.org)\n- Week 3: pandas",
                       section="Contents")  # a syllabus under a heading called "Contents" is content
    assert contents(toc) and not contents(syllabus)
    assert weak("Stage 2", "Contents") and not weak("Week 1: Python basics", "Contents > Weeks")


def test_a_heading_the_question_restates_with_one_word_off_answers_it():
    guide = passage("These are prevalent technologies but not part of this study plan:\n- Javascript\n- SQL",
                    section="Topics you won't see covered")
    other = passage("Each day, take the next subject in the list.", section="The Daily Plan", chunk="q")
    found = HeadingMatcher(None).best("what won't i see covered?", [guide, other])  # all its words but "topics"
    assert found is not None and found.heading == "Topics you won't see covered"
    assert "SQL" in found.lines


def test_existence_questions_are_coverage_questions():
    for question in ("is there a course on compilers in the cs curriculum?",
                     "does the llm course have anything on quantization?",
                     "is there anything on kafka in the data engineering path?"):
        assert ASKS_COVERAGE.search(question), question
    assert not ASKS_COVERAGE.search("what is there to learn after sql?")


def test_each_side_of_a_comparison_quotes_its_own_entry_of_a_shared_list():
    books = passage("We read two books:\n- Designing Data-Intensive Applications (Martin Kleppmann)\n"
                    "    - The reference for storage engines\n    - Read it during Stage 3\n"
                    "- Fundamentals of Data Engineering (Joe Reis and Matt Housley)\n"
                    "    - A gentle overview\n    - Read it first, before Stage 1", section="Books")
    assert side_lines(books, "fundamentals of data engineering") == [
        "Fundamentals of Data Engineering (Joe Reis and Matt Housley)", "A gentle overview", "Read it first, before Stage 1"]
    assert side_lines(books, "designing data-intensive applications")[0].startswith("Designing Data-Intensive")
    assert side_lines(books, "kubernetes") == passage_lines(books)[:3]  # names neither: the passage's first lines


def test_a_duration_field_every_section_repeats_is_each_sections_not_the_whole_roadmaps():
    from rag.whole_time import whole_lines
    intro = passage("A track for developers. Plan on 24 weeks in total at about 10 hours a week.", section="Introduction")
    parts = [passage(f"- Topic\nDuration: {n} weeks", section=f"Part {n}", chunk=f"c{n}") for n in (4, 6)]
    assert [line for line, _ in whole_lines([intro, *parts])] == [
        "Plan on 24 weeks in total at about 10 hours a week."]
    assert whole_lines([passage("Duration: 2 years", section="About")])  # stated once: the whole's


def test_a_list_entry_that_introduces_nested_entries_labels_them():
    from rag.list_answer import labelled_lists
    step = passage("What to learn:\n- Python Basics:\n  - Variables, loops\n- Libraries:\n  - NumPy: Numerical computations.\n"
                   "  - Pandas: Data manipulation.\n  - Matplotlib/Seaborn: Data visualization.\n- Git", section="Step 1")
    lists = {found.label: found.items for found in labelled_lists(step)}
    assert lists["Libraries"] == ("NumPy: Numerical computations.", "Pandas: Data manipulation.",
                                  "Matplotlib/Seaborn: Data visualization.")


def test_a_comparison_puts_each_sides_outlook_lines_in_their_own_row_and_says_when_a_side_has_none():
    """Lines a roadmap labels as its outlook ("Opportunity:", "Frontier:") are not things to learn: they
    fill the "Opportunity / risk" row; a side with none is said to state none, not left blank."""
    from rag.evidence import Evidence
    from rag.extractive import Composition
    from rag.intents.compare import UNIT, CompareEvidence, Side
    from rag.query import StandaloneQuery

    robots = passage("- Kinematics and control\n- Opportunity: Warehouse automation is hiring", "Option A: Robots",
                     chunk="a")
    speech = passage("- Acoustic models\n- Language models for speech", "Option B: Speech", chunk="b")
    query = StandaloneQuery(question="compare robots and speech", query="compare robots and speech", intent="compare")
    evidence = Evidence(query, [robots, speech], CompareEvidence([Side("robots", [robots]), Side("speech", [speech])]))
    rows = {row.split("|")[1].strip(): row for row in UNIT.compose(Composition(evidence)).splitlines()
            if row.startswith("| ")}
    assert "Warehouse automation is hiring" in rows["Opportunity / risk"]
    assert "not stated in the roadmaps" in rows["Opportunity / risk"]
    assert "Warehouse automation" not in rows["What to learn"] and "Kinematics and control" in rows["What to learn"]
