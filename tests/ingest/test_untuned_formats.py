"""Roadmaps in shapes nobody tuned for: a PDF with no title of its own, plain text whose headings are
"Part B: SQL Essentials" lines over paragraphs, a custom reST
directive that carries its text in options (PyTorch Lightning's "Level up" page, Apache-2.0, licence
beside it), and a table longer than one chunk. Each test asserts what a user relies on: the title,
the heading, the column names beside a row, an answer that quotes the right line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.chunking import chunk_document
from ingest.loaders import load_file
from ingest.naming import fallback_title
from ingest.structure import parse_document
from rag.settings import get_settings
from tests.ingest.pdf_factory import Block, Page, build_pdf
from tests.roadmap_index import roadmap_advisor

STYLES = Path(__file__).resolve().parent / "user_styles"
LEVELS = STYLES / "real" / "lightning-levels" / "expertise_levels.rst"


def parse(path: Path, key: str | None = None):
    loaded = load_file(path)
    key = key or path.name
    return loaded, parse_document(loaded.text, doc_id=path.stem, source=key, markdown=loaded.markdown,
                                  fallback_title=fallback_title(key, loaded.text))


def untitled_pdf(path: Path) -> Path:
    """Like a Markdown plan printed to PDF whose emoji headings lost their glyphs: a small "Goal:"
    heading and its paragraph come first, the timeline is set largest, the stages below it."""
    stages = [("Stage 1: Spreadsheets and Statistics (2 weeks)", "Descriptive statistics in spreadsheets"),
              ("Stage 2: SQL Queries (3 weeks)", "Joins, grouping and window functions"),
              ("Stage 3: Dashboards (3 weeks)", "A weekly dashboard in a BI tool")]
    blocks = [Block("Goal:", 12, True),
              Block("Work as a junior data analyst, with the skills expected from a 2 years experienced candidate."),
              Block("Suggested Timeline: 8 to 10 weeks (self-paced)", 20, True)]
    for title, topic in stages:
        blocks += [Block(title, 15, True), Block(topic, bullet="▪")]
    return build_pdf(path, [Page(blocks=blocks)], furniture=False)


# -- titles ----------------------------------------------------------------------------------
def test_a_pdf_with_no_title_is_named_after_its_file_not_its_timeline(tmp_path):
    folder = tmp_path / "analyst-prep"
    folder.mkdir()
    _, parsed = parse(untitled_pdf(folder / "analyst-prep.pdf"), "corpus/analyst-prep/analyst-prep.pdf")
    assert parsed.structure.title == "Analyst Prep"
    assert [s.title for s in parsed.structure.stages][:2] == [
        "Stage 1: Spreadsheets and Statistics (2 weeks)", "Stage 2: SQL Queries (3 weeks)"]
    # the timeline is no title, but what it says is kept as text of its own
    timeline = next(s for s in parsed.sections if s.name.startswith("Suggested Timeline"))
    assert timeline.lines == ["Suggested Timeline: 8 to 10 weeks (self-paced)"]


def test_a_title_above_badges_and_html_is_still_the_title(tmp_path):
    page = tmp_path / "README.md"
    page.write_text('<p align="center"><img src="logo.png"></p>\n\n[![Stars](https://img.shields.io/x.svg)](https://x.org)\n\n'
                    "# Robotics Study Path\n\nA path through robot learning.\n\n## Stage 1: Kinematics\n\n- Frames\n",
                    encoding="utf-8")
    assert parse(page, "corpus/robotics/README.md")[1].structure.title == "Robotics Study Path"


@pytest.mark.parametrize("opening, title", [
    ("> **Note:** this repo is updated monthly with new courses and links.\n\n", "ML Engineer Roadmap"),
    ('<p align="center"><b>A curated roadmap to data science, from statistics to deployment</b></p>\n\n',
     "Data Science Roadmap"),
    ("---\ntitle: dl-guide\ndescription: A guide to deep learning for software engineers\n---\n\n",
     "Deep Learning Guide"),
])
def test_a_markdown_readmes_own_heading_is_its_title_below_a_note_tagline_or_front_matter(tmp_path, opening, title):
    """A note, a centred tagline or front matter above the '# Title' of a README is no body text the
    title names a part of: only a PDF's large line below its opening prose is not the title."""
    page = tmp_path / "README.md"
    page.write_text(f"{opening}# {title}\n\nWhat to learn, in order.\n\n## Stage 1: Foundations\n\n- Python\n",
                    encoding="utf-8")
    assert parse(page, "corpus/some-path/README.md")[1].structure.title == title


