"""Sync streams: the new passages of several sources are encoded together in full batches, memory
holds a bounded number of passages whatever the corpus size, a crash mid-run keeps what was
recorded, and every source is still recorded in order (upsert, stale delete, manifest).

The encoder here is the synthetic one (deterministic random unit vectors): these tests are about
what sync asks of the encoder and the store, not about the vectors.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import ingest.sync_planner as planner
from evals.bench.synthetic import SyntheticEmbedder
from ingest.catalogue import load_catalogue
from ingest.loaders import UnreadableSource
from ingest.pipeline import sync
from ingest.sync_writer import FLUSH_BATCHES
from rag.models import CatalogueResource
from rag.settings import get_settings
from rag.store import IndexStore

ROOT = Path(__file__).resolve().parents[2]


class EncoderDied(RuntimeError):
    pass


@pytest.fixture
def encoder(monkeypatch):
    """The synthetic embedder in place of the model; records the size of every encode call and can
    be told to fail on the Nth call."""

    class Recording(SyntheticEmbedder):
        calls: list[int] = []
        fail_on: int | None = None
        loads = 0

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            type(self).loads += 1

        def embed_documents(self, texts):
            type(self).calls.append(len(texts))
            if type(self).fail_on == len(type(self).calls):
                raise EncoderDied(f"encoder died on call {len(type(self).calls)}")
            return super().embed_documents(texts)

    import rag.embeddings

    monkeypatch.setattr(rag.embeddings, "Embedder", Recording)
    return Recording


def roadmap(number: int, steps: int) -> str:
    lines = [f"# Roadmap {number}", "", f"A plan numbered {number} for learners."]
    for step in range(1, steps + 1):
        lines += ["", f"## Step {step}: Topic {number}-{step}", "### What to Learn?",
                  f"- Concept {number}.{step} and its practice", f"- Exercise {number}.{step} with data"]
    return "\n".join(lines) + "\n"


def write_roadmaps(folder: Path, count: int, steps: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"roadmap-{number:02d}.md").write_text(roadmap(number, steps), encoding="utf-8")
    return folder


def stored_ids(settings) -> set[str]:
    return set(IndexStore(settings).open_for_read().chunks.get(include=[])["ids"])


def test_small_sources_are_encoded_together_in_whole_batches(tmp_path, encoder):
    corpus = write_roadmaps(tmp_path / "corpus", count=8, steps=2)
    settings = get_settings(db_dir=tmp_path / "index", embed_batch_size=4)
    report = sync([corpus], settings)

    assert report.added == 8 and report.embedded == report.chunks == sum(encoder.calls)
    assert len(encoder.calls) < 8, f"one encode call per source or worse: {encoder.calls}"
    # every call but the last is a whole number of encoder batches: no ragged batch per source
    assert all(size % settings.embed_batch_size == 0 for size in encoder.calls[:-1]), encoder.calls


def test_passages_held_in_memory_stay_bounded_by_the_buffer(tmp_path, encoder, monkeypatch):
    """Passages read but not yet recorded never exceed one buffer plus one source, however many
    sources there are (a sync that read every source before encoding would hold them all)."""
    corpus = write_roadmaps(tmp_path / "corpus", count=24, steps=4)
    settings = get_settings(db_dir=tmp_path / "index", embed_batch_size=2)
    produced, recorded, held, per_source = [0], [0], [], []

    real_chunk, real_put = planner.chunk_document, IndexStore.put_manifests

    def counting_chunk(*args, **kwargs):
        chunks = real_chunk(*args, **kwargs)
        produced[0] += len(chunks)
        per_source.append(len(chunks))
        return chunks

    def counting_put(self, entries):
        recorded[0] += sum(len(entry.chunk_ids) for entry in entries)
        return real_put(self, entries)

    real_embed = encoder.embed_documents

    def watching_embed(self, texts):
        held.append(produced[0] - recorded[0])
        return real_embed(self, texts)

    monkeypatch.setattr(planner, "chunk_document", counting_chunk)
    monkeypatch.setattr(IndexStore, "put_manifests", counting_put)
    monkeypatch.setattr(encoder, "embed_documents", watching_embed)
    report = sync([corpus], settings)

    assert report.embedded == report.chunks == produced[0] == recorded[0]
    buffer = FLUSH_BATCHES * settings.embed_batch_size
    assert report.chunks > 2 * buffer  # the corpus is several buffers long
    assert max(held) <= buffer + max(per_source), held
    assert max(encoder.calls) <= buffer


def test_a_crash_in_the_encoder_keeps_what_was_recorded_and_the_rerun_completes(tmp_path, encoder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "first.md").write_text(roadmap(99, 2), encoding="utf-8")
    settings = get_settings(db_dir=tmp_path / "index", embed_batch_size=2)
    before = sync([corpus], settings)
    first_key = next(iter(IndexStore(settings).open_for_read().manifest()))

    write_roadmaps(corpus, count=20, steps=3)
    encoder.calls.clear()
    # 80 new passages, buffers of 32, calls of 8: two buffers are recorded, then the second call
    # of the third buffer dies (its first call's passages are stored, their sources unrecorded)
    encoder.fail_on = 10
    with pytest.raises(EncoderDied):
        sync([corpus], settings)

    # The index is still readable; the earlier source and every recorded source are whole.
    store = IndexStore(settings).open_for_read()
    manifest = store.manifest()
    ids = set(store.chunks.get(include=[])["ids"])
    assert first_key in manifest and set(manifest[first_key].chunk_ids) <= ids
    recorded_new = [key for key in manifest if key != first_key]
    assert 0 < len(recorded_new) < 20, "a flushed buffer is recorded before the crash, the rest is not"
    for key in recorded_new:
        assert set(manifest[key].chunk_ids) <= ids, f"{key} is recorded without all its passages"
    stored_before_rerun = len(ids)
    recorded_passages = len({cid for entry in manifest.values() for cid in entry.chunk_ids})

    encoder.fail_on = None
    resumed = sync([corpus], settings)
    assert resumed.added == 20 - len(recorded_new) and resumed.unchanged == 1 + len(recorded_new)
    # passages upserted before the crash are not encoded again, even those of unrecorded sources
    assert resumed.embedded == resumed.chunks - stored_before_rerun < resumed.chunks - recorded_passages
    fresh_settings = get_settings(db_dir=tmp_path / "fresh", embed_batch_size=2)
    fresh = sync([corpus], fresh_settings)
    assert stored_ids(settings) == stored_ids(fresh_settings)
    assert resumed.chunks == fresh.chunks > before.chunks
    assert sync([corpus], settings).unchanged == 21  # everything is recorded now


def test_a_changed_source_with_no_new_passages_still_deletes_stale_ones_and_is_recorded(tmp_path, encoder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text(roadmap(1, 3), encoding="utf-8")
    (corpus / "b.md").write_text(roadmap(2, 3), encoding="utf-8")
    settings = get_settings(db_dir=tmp_path / "index")
    first = sync([corpus], settings)
    loads = encoder.loads

    # Step 3 removed: the file changed, yet every passage it still has is stored already.
    (corpus / "a.md").write_text(roadmap(1, 2), encoding="utf-8")
    report = sync([corpus], settings)
    assert (report.updated, report.unchanged, report.embedded) == (1, 1, 0)
    assert report.chunks < first.chunks
    assert encoder.loads == loads, "no passage to encode, so no model"
    store = IndexStore(settings).open_for_read()
    key = next(k for k in store.manifest() if k.endswith("a.md"))
    assert set(store.ids_for_source(key)) == set(store.manifest()[key].chunk_ids)
    assert "Topic 1-3" not in " ".join(store.chunks.get(include=["documents"])["documents"])
    again = sync([corpus], settings)
    assert (again.unchanged, again.updated, again.embedded) == (2, 0, 0)  # its new hash was recorded


def test_progress_counts_passages_and_ends_exact(tmp_path, encoder):
    corpus = write_roadmaps(tmp_path / "corpus", count=6, steps=5)
    settings = get_settings(db_dir=tmp_path / "index", embed_batch_size=2)
    seen: list[tuple[str, int, int]] = []
    report = sync([corpus], settings, progress=lambda *event: seen.append(event))

    assert {stage for stage, _, _ in seen} == {"embed"}
    assert seen[0][1] == 0 and seen[0][2] > 0  # a total from the start: the bar is not blank
    assert all(done <= total for _, done, total in seen)
    dones = [done for _, done, _ in seen]
    assert dones == sorted(dones)
    assert len(set(dones)) > 3  # it moves while encoding, not only at the end
    assert seen[-1] == ("embed", report.embedded, report.embedded)

    seen.clear()
    sync([corpus], settings, progress=lambda *event: seen.append(event))
    assert seen == [("embed", 0, 0)]  # nothing to do: one event, an empty bar


def test_progress_total_is_exact_once_the_only_source_is_read(tmp_path, encoder):
    corpus = write_roadmaps(tmp_path / "corpus", count=1, steps=40)
    settings = get_settings(db_dir=tmp_path / "index", embed_batch_size=2)
    seen: list[tuple[str, int, int]] = []
    report = sync([corpus], settings, progress=lambda *event: seen.append(event))
    assert len(encoder.calls) > 3
    # the first event is a guess from the file size; from then on the total is what is embedded
    assert [total for _, _, total in seen[1:]] == [report.embedded] * (len(seen) - 1), seen


CATALOGUE = """resources:
  - id: sql-course
    title: SQL Course
    url: https://example.org/sql
    kind: course
    cost: free
    level: beginner
    topics: [sql]
    recommended_by:
      - roadmap: alpha
        stage: "Step 2: SQL"
    description: A course on joins.
