"""evals.dataset: the project's dataset is valid and complete; malformed files fail with a line number."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from evals.dataset import KNOWN_KINDS, DatasetError, EvalItem, default_datasets, load_dataset, load_datasets

ROOT = Path(__file__).resolve().parents[2]


def test_project_dataset_covers_every_kind():
    items = load_datasets()
    kinds = Counter(i.kind for i in items)
    assert len(items) >= 40
    assert set(KNOWN_KINDS) <= set(kinds), kinds
    assert all(not i.answerable for i in items if i.kind in {"out-of-scope", "injection"})
    assert all(i.answerable and i.cite and i.mention for i in items if i.kind not in {"out-of-scope", "injection"})
    assert all(len(i.turns) >= 2 for i in items if i.kind == "follow-up")


def test_every_cite_string_is_in_the_corpus():
    """A cite group that no passage could ever meet would make recall fail for nothing."""
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "corpus").iterdir() if p.suffix in {".md", ".txt"}).lower()
    missing = [(i.id, s) for i in load_datasets() for g in i.cite for s in g if s.lower() not in corpus]
    assert not missing


def test_default_datasets_are_the_jsonl_files():
    assert [p.name for p in default_datasets()] == sorted(p.name for p in (ROOT / "evals" / "datasets").glob("*.jsonl"))


def test_the_scored_turn_is_the_last():
    item = EvalItem(id="x", kind="follow-up", turns=["a?", "b?"], cite=[["A"]], mention=[["b"]], answerable=True)
    assert item.question == "b?" and item.history_turns == ["a?"]


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "one JSON object"),
        ('{"id": "x", "kind": "fact", "turns": [], "answerable": true}', "turns"),
        ('{"id": "x", "kind": "fact", "turns": ["q"], "cite": [[]], "answerable": true}', "non-empty list"),
        ('{"id": "x", "kind": "fact", "turns": ["q"], "answerable": "yes please"}', "answerable"),
        ('{"id": "x", "kind": "oos", "turns": ["q"], "cite": [["A"]], "answerable": false}', "unanswerable"),
        ('{"id": "x", "kind": "fact", "turns": ["q"], "answerable": true, "extra": 1}', "extra"),
    ],
)
def test_bad_lines_name_file_line_and_problem(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    good = json.dumps({"id": "ok", "kind": "fact", "turns": ["q"], "answerable": True})
    path.write_text(good + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(DatasetError) as err:
        load_dataset(path)
    assert f"{path}:2:" in str(err.value) and message in str(err.value)


def test_duplicate_ids_across_files_and_empty_files_are_errors(tmp_path):
    row = json.dumps({"id": "same", "kind": "fact", "turns": ["q"], "answerable": True})
    (tmp_path / "a.jsonl").write_text(row + "\n")
    (tmp_path / "b.jsonl").write_text(row + "\n")
    (tmp_path / "empty.jsonl").write_text("\n\n")
    with pytest.raises(DatasetError, match="appears twice"):
        load_datasets([tmp_path / "a.jsonl", tmp_path / "b.jsonl"])
    with pytest.raises(DatasetError, match="no questions"):
        load_dataset(tmp_path / "empty.jsonl")
    with pytest.raises(DatasetError, match="Cannot read"):
        load_dataset(tmp_path / "missing.jsonl")
