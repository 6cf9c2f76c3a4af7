"""Curricula written as tables are read as ordered stages (with their group column); tables that
compare tools, list prices or rank things are not. Documents under tests/ingest/tables/ were
written for these tests."""

from __future__ import annotations

from pathlib import Path

from ingest.loaders import load_file
from ingest.structure import parse_document

TABLES = Path(__file__).resolve().parent / "tables"


def parse(name: str):
    loaded = load_file(TABLES / name)
    return parse_document(loaded.text, doc_id=Path(name).stem, source=name, markdown=loaded.markdown,
                          fallback_title="Fallback")


def test_a_week_column_makes_each_row_a_stage_named_by_its_theme_in_order():
    stages = parse("week-course.md").structure.stages
    assert [s.title for s in stages] == ["Points of sail", "Trimming the sails", "Tacking and gybing",
                                         "Reading the wind", "Right of way", "Heavy weather"]
    assert [s.label for s in stages[:2]] == ["Week 1", "Week 2"]
    assert {s.group for s in stages} == {"Schedule"}
    assert all(s.estimate is None for s in stages)  # "Week: 3" is a place in the order, not a duration


def test_a_lesson_table_groups_its_rows_by_its_group_column_and_tells_repeated_topics_apart():
    parsed = parse("grouped-lessons.md")
    stages = parsed.structure.stages
    assert [s.group for s in stages] == ["Basics", "Basics", "Shaping", "Shaping", "Shaping", "Laminated doughs", "In the wild"]
    assert stages[2].title.startswith("Country loaf") and stages[2].title.endswith("Shape a boule")
    assert stages[3].title.endswith("Score and bake a boule")
    assert stages[0].label == "Lesson 1" and stages[-1].label == ""  # the "Postscript" row has no number
    assert stages[-1].title == "Running a bakery"
    # the bullets above the table describe every lesson: no row takes them as its own topics
    assert not any("warm-up quiz" in t for s in stages for t in s.topics)
    sections = {s.name: s.lines for s in parsed.sections}
    assert "Shaping > Baguettes" in sections  # the groups, not the heading above the table, hold the rows
    assert sections["Basics > Yeast"] == [  # one row, one line, as the table has it; HTML list markup dropped
        "Lesson Number: 02; Topic: Yeast; Lesson Grouping: Basics; Objectives: Feed a starter; Author: Ana Bo"]
    assert "Each lesson includes" in sections  # the list under the heading stays its own section


def test_rows_the_text_says_to_take_in_order_are_stages_and_a_gear_table_is_not():
    stages = parse("ordered-path.md").structure.stages
    assert [s.title for s in stages] == ["Binocular basics", "Common garden birds", "Birdsong", "Field notes"]
    assert not any("binoculars" in s.title.lower() and s.title != "Binocular basics" for s in stages)


def test_tables_that_compare_price_or_rank_things_are_no_stages():
    parsed = parse("not-curricula.md")
    assert parsed.structure.stages == []
    text = "\n".join(line for s in parsed.sections for line in s.lines)
    assert "Beta Search" in text and "$49" in text  # still content, answerable as facts


def test_an_html_table_curriculum_reads_like_a_markdown_one_and_its_price_table_stays_content():
    loaded = load_file(TABLES / "bootcamp.html")
    assert "| Session | Block | Title |" in loaded.text
    parsed = parse("bootcamp.html")
    assert [(s.group, s.title) for s in parsed.structure.stages] == [
        ("Hand building", "Pinch pots"), ("Hand building", "Coil pots"), ("The wheel", "Centering clay"),
        ("The wheel", "Throwing a cylinder"), ("Finishing", "Glazing and firing")]
    assert any("$180" in line for s in parsed.sections for line in s.lines)


def test_named_steps_win_over_a_table_in_the_same_roadmap(tmp_path):
    doc = tmp_path / "steps.md"
    doc.write_text("# Kayak Roadmap\n\n## Step 1: Paddling\n\n- forward stroke\n\n## Step 2: Rescues\n\n- wet exit\n\n"
                   "## Schedule ideas\n\n| Week | Theme |\n| --- | --- |\n| 1 | Flat water |\n| 2 | Surf |\n| 3 | Rivers |\n",
                   encoding="utf-8")
    loaded = load_file(doc)
    stages = parse_document(loaded.text, doc_id="k", source="steps.md", markdown=True, fallback_title="K").structure.stages
    assert [s.title for s in stages] == ["Step 1: Paddling", "Step 2: Rescues"]


def test_a_generic_link_in_a_curriculum_row_is_named_by_the_row():
    """"Go to slides" in a row read as `Column: value` pairs takes the row's name, as in a piped row:
    a resource list must not show "Section: ; What does it cover?: ..." as a title."""
    from ingest.links import link_title

    url = "https://example.org/slides/06_transfer_learning.pdf"
    row = (f"Section: [06 - Transfer Learning](https://example.org/06/); What does it cover?: Adjust a pre-trained "
           f"model; Slides: [Go to slides]({url})")
    piped = f"| [06 - Transfer Learning](https://example.org/06/) | Adjust a pre-trained model | [Go to slides]({url}) |"
    assert link_title("Go to slides", row, "Course materials", url) == "06 - Transfer Learning"
    assert link_title("Go to slides", piped, "Course materials", url) == "06 - Transfer Learning"
