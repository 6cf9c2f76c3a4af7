"""Intent rules: a question about what comes next is a next-step question even when it says "course"."""

import pytest

from rag.intents.registry import classify


@pytest.mark.parametrize(("question", "intent"), [
    ("Done with Systematic Program Design. Which course comes after it in the curriculum?", "next_step"),
    ("ive completed every required course in core cs, now what?", "next_step"),
    ("any resources for what comes after SQL?", "resources"),  # a resource noun keeps it a reading list
    ("recommend a course on SQL", "resources"),
    ("which books cover deep learning theory", "resources"),
])
def test_next_step_cues_win_over_course_and_book_words(question, intent):
    assert classify(question) == intent


@pytest.mark.parametrize(("question", "intent"), [
    ("how many weeks is the databases course?", "fact"),
    ("do I need to finish every elective course?", "fact"),
    ("can i skip the intro course if I already code?", "fact"),
    ("how long is that book, and any links for it?", "resources"),  # a resource noun still asks for them
    ("good course for statistics?", "resources"),
])
def test_a_question_about_a_property_of_a_course_is_a_fact(question, intent):
    assert classify(question) == intent


@pytest.mark.parametrize(("question", "intent"), [
    ("how many lectures does the compilers course have?", "fact"),  # a count
    ("how many videos are in the statistics playlist?", "fact"),
    ("is there a book that goes with the networking course?", "fact"),  # whether one exists
    ("does the databases course come with a textbook?", "fact"),
    ("is the security course free?", "fact"),
    ("which courses are in the systems stage?", "fact"),  # what a stage contains
    ("what does the compilers course say about parsing?", "fact"),
    ("I finished the linear algebra playlist, what next?", "next_step"),  # what was finished
    ("which playlist came right after that one?", "next_step"),  # what comes in order
    ("is there a good course for parsing?", "resources"),  # a recommendation stays a reading list
    ("are there courses to guide the capstone?", "resources"),
    ("I finished the algebra course, any playlists for what comes next?", "resources"),
])
def test_the_intent_comes_from_what_is_asked_not_the_resource_noun(question, intent):
    assert classify(question) == intent


def _entry(n: int, title: str, kind: str, cost: str, lines: list[str], url: str) -> "Passage":
    from rag.models import Passage

    text = "\n".join([f"{title}: {kind}, by example.org, cost: {cost}, level: all.", *lines, f"Link: {url}"])
    return Passage(chunk_id=f"res-{n}", source="corpus", title="Resource catalogue", section=f"Resources > {title}",
                   text=text, kind="resource", url=url, resource_kind=kind, cost=cost)


def test_resource_lines_read_cleanly_without_unknowns_repeats_or_bare_anchor_names():
    from rag.evidence import Evidence
    from rag.extractive import Composition
    from rag.intents.resources import UNIT, ResourcesEvidence
    from rag.query import StandaloneQuery

    line = "Statistical Learning with Python on EdX (Textbook, Textbook resources) or Statistical Learning with R"
    where = "Recommended in: Statistics & Probability (Open Data Science)."
    entries = [
        _entry(0, "Intro to Statistics", "course", "unknown", ["Topics: statistics.", where], "https://example.org/a"),
        _entry(1, "Textbook resources", "book", "unknown", ["Topics: statistics.", where, line], "https://example.org/b"),
        _entry(2, "Textbook resources", "book", "unknown", ["Topics: statistics.", where, line], "https://example.org/c"),
        _entry(3, "StatQuest", "video-playlist", "free", ["Clear explanations of statistical ideas. More."],
               "https://example.org/d"),
    ]
    query = StandaloneQuery(question="any books for statistics?", query="any books for statistics?", intent="resources")
    text = UNIT.compose(Composition(Evidence(query=query, ranked=[], payload=ResourcesEvidence(resources=entries))))
    assert "unknown" not in text
    assert "(course): recommended in Statistics & Probability (Open Data Science)" in text
    assert text.count("Textbook resources") == 1  # one line per title
    assert "**[Textbook resources](https://example.org/b)** for Statistical Learning with Python on EdX (book)" in text
    assert "(Textbook, Textbook resources)" not in text  # the line naming it among others is not its description
    assert "**[StatQuest](https://example.org/d)** (video playlist, free): Clear explanations of statistical ideas." in text


@pytest.mark.parametrize("question", [
    "what's the first course in the systems section?",  # which one comes first: the curriculum's order
    "which course comes first in the data science curriculum?",
    "which course should i take before algorithms?",
    "what's the last course of the core math section?",
    "what order do the courses in core theory go in?",
    "what should I learn in my first year of the llm course?",  # "the llm course" names the roadmap
    "how is the llm course organised?",
    "what's in the intro cs course?",
    "how big should the dataset for my first project be?",  # the dataset is the subject
])
def test_a_course_book_or_dataset_the_question_names_or_orders_is_not_a_request(question):
    assert classify(question) != "resources"


@pytest.mark.parametrize("question", [
    "any good books for statistics?",
    "where can i learn sql",
    "courses for deep learning?",
    "deep learning courses?",
    "resources for step 3",
    "what are some good books for statistics?",  # "what are" is not a definition here
    "what course should i take for machine learning?",
    "what course does the roadmap recommend for nlp?",
    "which book teaches probability?",  # which one teaches a topic: name the material
    "what's the textbook for deep learning theory?",  # "the" book, identified by its topic
    "can you recommend the book for the math stage?",
    "where can I get datasets to practise on?",
    "i want to learn rag, any course?",
])
def test_a_request_for_learning_material_stays_a_reading_list(question):
    assert classify(question) == "resources"


@pytest.mark.parametrize("question", [
    "whats a PAT in the pottery for beginners course",  # what something is
    "what's a kiln log in the ceramics course?",
    "do i get a certificate from the zero to hero pottery course?",  # whether the course gives X
    "can I use the pottery for beginners course offline?",
    "pottery course - should i watch the videos or read the book?",  # a choice between the course's own media
])
def test_what_something_is_or_whether_the_course_gives_it_is_a_fact(question):
    assert classify(question) == "fact"


@pytest.mark.parametrize("question", [
    "what's a good resource for glazing?",
    "whats the best video on wheel throwing",
    "can i find videos for glazing?",  # videos it does not already name
    "do you have any good courses for raku firing",
    "what's the textbook for kiln chemistry?",
])
def test_a_yes_no_or_what_question_that_asks_for_material_stays_a_reading_list(question):
    assert classify(question) == "resources"


@pytest.mark.parametrize(("question", "intent"), [
    # reading or watching asked for by topic is a request for material, whatever noun (or none) names it
    ("what should i read to learn about transformers in the llm course?", "resources"),
    ("what should I watch to understand attention", "resources"),
    ("which paper should I read about LoRA?", "resources"),
    ("what to read on fine-tuning?", "resources"),
    ("what should i read after the math section?", "next_step"),  # the order still wins
    ("what should i read next?", "next_step"),
    ("should i read the book or watch the videos?", "fact"),  # a choice about the learner, not a list
])
def test_what_should_i_read_asks_for_material(question, intent):
    assert classify(question) == intent
