"""Sync is idempotent, incremental, skips bad files with reasons, and guards the embedding model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.pipeline import sync
from rag.errors import ModelMismatchError
from rag.settings import get_settings
from rag.store import IndexStore

ROOT = Path(__file__).resolve().parents[2]

ALPHA = """# Alpha Roadmap
## Step 1: Python
### What to Learn?
- Variables, loops and functions
## Step 2: SQL
### What to Learn?
- Joins and window functions
### Resources
- [SQL course](https://example.org/sql)
"""
BETA = """Beta Plan for Learners
A short plan.
Q1 2026: Basics
- Linear algebra and statistics
Q2 2026: Models
- PyTorch and training loops
"""


@pytest.fixture
def mini(tmp_path) -> Path:
    folder = tmp_path / "roadmaps"
    folder.mkdir()
    (folder / "alpha.md").write_text(ALPHA, encoding="utf-8")
    (folder / "beta.txt").write_text(BETA, encoding="utf-8")
    return folder


@pytest.fixture
def settings(tmp_path):
    return get_settings(db_dir=tmp_path / "index", state_dir=tmp_path / "state")


def stored_ids(settings) -> set[str]:
    store = IndexStore(settings).open_for_read()
    return set(store.chunks.get(include=[])["ids"])


def test_first_sync_indexes_everything(mini, settings):
    report = sync([mini], settings)
    assert (report.documents, report.added, report.removed, report.unchanged) == (2, 2, 0, 0)
    assert report.embedded == report.chunks > 0
    structures = {s.title: s for s in IndexStore(settings).open_for_read().structures()}
    assert [s.title for s in structures["Alpha Roadmap"].stages] == ["Step 1: Python", "Step 2: SQL"]


def test_second_sync_embeds_nothing_and_never_loads_the_model(mini, settings, monkeypatch):
    first = sync([mini], settings)
    from rag import embeddings

    def refuse(self):
        raise AssertionError("the embedding model must not load on a no-op sync")

    monkeypatch.setattr(embeddings.Embedder, "_load", refuse)
    monkeypatch.setattr(embeddings, "TokenCounter", lambda *_: (_ for _ in ()).throw(AssertionError("no parsing")))
    second = sync([mini], settings)
    assert (second.embedded, second.added, second.updated, second.unchanged) == (0, 0, 0, 2)
    assert second.chunks == first.chunks


def test_changed_file_reembeds_only_its_new_passages(mini, settings):
    first = sync([mini], settings)
    before = stored_ids(settings)
    (mini / "alpha.md").write_text(ALPHA.replace("Joins and window functions", "Joins, CTEs and indexes"))
    report = sync([mini], settings)
    assert (report.updated, report.unchanged, report.added) == (1, 1, 0)
    assert report.embedded == 1  # only the edited section is new
    after = stored_ids(settings)
    assert len(after) == first.chunks and len(before - after) == 1
    store = IndexStore(settings).open_for_read()
    texts = " ".join(store.chunks.get(include=["documents"])["documents"])
    assert "CTEs" in texts and "window functions" not in texts


def test_deleted_file_is_removed_with_its_passages(mini, settings):
    sync([mini], settings)
    (mini / "beta.txt").unlink()
    report = sync([mini], settings)
    assert (report.removed, report.documents) == (1, 1)
    store = IndexStore(settings).open_for_read()
    assert not store.ids_for_source(next(s for s in store.manifest()) .replace("alpha.md", "beta.txt"))
    assert all("beta" not in m["source"] for m in store.chunks.get(include=["metadatas"])["metadatas"])


def test_bad_files_are_skipped_with_reasons_and_the_run_goes_on(mini, settings):
    (mini / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    (mini / "empty.txt").write_bytes(b"")
    (mini / "broken.pdf").write_bytes(b"%PDF-1.4 nothing here")
    (mini / "copy-of-alpha.md").write_text(ALPHA, encoding="utf-8")
    report = sync([mini], settings)
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert "binary" in reasons["image.md"]
    assert "empty" in reasons["empty.txt"]
    assert "PDF" in reasons["broken.pdf"]
    assert "identical content" in reasons["copy-of-alpha.md"] or "identical content" in reasons.get("alpha.md", "")
    assert report.documents == 2


def test_a_file_that_breaks_keeps_its_previous_passages(mini, settings):
    first = sync([mini], settings)
    (mini / "beta.txt").write_bytes(b"\x00\x01\x02 corrupted")
    report = sync([mini], settings)
    assert any(Path(s.path).name == "beta.txt" for s in report.skipped)
    assert report.removed == 0 and report.chunks == first.chunks


def test_rebuild_starts_over(mini, settings):
    first = sync([mini], settings)
    report = sync([mini], settings, rebuild=True)
    assert report.added == 2 and report.embedded == first.chunks


def test_an_index_built_with_another_model_is_a_clear_error(mini, settings, tmp_path):
    sync([mini], settings)
    other = get_settings(db_dir=settings.db_dir, state_dir=settings.state_dir, embedding_model="intfloat/e5-small-v2")
    with pytest.raises(ModelMismatchError, match=f"ADVISOR_EMBEDDING_MODEL=.*--db {settings.db_dir}-new"):
        IndexStore(other).open_for_read()
    with pytest.raises(ModelMismatchError):
        sync([mini], other)


def test_cli_ingest_json_prints_exactly_one_object(mini, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "ingest", str(mini), "--db", str(tmp_path / "cli-index"), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert set(data) >= {"documents", "chunks", "added", "updated", "removed", "unchanged", "embedded", "resources", "seconds"}
    assert data["documents"] == 2 and data["embedded"] == data["chunks"]


def test_cli_ingest_missing_folder_is_a_clear_error(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "i")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2 and "does not exist" in result.stderr
