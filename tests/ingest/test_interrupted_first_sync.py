"""kill -9 during the first sync of a new index: running the same sync again finishes the job.

A first sync creates the index's collections before it stores any passage, so a kill before the
first batch is stored leaves an index that exists and holds nothing. That state must be resumed by
the next sync (of `advisor ingest`, of `advisor eval`'s per-corpus index, of the UI), never refused.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.pipeline import sync
from rag.errors import IndexMissingError
from rag.settings import get_settings
from rag.store import IndexStore
from tests.ingest.test_crash import WORKER  # the same real sync, killed at a progress event
from tests.roadmap_index import write_roadmaps

ROOT = Path(__file__).resolve().parents[2]


ROADMAPS = {
    "ml.md": "# Machine Learning Roadmap\n## Step 1: Python\n- Variables and loops\n## Step 2: Statistics\n"
             "- Probability and distributions\n## Step 3: PyTorch\n- Tensors and autograd\n",
    "data.md": "# Data Engineering Roadmap\n## Step 1: SQL\n- Joins and window functions\n## Step 2: Airflow\n"
               "- Scheduling pipelines\n",
}


def big_roadmap(steps: int) -> str:
    parts = ["# Synthetic Roadmap"]
    for n in range(1, steps + 1):
        parts.append(f"## Step {n}: Topic number {n}\n### What to Learn?\n- Concept {n} alpha and beta\n- Practice {n} gamma")
    return "\n".join(parts) + "\n"


def corpus_of(tmp_path: Path, extra: dict[str, str] | None = None) -> Path:
    return write_roadmaps(tmp_path / "corpus", {**ROADMAPS, **(extra or {})})


def kill_at_first_progress(corpus: Path, db: Path, *, after_embedded: int = 0) -> int:
    """Run a sync in another process and SIGKILL it at its first progress event with at least
    `after_embedded` passages stored; returns that count (no clock: the kill waits on the event)."""
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(corpus), str(db)], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True,
    )
    killed_at = None
    for line in worker.stdout:
        parts = line.split()
        if parts[:1] == ["embed"] and int(parts[1]) >= after_embedded:
            os.killpg(worker.pid, signal.SIGKILL)
            killed_at = int(parts[1])
            break
    worker.wait(timeout=60)
    assert killed_at is not None, "the worker finished before it could be killed"
    return killed_at


def assert_complete(db: Path, names: set[str]) -> None:
    """Every file is recorded, every recorded passage is stored, and a question gets a grounded answer."""
    from rag.advisor import Advisor

    store = IndexStore(get_settings(db_dir=db)).open_for_read()
    manifest = store.manifest()
    assert {Path(key).name for key in manifest} == names
    stored = set(store.chunks.get(include=[])["ids"])
    for key, entry in manifest.items():
        assert entry.chunk_ids and set(entry.chunk_ids) <= stored, key
        assert set(store.ids_for_source(key)) == set(entry.chunk_ids), key
    answer = Advisor(get_settings(db_dir=db)).answer("What comes after Statistics in the machine learning roadmap?")
    assert answer.answerable and answer.citations
    assert "PyTorch" in answer.answer


@pytest.mark.slow
def test_a_first_sync_killed_before_it_stored_anything_is_redone_by_the_same_command(tmp_path):
    corpus, db = corpus_of(tmp_path), tmp_path / "index"
    kill_at_first_progress(corpus, db)
    settings = get_settings(db_dir=db)
    store = IndexStore(settings)
    assert store.exists() and store.open_for_write().count() == 0  # the state the kill left: made, empty

    report = sync([corpus], settings)

    assert report.added == len(ROADMAPS) and report.chunks > 0 and not report.skipped
    assert_complete(db, set(ROADMAPS))
    again = sync([corpus], settings)  # and it is then an ordinary, finished index
    assert again.unchanged == len(ROADMAPS) and again.embedded == 0 and again.chunks == report.chunks


@pytest.mark.slow
def test_a_first_sync_killed_after_storing_some_passages_is_finished_without_reencoding_them(tmp_path):
    # one source of ~120 passages: recorded only after all of them are stored, so a kill at the
    # first stored batch always lands before its record
    corpus, db = corpus_of(tmp_path, {"big.md": big_roadmap(120)}), tmp_path / "index"
    kill_at_first_progress(corpus, db, after_embedded=1)
    settings = get_settings(db_dir=db)

    report = sync([corpus], settings)

    assert report.added + report.unchanged == len(ROADMAPS) + 1
    assert report.embedded < report.chunks  # passages stored before the kill were kept
    assert_complete(db, set(ROADMAPS) | {"big.md"})


def test_a_second_sync_of_an_empty_corpus_succeeds_and_a_corpus_added_later_is_indexed(tmp_path):
    """An index left empty because the corpus was empty is synced again, not refused: the user adds
    roadmaps and runs the same command."""
    corpus, db = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    settings = get_settings(db_dir=db)
    assert sync([corpus], settings).chunks == 0
    assert sync([corpus], settings).chunks == 0  # the same command again: no error

    with pytest.raises(IndexMissingError) as raised:  # asking says what to do, deleting nothing
        IndexStore(settings).open_for_read()
    message = str(raised.value)
    assert "holds no passages" in message and f"advisor ingest --db {db} <folder of its roadmaps>" in message
    assert not any(word in message for word in ("rm ", "--rebuild", "delete", "remove"))

    for name, text in ROADMAPS.items():
        (corpus / name).write_text(text)
    assert sync([corpus], settings).added == len(ROADMAPS)
    assert_complete(db, set(ROADMAPS))


def test_an_empty_index_names_the_command_that_fills_it_from_its_own_roadmaps(tmp_path, monkeypatch):
    """The default index is filled from the default corpus by a bare `advisor ingest`; any other index
    (an eval's, one per corpus) is asked for its own folder, never told to take the default corpus."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    for db, command in ((Path(".advisor/index"), "then run: advisor ingest"),
                        (tmp_path / "eval-indexes" / "dev5", f"advisor ingest --db {tmp_path / 'eval-indexes' / 'dev5'} "
                                                             "<folder of its roadmaps>")):
        settings = get_settings(db_dir=db, state_dir=tmp_path / "state")
        assert sync([tmp_path / "empty"], settings).chunks == 0
        with pytest.raises(IndexMissingError) as raised:
            IndexStore(settings).open_for_read()
        message = str(raised.value)
        assert "holds no passages" in message and command in message, message
        assert not any(word in message for word in ("rm ", "--rebuild", "delete"))
    assert message.endswith("(without a folder it indexes the default corpus, corpus)")