# -- plain text ------------------------------------------------------------------------------
def test_plain_text_part_lines_over_paragraphs_are_headings_and_field_lines_are_not():
    _, parsed = parse(STYLES / "sql-analyst-plan.txt")
    assert parsed.structure.title == "SQL for Analysts: A Study Plan"
    names = [s.name for s in parsed.sections]
    assert names[1:] == ["Part A: Spreadsheet Foundations", "Part B: SQL Essentials", "Part C: Dashboards and Reporting"]
    part_a = parsed.sections[1].lines
    assert "Time Commitment: 2 weeks (4 hours/week)" in part_a and any(l.startswith("Why:") for l in part_a)
    assert any("join the orders table" in line for line in parsed.sections[2].lines)


# -- reStructuredText ------------------------------------------------------------------------
def test_a_custom_directive_keeps_every_level_its_options_name():
    loaded, parsed = parse(LEVELS)
    headers = re.findall(r":header: (Level \d+: .+)", LEVELS.read_text(encoding="utf-8"))
    assert len(headers) == 25  # 1 to 27; Level 8 and Level 25 are not on the page
    text = "\n".join(line for section in parsed.sections for line in section.lines)
    for header in headers:
        assert header in text
    assert "- **Level 6: Predict with your model**: Use your model for predictions." in loaded.text  # header first
    assert ":orphan:" not in loaded.text and "col-md-6" not in loaded.text
    assert parsed.structure.title == "Level up"


# -- tables ----------------------------------------------------------------------------------
def test_every_chunk_of_a_split_table_carries_its_column_names():
    from rag.embeddings import TokenCounter

    rows = "\n".join(f"| tool{n} | Tool number {n} is used for a longer list of jobs described in this cell | "
                     f"{n * 5} dollars |" for n in range(1, 31))
    text = f"# Tools\n\nThe tools we use.\n\n## Tool list\n\n| Tool | What it is for | Price |\n| --- | --- | --- |\n{rows}\n"
    parsed = parse_document(text, doc_id="t", source="t.md", markdown=True, fallback_title="T")
    assert not parsed.structure.stages
    counter = TokenCounter(get_settings().embedding_model)
    chunks = chunk_document(parsed, max_tokens=128, count=counter.count, source_hash="h")
    holding_rows = [c for c in chunks if re.search(r"^\| tool\d+ \|", c.body, re.M)]
    assert len(holding_rows) >= 3
    for chunk in holding_rows:
        assert "| Tool | What it is for | Price |" in chunk.text
        assert counter.count(chunk.text) <= 128
    assert "| tool30 | Tool number 30" in holding_rows[-1].body


# -- answers ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def advisor(tmp_path_factory):
    root = tmp_path_factory.mktemp("untuned")
    (root / "corpus" / "analyst-prep").mkdir(parents=True)
    untitled_pdf(root / "corpus" / "analyst-prep" / "analyst-prep.pdf")
    return roadmap_advisor(root, {"sql-analyst-plan.txt": (STYLES / "sql-analyst-plan.txt").read_text(encoding="utf-8")})


def test_the_whole_plans_time_is_its_timeline_not_the_experience_it_aims_at(advisor):
    answer = advisor.answer("How long does the Analyst Prep plan take in total?")
    assert "8 to 10 weeks" in answer.answer
    assert "2 years" not in answer.answer
    assert any("Suggested Timeline" in c.section for c in answer.citations)


def test_a_refusal_names_the_roadmaps_by_their_names(advisor):
    answer = advisor.answer("How do I become a commercial airline pilot?")
    assert not answer.answerable
    assert "Analyst Prep" in answer.answer and "Suggested Timeline" not in answer.answer


def test_a_part_of_a_plain_text_plan_is_answered_from_its_own_section(advisor):
    answer = advisor.answer("What does Part B: SQL Essentials of the SQL for Analysts plan cover?")
    assert answer.answerable
    assert any(c.section.endswith("Part B: SQL Essentials") for c in answer.citations)
    assert "GROUP BY" in answer.answer or "join" in answer.answer.lower()
