"""Stages from the heading styles real roadmaps use, and the time they give for each stage."""

from pathlib import Path

from ingest.loaders import load_file
from ingest.structure import parse_document

ROOT = Path(__file__).resolve().parents[2]


def parse(text: str, markdown: bool = True):
    return parse_document(text, doc_id="d", source="d.md", markdown=markdown, fallback_title="Fallback").structure


def test_step_numbers_in_any_format():
    structure = parse("# Roadmap\n## Step 01\nPython\n## STEP 2 - SQL\n- joins\n### Step 07: Deploy\n- docker\n")
    assert [(s.title, s.label) for s in structure.stages] == [
        ("Step 01", "Step 1"), ("STEP 2 - SQL", "Step 2"), ("Step 07: Deploy", "Step 7")]
    assert [s.title for s in structure.following(structure.stages[0])] == ["STEP 2 - SQL", "Step 07: Deploy"]


def test_emoji_prefixed_sections_are_stages_when_nothing_else_is():
    structure = parse("# Data Roadmap\n## 🐍 Python\n- syntax\n## 📊 Statistics\n- tests\n### Extra reading\n- a book\n"
                      "## 🤖 Machine Learning\n- models\n## About the author\nme\n")
    assert [s.title for s in structure.stages] == ["🐍 Python", "📊 Statistics", "🤖 Machine Learning"]
    assert structure.stages[1].topics == ["tests", "a book"] and structure.stages[1].headings == ["Extra reading"]
    assert all(s.group == "main" for s in structure.stages)


def test_named_stages_win_over_every_fallback():
    structure = parse("# R\n## Step 1: Python\n### 1. Basics\n- a\n### 2. Types\n- b\n## Step 2: SQL\n- c\n")
    assert [s.title for s in structure.stages] == ["Step 1: Python", "Step 2: SQL"]


def test_a_single_numbered_heading_is_not_a_sequence():
    structure = parse("# Notes\n## 1. Why this list exists\ntext\n## Tools\n- git\n")
    assert structure.stages == []


def test_time_commitment_lines_become_the_stage_estimate_with_its_section():
    loaded = load_file(ROOT / "corpus" / "aiml-roadmap-2026.txt")
    structure = parse_document(loaded.text, doc_id="aiml", source="corpus/aiml-roadmap-2026.txt",
                               markdown=loaded.markdown, fallback_title="x").structure
    q1 = structure.stages[0]
    assert q1.estimate.text == "4-6 weeks (15-20 hours/week)"
    assert (q1.estimate.hours_low, q1.estimate.hours_high) == (60.0, 120.0)
    assert q1.estimate.section.startswith("Q1 2026: Foundation & Core Concepts")
    markdown = parse("# R\n## Step 1: SQL\n- joins\n**Duration:** 3 weeks (5 hours/week)\n## Step 2: Python\n- x\n")
    assert markdown.stages[0].estimate.hours_low == 15.0 and markdown.stages[1].estimate is None


def test_links_in_html_and_bare_urls_are_found_with_titles():
    structure = parse(
        "# R\n## Step 1: Python\n"
        '<p><a href="https://docs.python.org/3/">Python docs</a> and <img src="x.png" alt="logo"></p>\n'
        "- Free Python course: https://www.coursera.org/learn/python.\n"
        "- Corey Schafer's playlist ([Watch](https://www.youtube.com/playlist?list=PL1))\n"
        "- [![badge](https://img.shields.io/b.svg)](https://discord.gg/abc)\n"
    )
    links = [(l.text, l.url) for l in structure.stages[0].links]
    assert links == [
        ("Python docs", "https://docs.python.org/3/"),
        ("Free Python course", "https://www.coursera.org/learn/python"),
        ("Corey Schafer's playlist", "https://www.youtube.com/playlist?list=PL1"),
        ("badge", "https://discord.gg/abc"),  # the badge image is not a link of its own
    ]


def test_a_day_log_has_one_stage_per_day_whatever_side_the_marker_is_on():
    structure = parse("# 60 Days of Data\n| Day | Task |\n|---|---|\n| Day 1 | Cleaning |\n"
                      "## Data Cleaning | Day 1\n- missing values\n## Day 2: Linear Models\n- least squares\n"
                      "## Trees (Day 3)\n- splits\n## Notes\nfree text\n")
    assert [(s.label, s.group) for s in structure.stages] == [("Day 1", "days"), ("Day 2", "days"), ("Day 3", "days")]
    assert [s.topics for s in structure.stages] == [["missing values"], ["least squares"], ["splits"]]
    assert [s.title for s in structure.following(structure.stages[0])] == ["Day 2: Linear Models", "Trees (Day 3)"]


