"""kill -9 in the middle of an ingest: the previous index stays usable and the next run completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ingest.pipeline import sync
from rag.settings import get_settings
from rag.store import IndexStore

ROOT = Path(__file__).resolve().parents[2]

WORKER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from ingest.pipeline import sync
    from rag.settings import get_settings

    def progress(stage, done, total):
        print(f"{stage} {done} {total}", flush=True)

    sync([Path(sys.argv[1])], get_settings(db_dir=sys.argv[2], embed_batch_size=4), progress=progress)
    print("finished", flush=True)
    """
)


def big_roadmap(steps: int) -> str:
    parts = ["# Synthetic Roadmap"]
    for n in range(1, steps + 1):
        parts.append(f"## Step {n}: Topic number {n}\n### What to Learn?\n- Concept {n} alpha and beta\n- Practice {n} gamma")
    return "\n".join(parts) + "\n"


@pytest.mark.slow
def test_kill_during_ingest_leaves_a_usable_index_that_the_next_run_completes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "small.md").write_text("# Small\n## Step 1: Python\n- Variables\n## Step 2: SQL\n- Joins\n")
    db = tmp_path / "index"
    settings = get_settings(db_dir=db)
    before = sync([corpus], settings)

    (corpus / "big.md").write_text(big_roadmap(120))
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(corpus), str(db)], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True,
    )
    killed_at = None
    deadline = time.monotonic() + 240
    for line in worker.stdout:
        parts = line.split()
        if parts[:1] == ["embed"] and int(parts[1]) >= 40:
            os.killpg(worker.pid, signal.SIGKILL)
            killed_at = int(parts[1])
            break
        assert time.monotonic() < deadline, "ingest never got going"
    worker.wait(timeout=30)
    assert killed_at is not None, "the worker finished before it could be killed"

    # The previous index is still readable and still answers for the old source.
    store = IndexStore(settings).open_for_read()
    manifest = store.manifest()
    assert any(key.endswith("small.md") for key in manifest)
    assert not any(key.endswith("big.md") for key in manifest)  # never half-recorded
    assert store.ids_for_source(next(k for k in manifest if k.endswith("small.md")))

    resumed = sync([corpus], settings)
    assert resumed.added == 1 and resumed.unchanged == 1
    assert resumed.embedded < resumed.chunks  # passages upserted before the kill were kept
    fresh = sync([corpus], get_settings(db_dir=tmp_path / "fresh"))
    final_ids = set(IndexStore(settings).open_for_read().chunks.get(include=[])["ids"])
    fresh_ids = set(IndexStore(get_settings(db_dir=tmp_path / "fresh")).open_for_read().chunks.get(include=[])["ids"])
    assert final_ids == fresh_ids and resumed.chunks == fresh.chunks > before.chunks
