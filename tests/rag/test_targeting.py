"""Which roadmap a question means: titles, file and folder names, headings, role-name variants."""

from __future__ import annotations

import pytest

from rag.models import RoadmapStructure
from rag.targeting import RoadmapTargeter
from rag.text import stem

ROADMAPS = [
    RoadmapStructure(doc_id="ds", source="roadmaps/ossu-data-science/README.md", title="Readme"),
    RoadmapStructure(doc_id="cs", source="roadmaps/ossu-computer-science/README.md", title="Contents"),
    RoadmapStructure(doc_id="llm", source="roadmaps/llm-course/README.md", title="Readme"),
    RoadmapStructure(doc_id="de", source="roadmaps/big-data.md", title="Big Data Engineer Roadmap 2026"),
    RoadmapStructure(doc_id="cv", source="roadmaps/vision.md", title="Computer Vision Roadmap"),
]
HEADINGS = {"llm": ["The LLM Scientist", "The LLM Engineer"], "ds": ["Curriculum"], "cs": ["Curriculum"]}


@pytest.fixture(scope="module")
def targeter():
    return RoadmapTargeter(ROADMAPS, HEADINGS)


@pytest.mark.parametrize("question, doc_id", [
    ("DS track: finished linear algebra, what now", "ds"),
    ("what does the data scientist roadmap start with", "ds"),
    ("is the comp sci curriculum free?", "cs"),
    ("how long does the CS curriculum take", "cs"),
    ("what comes after SQL in the data engineering roadmap?", "de"),
    ("which courses for the data engineer path", "de"),
    ("CV roadmap: what after CNNs?", "cv"),
    ("in the scientist path, what follows fine-tuning?", "llm"),
    ("what does the 2026 plan say about Spark", "de"),
])
def test_role_name_variants_resolve_to_the_roadmap(targeter, question, doc_id):
    named = targeter.named(question)
    assert named is not None and named.doc_id == doc_id


@pytest.mark.parametrize("question", [
    "what comes after SQL?",  # several roadmaps teach SQL: none is named
    "which curriculum should I pick?",  # names none
    "what is a good first project?",
    "what does the roadmap say about the scientist role",  # a heading word counts only with track/path/part
])
def test_no_roadmap_is_named_when_the_question_names_none(targeter, question):
    assert targeter.named(question) is None


def test_a_named_roadmap_scopes_the_answer(advisor):
    answer = advisor.answer("what does the Gen AI roadmap say about SQL?")
    assert answer.citations and {c.source for c in answer.citations} == {"corpus/genai-engineer-roadmap.md"}


def test_another_roadmaps_heading_does_not_take_a_roadmaps_own_name():
    roadmaps = [RoadmapStructure(doc_id="cs", source="x/ossu-computer-science/README.md", title="OSSU Computer Science"),
                RoadmapStructure(doc_id="ds", source="x/ossu-data-science/README.md", title="OSSU Data Science")]
    targeter = RoadmapTargeter(roadmaps, {"ds": ["Introduction to Computer Science", "Statistics"]})
    named = targeter.named("i finished intro cs in OSSU, what do I take next?")
    assert named is not None and named.doc_id == "cs"


# Made-up roadmaps whose names learners shorten: an acronym of the title, the organisation or author
# the opening names, the course's own name, with course/curriculum/guide/track as interchangeable nouns.
NICKNAMED = [
    RoadmapStructure(doc_id="osr", source="docs/open-systems-research/README.md", title="Open Systems Research Masters"),
    RoadmapStructure(doc_id="kt", source="docs/kotlin-apps/README.md", title="Build Kotlin Apps for Beginners - A Curriculum"),
    RoadmapStructure(doc_id="rb", source="docs/robotics.md", title="Learn Robotics with Rust"),
]
OPENINGS = {
    "osr": "_maintained by Priya Venkataraman_\nThe open curriculum for systems research. The OSRM covers kernels.",
    "kt": "Developer Advocates at Globex are pleased to offer a 10-week curriculum about Kotlin apps.",
    "rb": "Welcome to the Stack Forge Learn Robotics course, a place to learn data handling and ML on robots.",
}
NICK_HEADINGS = {"osr": ["Data", "Kernels"], "kt": ["Lessons"], "rb": ["Data handling", "ML on robots"]}


