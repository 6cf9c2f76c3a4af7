"""Chunks of the real corpus: sized for the embedding model, inside one stage, with their heading path."""

from __future__ import annotations

import pytest

from rag.embeddings import TokenCounter
from rag.settings import get_settings
from rag.store import IndexStore


@pytest.fixture(scope="module")
def stored(corpus_index):
    store = IndexStore(get_settings(db_dir=corpus_index)).open_for_read()
    got = store.chunks.get(include=["documents", "metadatas"])
    return store, list(zip(got["ids"], got["documents"], got["metadatas"]))


def test_every_chunk_fits_the_embedding_model(stored):
    settings = get_settings()
    counter = TokenCounter(settings.embedding_model)
    sizes = [counter.count(document) for _, document, _ in stored[1]]
    assert max(sizes) <= settings.chunk_tokens <= 256  # all-MiniLM-L6-v2 drops word pieces past 256


def test_chunks_start_with_their_heading_path_and_never_cross_a_stage(stored):
    store, rows = stored
    stages = {(s.doc_id, st.index): st for s in store.structures() for st in s.stages}
    for _, document, metadata in rows:
        first_line = document.split("\n", 1)[0]
        assert first_line.endswith(metadata["section"]), first_line
        if metadata["kind"] == "roadmap" and metadata["stage_index"] >= 0:
            stage = stages[(metadata["doc_id"], metadata["stage_index"])]
            assert stage.title in metadata["section"]
            assert metadata["stage_title"] == stage.title


def test_metadata_carries_source_title_kind_and_url(stored):
    _, rows = stored
    kinds = {m["kind"] for _, _, m in rows}
    assert kinds == {"roadmap", "resource"}
    for _, _, metadata in rows:
        assert metadata["source"].startswith("corpus/")
        assert metadata["title"]
    resources = [m for _, _, m in rows if m["kind"] == "resource"]
    sql = next(m for m in resources if m["section"] == "Resources > SQL Learning Playlist")
    assert sql["url"] == "https://www.youtube.com/playlist?list=PLKdU0fuY4OFduhpa23Wy5fRv6SGxp2ho0"
    assert sql["cost"] == "free"


def test_non_learning_links_are_not_indexed_as_resources(stored):
    _, rows = stored
    urls = {m["url"] for _, _, m in rows if m["kind"] == "resource"}
    assert not any("linkedin.com" in u or "google.com/search" in u for u in urls)


def test_collection_records_the_embedding_model(stored):
    store, _ = stored
    facts = store.index_facts()
    assert facts["embedding_model"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert facts["embedding_dim"] == 384


def test_packing_from_line_counts_gives_the_chunks_of_counting_every_candidate():
    """The bundled tokenizer counts lines joined by newlines as the sum of their counts, so the
    chunker packs from each line's count: the same chunks (and ids) as counting every candidate."""
    from pathlib import Path

    from ingest.chunking import chunk_document
    from ingest.loaders import load_file
    from ingest.structure import parse_document

    counter = TokenCounter(get_settings().embedding_model)
    assert counter.lines_add_up
    lines = [line for path in Path("corpus").glob("*.md") for line in path.read_text().splitlines() if line.strip()][:200]
    assert counter.joined([counter.count(line) for line in lines]) == counter.count("\n".join(lines))
    for path in sorted(Path("corpus").glob("*.*")):
        if path.suffix not in {".md", ".txt"}:
            continue
        loaded = load_file(path)
        parsed = parse_document(loaded.text, doc_id="d", source=str(path), markdown=loaded.markdown, fallback_title=path.stem)
        for budget in (256, 64):
            every = chunk_document(parsed, max_tokens=budget, count=counter.count, source_hash="h")
            summed = chunk_document(parsed, max_tokens=budget, count=counter.count, source_hash="h", joined=counter.joined)
            assert [c.id for c in summed] == [c.id for c in every] and len(every) > 5
