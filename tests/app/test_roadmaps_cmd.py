"""`advisor roadmaps` and the UI's index panel: each roadmap in the index with its stages in order."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from app.index_panel import stage_table
from app.roadmaps_cmd import overview
from rag.settings import get_settings
from tests.roadmap_index import index_roadmaps

COURSES = """# Data Engineering Path

## Foundations

Courses | Duration | Effort | Prerequisites
:-- | :--: | :--: | :--:
[Intro to SQL](https://www.coursera.org/learn/sql) | 4 weeks | 5-6 hours/week | none
[Python \\| Data](https://www.edx.org/learn/python) | 6 weeks | - | Intro to SQL

## Community

- [Discord](https://discord.gg/abc)
"""


@pytest.fixture
def index(tmp_path):
    return index_roadmaps(tmp_path, {"README.md": COURSES}, corpus="paths/data-engineering").db_dir


def test_roadmaps_json_lists_each_roadmap_with_its_stages(index, capsys):
    assert main(["roadmaps", "--db", str(index), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    [roadmap] = data["roadmaps"]
    assert set(roadmap) == {"title", "source", "doc_id", "stages", "resources"}
    assert roadmap["title"] == "Data Engineering Path" and roadmap["doc_id"] == "data-engineering"
    assert roadmap["source"].endswith("data-engineering/README.md")
    assert roadmap["resources"] == 2  # two courses; the Discord link is not a learning resource
    first, second = roadmap["stages"]
    assert set(first) == {"title", "index", "group", "topics", "links", "estimate"}
    assert (first["title"], first["index"], first["group"], first["links"]) == ("Intro to SQL", 0, "Foundations", 1)
    assert first["estimate"] == {"text": "4 weeks, 5-6 hours/week", "hours_low": 20.0, "hours_high": 24.0,
                                 "section": "Foundations > Intro to SQL"}
    assert second["estimate"]["text"] == "6 weeks" and second["estimate"]["hours_low"] is None


def test_roadmaps_text_shows_stages_in_order_with_estimates(index, capsys):
    assert main(["roadmaps", "--db", str(index)]) == 0
    out = capsys.readouterr().out
    assert "Data Engineering Path" in out and "2 stages · 2 resources" in out
    assert out.index("Intro to SQL") < out.index("[Foundations]") + 200
    assert "4 weeks, 5-6 hours/week (~20-24 h)" in out


def test_roadmaps_on_a_missing_index_says_how_to_build_it(tmp_path, capsys):
    assert main(["roadmaps", "--db", str(tmp_path / "none")]) != 0
    err = capsys.readouterr().err
    assert "advisor ingest" in err and "--rebuild" not in err


def test_the_index_panel_table_is_inert_text(index):
    from rag.store import IndexStore

    [row] = overview(IndexStore(get_settings(db_dir=index)).open_for_read().structures())
    table = stage_table(row)
    assert table.splitlines()[0] == "| # | Stage | Group | Topics | Links | Time |"
    assert r"| 0 | Intro to SQL | Foundations | 0 | 1 | 4 weeks, 5\-6 hours/week \(\~20\-24 h\) |" in table
    assert r"| 1 | Python \| Data | Foundations |" in table  # a pipe in a title stays in its cell
    assert len(table.splitlines()) == 2 + len(row.stages)
    row.stages[0].title = "<b>x</b> | [y](javascript:alert(1))"
    cell = stage_table(row).splitlines()[2].split(" | ")[1]
    assert "<b>" not in cell and "](javascript" not in cell


def test_the_sidebar_lists_the_same_roadmaps_as_the_command(app, corpus_index):
    from rag.store import IndexStore

    rows = overview(IndexStore(get_settings(db_dir=corpus_index)).open_for_read().structures())
    labels = [e.label for e in app.sidebar.expander]
    for row in rows:
        assert f"{row.title} · {len(row.stages)} stages" in [label.replace("\\", "") for label in labels]
    tables = [m.value for m in app.sidebar.markdown if m.value.startswith("| # | Stage |")]
    assert len(tables) == len(rows), [m.value[:80] for m in app.sidebar.markdown]
    assert any("Natural Language Processing" in t and "Step 10" in t for t in tables), tables


def test_a_roadmap_without_order_is_listed_with_its_resources_and_says_where_answers_come_from(tmp_path, capsys):
    guide = ("# ML Resource Guide\nThere is no specific order to follow.\n## 1. Videos\n"
             "- [Neural Networks series](https://www.youtube.com/playlist?list=PLnn)\n## 2. Books\n"
             "- [Deep Learning Book](https://www.deeplearningbook.org/)\n")
    db = index_roadmaps(tmp_path, {"README.md": guide}, corpus="guide").db_dir
    assert main(["roadmaps", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "ML Resource Guide" in out and "0 stages · 2 resources" in out
    assert "questions are answered from its sections" in out and "a plan takes its top-level sections" in out