@pytest.fixture(scope="module")
def nicknamed():
    return RoadmapTargeter(NICKNAMED, NICK_HEADINGS, OPENINGS)


@pytest.mark.parametrize("question, doc_id", [
    ("whats after kernels in the osrm?", "osr"),  # an acronym the opening itself writes
    ("plan the bkafb curriculum for me", "kt"),  # the initials of the title before its dash
    ("the globex guide: what is lesson 2?", "kt"),  # the organisation the opening names, before a noun
    ("which lessons does the Globex track have", "kt"),
    ("in the stack forge course what comes after motors?", "rb"),  # the course's own name from its opening
    ("in the sflr course what comes after motors?", "rb"),  # that name's initials, before a noun
    ("Priya Venkataraman's curriculum: where do i start", "osr"),  # the author, as a possessive
    ("beginner, 6 hrs a week. plan the robotics course for me", "rb"),  # the word before the noun wins
])
def test_nicknames_resolve_to_the_roadmap(nicknamed, question, doc_id):
    named = nicknamed.named(question)
    assert named is not None and named.doc_id == doc_id


@pytest.mark.parametrize("question", [
    "which one covers ml?",  # a generic word picks nothing
    "what data books are recommended?",  # "data" is a heading word of two roadmaps: a subject
    "is globex hiring?",  # an organisation said without a roadmap noun names no roadmap
    "which ml one avoids robotics?",  # "one" says roadmap only right after a name
    "what is sflr?",  # an acronym the opening only implies counts only before a roadmap noun
])
def test_generic_or_unanchored_words_name_no_roadmap(nicknamed, question):
    assert nicknamed.named(question) is None


def test_a_nickname_is_set_aside_from_the_subject_words(nicknamed):
    roadmap = nicknamed.named("in the Globex curriculum what comes after coroutines?")
    assert roadmap is not None
    assert "globex" not in nicknamed.without_names("in the Globex curriculum what comes after coroutines?", roadmap)
    assert "osrm" not in nicknamed.without_names_kept_words("osrm kernels", NICKNAMED[0]).lower()


def test_a_question_that_names_two_roadmaps_is_scoped_to_neither(nicknamed):
    assert nicknamed.named("which teaches more math, the Globex curriculum or the robotics course?") is None


@pytest.mark.parametrize("word", ["roadmap", "road map", "courses", "curricula", "programme", "syllabi", "bootcamp",
                                  "Tracks", "guide"])
def test_one_list_of_words_that_say_roadmap_is_read_everywhere(word):
    from rag.plan.goal import ROADMAP_WORDS as goal_words
    from rag.roadmap_paths import ROADMAP_WORDS as paths_words
    from rag.targeting import NAME_NOUNS, ROADMAP_NOUN_WORDS, ROADMAP_NOUNS, ROADMAP_WORDS
    from rag.unattested import DOCUMENT_WORDS

    assert ROADMAP_NOUNS.fullmatch(word) and ROADMAP_WORDS.fullmatch(word)
    assert goal_words is paths_words is ROADMAP_WORDS  # a comparison's sides read ROADMAP_NOUNS in targeting itself
    assert ROADMAP_NOUN_WORDS <= DOCUMENT_WORDS
    assert stem(word.replace(" ", "").lower()) in NAME_NOUNS


@pytest.mark.parametrize("word", ["roadmapping", "pathology", "coursework", "guideline", "programming"])
def test_a_longer_word_is_not_a_word_that_says_roadmap(word):
    from rag.targeting import ROADMAP_NOUNS

    assert not ROADMAP_NOUNS.search(word)


