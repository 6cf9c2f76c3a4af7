"""The store: the manifest (meta) collection is persisted as it is written, so a new process never
replays its write log; an index made before that reads as it did and is settled by its next sync."""

from __future__ import annotations

import pytest

import rag.store
from evals.bench.synthetic import SyntheticEmbedder
from ingest.pipeline import sync
from rag.settings import get_settings
from rag.store import IndexStore
from tests.chroma_server import replayed_records

OLD_META_HNSW = {"sync_threshold": 1000, "batch_size": 100}  # Chroma's defaults, what indexes had before


@pytest.fixture(autouse=True)
def synthetic_encoder(monkeypatch):
    import rag.embeddings

    monkeypatch.setattr(rag.embeddings, "Embedder", SyntheticEmbedder)


def write_roadmaps(folder, count: int):
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        steps = "\n".join(f"\n## Step {s}: Topic {number}-{s}\n- Concept {number}.{s} and practice" for s in (1, 2))
        (folder / f"roadmap-{number:02d}.md").write_text(f"# Roadmap {number}\n\nA plan.\n{steps}\n", encoding="utf-8")
    return folder


def snapshot_of(settings) -> tuple[str, dict]:
    store = IndexStore(settings).open_for_read()
    return store.generation(), {k: (e.hash, e.chunk_ids, e.structure) for k, e in store.manifest().items()}


def test_a_new_index_leaves_no_manifest_log_to_replay(tmp_path):
    settings = get_settings(db_dir=tmp_path / "index", embed_batch_size=2)
    corpus = write_roadmaps(tmp_path / "corpus", 6)
    sync([corpus], settings)
    (corpus / "roadmap-00.md").write_text("# Roadmap zero\n\n## Step 1: Changed\n- Something new\n", encoding="utf-8")
    sync([corpus], settings)

    assert replayed_records(tmp_path / "index", f"{settings.collection}_meta") == 0
    generation, manifest = snapshot_of(settings)
    assert generation and len(manifest) == 6 and all(chunk_ids for _, chunk_ids, _ in manifest.values())


def test_an_index_made_before_reads_as_before_and_its_next_sync_settles_it(tmp_path, monkeypatch):
    settings = get_settings(db_dir=tmp_path / "index", embed_batch_size=2)
    corpus = write_roadmaps(tmp_path / "corpus", 5)
    meta = f"{settings.collection}_meta"
    with monkeypatch.context() as old_code:
        old_code.setattr(rag.store, "META_HNSW", OLD_META_HNSW)
        sync([corpus], settings)
    assert replayed_records(tmp_path / "index", meta) == 6  # five sources and the generation: the old layout
    before = snapshot_of(settings)

    # read by this code, the old layout answers the same and a reader writes nothing
    from rag.advisor import Advisor

    advisor = Advisor(settings)
    assert advisor.answer("What comes after Topic 3-1?").citations
    assert replayed_records(tmp_path / "index", meta) == 6

    report = sync([corpus], settings)  # nothing changed: a no-op sync still settles the log
    assert report.unchanged == 5 and report.embedded == 0
    assert replayed_records(tmp_path / "index", meta) == 0
    assert snapshot_of(settings) == before  # same generation: open readers keep their snapshot
    assert Advisor(settings).snapshot.origin == "read"


def test_settling_twice_writes_nothing_more(tmp_path, monkeypatch):
    settings = get_settings(db_dir=tmp_path / "index", embed_batch_size=2)
    with monkeypatch.context() as old_code:
        old_code.setattr(rag.store, "META_HNSW", OLD_META_HNSW)
        sync([write_roadmaps(tmp_path / "corpus", 2)], settings)
    store = IndexStore(settings).open_for_read()
    store.settle()
    writes = []
    monkeypatch.setattr(store.meta, "upsert", lambda *a, **k: writes.append(k))
    store.settle()
    IndexStore(settings).open_for_read().settle()
    assert writes == [] and replayed_records(tmp_path / "index", f"{settings.collection}_meta") == 0
