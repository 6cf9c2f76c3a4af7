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