@pytest.mark.parametrize("question, doc_id", [
    ("ok and in the practicalAI notebooks, anything on reinforcement learning?", "ai"),  # written as one word
    ("which seminar goes with the value iteration lecture in practical rl?", "rl"),  # said in full, no roadmap noun
    ("what are the nlp lessons in ml for beginners?", "mlb"),
])
def test_a_roadmaps_name_said_as_one_word_or_in_full_names_it(question, doc_id):
    roadmaps = [RoadmapStructure(doc_id="ai", source="x/practical-ai/README.md", title="Practical Ai"),
                RoadmapStructure(doc_id="rl", source="x/practical-rl/index.html", title="Practical_RL"),
                RoadmapStructure(doc_id="mlb", source="x/ml-for-beginners/README.md",
                                 title="Machine Learning for Beginners - A Curriculum")]
    named = RoadmapTargeter(roadmaps).named(question)
    assert named is not None and named.doc_id == doc_id


def test_two_ordinary_words_in_a_row_name_no_roadmap():
    roadmaps = [RoadmapStructure(doc_id="ai", source="x/practical-ai/README.md", title="Practical Ai"),
                RoadmapStructure(doc_id="rl", source="x/practical-rl/index.html", title="Practical_RL")]
    assert RoadmapTargeter(roadmaps).named("is there a practical project on deep learning?") is None


def test_a_title_said_word_for_word_names_its_roadmap_without_a_roadmap_noun():
    """"the nlp lessons in ml for beginners": the title's words in a row name it, though no word like
    "course" follows them; the same words apart name nothing."""
    roadmaps = [RoadmapStructure(doc_id="mlb", source="mlb/README.md", title="Machine Learning for Beginners - A Curriculum"),
                RoadmapStructure(doc_id="dsm", source="dsm/masters.pdf", title="Data Science Masters")]
    targeter = RoadmapTargeter(roadmaps)
    named = targeter.named("links for the nlp lessons in ml for beginners?")
    assert named is not None and named.doc_id == "mlb"
    assert targeter.named("links on nlp for a beginner in ml?") is None


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_a_possessive_name_is_set_aside_whole_leaving_no_stray_s(targeter, apostrophe):
    """"the big data roadmap's first stage": the name goes with its "'s", so no stray "s" word is
    left among the subject words (where it would count as a word the learner asked about)."""
    roadmap = ROADMAPS[3]
    question = f"what comes after SQL in the big data roadmap{apostrophe}s plan?"
    assert targeter.without_names(question, roadmap).split() == ["what", "comes", "after", "sql", "in", "the", "plan"]
    kept = targeter.without_names_kept_words(f"Big Data{apostrophe}s SQL stage", roadmap).split()
    assert kept == ["SQL", "stage"]
    assert targeter.without_names(f"python{apostrophe}s syntax", roadmap).split()[0] == "python"  # not a name: kept


SUBJECT_TITLES = [
    RoadmapStructure(doc_id="rl", source="docs/rl.md", title="Reinforcement Learning Engineer Roadmap"),
    RoadmapStructure(doc_id="ts", source="docs/forecast.md", title="Time Series Track"),
    RoadmapStructure(doc_id="web", source="docs/web.md", title="Web Apps with Django"),
]


@pytest.mark.parametrize("question, doc_id", [
    ("ok what about the RL roadmap", "rl"),
    ("and the TS track?", "ts"),
    ("what comes after Q-learning in the rl one?", "rl"),
])
def test_a_two_word_subjects_initials_said_before_a_roadmap_noun_name_it(question, doc_id):
    named = RoadmapTargeter(SUBJECT_TITLES).named(question)
    assert named is not None and named.doc_id == doc_id


@pytest.mark.parametrize("question", ["what is RL?", "is ts support covered?", "how do I write a good cv?"])
def test_two_letters_said_as_a_subject_name_no_roadmap(question):
    assert RoadmapTargeter(SUBJECT_TITLES).named(question) is None
