"""The shared line reader (rag.lines) over real roadmap text: a Markdown table's header and rule rows
are table lines, never list entries or quoted lines; a body row is quoted with its columns' names;
list items keep their depth and ordinal; a fragment split off a sentence is folded back."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.chunking import chunk_document
from ingest.loaders import load_file
from ingest.structure import parse_document
from rag.lines import read_lines
from rag.list_answer import labelled_lists, named_list
from rag.store_records import passage_from_record

GENAI = Path("evals/corpora/dev5/genai-for-beginners/README.md")


def _passages(path: Path):
    loaded = load_file(path)
    parsed = parse_document(loaded.text, doc_id="genai", source=str(path), markdown=loaded.markdown, fallback_title="x")
    count = lambda text: len(text.split()) * 2  # a stand-in for word pieces: only where chunks split matters
    return [passage_from_record(c.id, c.text, c.metadata) for c in chunk_document(parsed, max_tokens=200, count=count,
                                                                                   source_hash="h")]


@pytest.fixture(scope="module")
def lessons():
    passages = [p for p in _passages(GENAI) if any(line.kind == "table_row" for line in read_lines(p.text))]
    assert passages
    return passages


def test_a_table_is_read_as_header_rule_and_rows_with_their_column_names(lessons):
    lines = read_lines(lessons[0].text)
    kinds = [line.kind for line in lines if line.table]
    assert kinds[:3] == ["table_header", "table_rule", "table_row"]
    row = next(line for line in lines if line.kind == "table_row" and line.cells[0] == "01")
    assert row.header == ("", "Lesson Link", "Description", "Additional Learning")
    assert row.quote().startswith("01; Lesson Link: Introduction to Generative AI and LLMs; Description: Learn: ")
    assert "Learn More" not in row.quote()  # the same link in every row tells the rows apart by nothing


def test_a_count_question_over_a_lesson_table_lists_rows_never_the_header_or_rule(lessons):
    found = [found for passage in lessons for found in labelled_lists(passage)]
    entries = [item for found in found for item in found.items]
    assert entries and not any("---" in item or ":--:" in item for item in entries)
    assert not any(item.startswith(("Lesson Link", "| ")) for item in entries)
    best = named_list("how many lessons are there?", lessons, idf={})
    assert best is not None and best.items[0].startswith("00; Lesson Link: Course Setup")


def test_items_keep_depth_and_ordinal_and_split_off_fragments_fold_into_their_sentence():
    lines = read_lines("1. Setup\n   - Python\n2) Prompting\nThese notes accompany the class\nCS231n\n. Feel free to ask.")
    assert [(line.kind, line.text, line.depth, line.ordinal) for line in lines[:3]] == [
        ("item", "Setup", 0, 1), ("item", "Python", 2, None), ("item", "Prompting", 0, 2)]
    assert lines[-1].kind == "prose" and lines[-1].text.endswith("CS231n. Feel free to ask.")


def test_passage_lines_never_give_a_table_rule_and_keep_header_and_rows_as_written(lessons):
    from rag.extractive import passage_lines

    lines = passage_lines(lessons[0], keep_colons=True)
    assert not any(":--:" in line or "---" in line for line in lines)
    assert lines[0] == "|  | Lesson Link | Description | Additional Learning |"
    assert any(line.startswith("| 00 | ") for line in lines)


def test_one_sentence_rule_for_a_catalogue_description_and_a_paid_line():
    """A sentence ends at ". " before a capital, never inside "e.g. numpy" or "v1.2": the catalogue
    description (rag.evidence_floor) and the paid-line reader (rag.stated_cost) split the same way."""
    from rag import evidence_floor, lines, stated_cost
    from rag.models import Passage

    text = "Covers arrays, e.g. numpy v1.2 basics. Then pandas for tables."
    assert lines.SENTENCE.split(text) == ["Covers arrays, e.g. numpy v1.2 basics.", "Then pandas for tables."]
    assert stated_cost.SENTENCE is lines.SENTENCE
    entry = Passage(chunk_id="r", source="corpus/resources.yaml", title="Numpy Course", section="Numpy Course",
                    text="Numpy Course\n" + text, kind="resource")
    assert evidence_floor.description(entry) == "Covers arrays, e.g. numpy v1.2 basics."