def test_dotted_numbered_headings_that_count_up_are_stages():
    structure = parse("# Course\n## 1.1 Vectors\n- dot product\n## 1.2 Matrices\n- inverse\n## 2.1 Probability\n- Bayes\n")
    assert [s.title for s in structure.stages] == ["1.1 Vectors", "1.2 Matrices", "2.1 Probability"]


def test_sub_numbered_headings_stay_inside_their_numbered_stage():
    structure = parse("# Course\n## 1. Mathematics\n### 1.1 Vectors\n- dot product\n### 1.2 Matrices\n- inverse\n"
                      "## 2) Programming\n- Python\n")
    assert [s.title for s in structure.stages] == ["1. Mathematics", "2) Programming"]
    assert structure.stages[0].headings == ["1.1 Vectors", "1.2 Matrices"]
    assert structure.stages[0].topics == ["dot product", "inverse"]


def test_numbers_that_do_not_count_up_are_no_sequence():
    structure = parse("# Notes\n## 3. Reasons to learn Rust\ntext\n## 1. Tools\n- cargo\n## 7. Myths\ntext\n")
    assert structure.stages == []


def test_a_curriculum_list_that_links_to_the_sections_makes_those_sections_the_stages():
    structure = parse("## speech-roadmap\nA map of what to study.\n#### Curriculum\n"
                      "1. [Signals and Acoustics](https://github.com/someone/speech#signals--acoustics)\n\n"
                      "2. [Speech Recognition](https://github.com/someone/speech#speech-recognition)\n\n"
                      "## Signals & Acoustics\n- Fourier transform\n## Speech Recognition\n- CTC loss\n"
                      "## Contribution\nPull requests welcome.\n")
    assert [(s.title, s.group) for s in structure.stages] == [
        ("Signals & Acoustics", "Curriculum"), ("Speech Recognition", "Curriculum")]
    assert [s.topics for s in structure.stages] == [["Fourier transform"], ["CTC loss"]]


def test_a_learning_path_list_without_sections_makes_each_item_a_stage():
    structure = parse("# Vision Guide\nIntro.\n## Learning path\n1. Python basics\n   - lists and dicts\n"
                      "2. Image processing with OpenCV\n3. Convolutional networks\n## Community\n- a forum\n")
    assert [s.title for s in structure.stages] == [
        "Python basics", "Image processing with OpenCV", "Convolutional networks"]
    assert structure.stages[0].topics == ["lists and dicts"]
    assert all(s.group == "Learning path" for s in structure.stages)


def test_an_ordered_list_under_any_other_heading_is_no_curriculum():
    structure = parse("# Guide\n## Why learn this\n1. jobs\n2. fun\n3. money\n")
    assert structure.stages == []


def test_a_roadmap_that_says_it_has_no_order_gets_none_invented():
    text = ("# Resource Guide\nThere is no specific order to follow, pick what you like.\n"
            "## 1. Videos\n- a channel\n## 2. Books\n- a book\n## 3. Courses\n- a course\n")
    parsed = parse_document(text, doc_id="g", source="g.md", markdown=True, fallback_title="g")
    assert parsed.structure.stages == []
    assert [s.name for s in parsed.sections] == ["", "1. Videos", "2. Books", "3. Courses"]  # answers come from these
    ordered = parse(text.replace("There is no specific order to follow, pick what you like.", "Go top to bottom."))
    assert len(ordered.stages) == 3


def test_curriculum_items_are_the_stages_when_the_sections_they_name_hold_only_images():
    parsed = parse_document(
        "# Speech\n#### Curriculum\n1. [Signals](https://github.com/someone/speech#signals)\n"
        "2. [Recognition](https://github.com/someone/speech#recognition)\n"
        "## Signals\n![](img/signals.png)\n## Recognition\n![](img/asr.png)\n## Contribution\nPRs welcome.\n",
        doc_id="s", source="s.md", markdown=True, fallback_title="s")
    assert [s.title for s in parsed.structure.stages] == ["Signals", "Recognition"]
    assert [s.lines for s in parsed.sections if s.stage_index is not None] == [["Signals"], ["Recognition"]]
    assert parsed.structure.links == []  # a link to the roadmap's own section is navigation, not a resource