"""


def test_the_catalogue_is_read_after_the_roadmaps_whose_titles_it_names(tmp_path, encoder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "alpha.md").write_text("# Alpha Roadmap\n## Step 1: Python\n- Loops\n## Step 2: SQL\n- Joins\n")
    (corpus / "resources.yaml").write_text(CATALOGUE, encoding="utf-8")
    settings = get_settings(db_dir=tmp_path / "index")
    first = sync([corpus], settings)
    assert first.resources == 1

    (corpus / "alpha.md").write_text("# Alpha Path\n## Step 1: Python\n- Loops\n## Step 2: SQL\n- Joins\n")
    report = sync([corpus], settings)
    assert report.updated == 2  # the roadmap, and the catalogue that names its title
    store = IndexStore(settings).open_for_read()
    resource = store.chunks.get(where={"kind": "resource"}, include=["documents"])["documents"]
    assert len(resource) == 1 and "Alpha Path" in resource[0] and "Alpha Roadmap" not in resource[0]


def test_the_catalogue_loads_as_the_pure_python_safe_loader_reads_it():
    path = ROOT / "corpus" / "resources.yaml"
    expected = [CatalogueResource.model_validate(item)
                for item in yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)["resources"]]
    assert load_catalogue(path) == expected


def test_a_malformed_or_unsafe_catalogue_is_unreadable_with_a_reason(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("resources:\n  - id: [unclosed\n", encoding="utf-8")
    with pytest.raises(UnreadableSource, match="not a readable YAML catalogue"):
        load_catalogue(broken)
    unsafe = tmp_path / "unsafe.yaml"
    unsafe.write_text("resources: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    with pytest.raises(UnreadableSource, match="not a readable YAML catalogue"):
        load_catalogue(unsafe)


def test_a_new_file_named_like_an_indexed_one_gets_its_own_document_id(tmp_path, encoder):
    corpus = tmp_path / "corpus"
    (corpus / "b").mkdir(parents=True)
    (corpus / "b" / "x.md").write_text("# B Roadmap\n## Step 1: Python\n- Loops\n", encoding="utf-8")
    settings = get_settings(db_dir=tmp_path / "index")
    sync([corpus], settings)

    (corpus / "a").mkdir()  # sorts first: a fresh build would give it the plain slug
    (corpus / "a" / "x.md").write_text("# A Roadmap\n## Step 1: SQL\n- Joins\n", encoding="utf-8")
    report = sync([corpus], settings)
    assert (report.added, report.unchanged) == (1, 1)
    store = IndexStore(settings).open_for_read()
    doc_ids = {Path(key).parent.name: entry.structure.doc_id for key, entry in store.manifest().items()}
    assert doc_ids["b"] == "x" and doc_ids["a"] != "x"  # the indexed roadmap keeps its id
    by_source = {}
    for metadata in store.chunks.get(include=["metadatas"])["metadatas"]:
        by_source.setdefault(Path(metadata["source"]).parent.name, set()).add(metadata["doc_id"])
    assert by_source == {"a": {doc_ids["a"]}, "b": {"x"}}
