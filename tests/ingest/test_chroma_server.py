"""The same sync against a real `chroma run` server started on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import sync
from rag.settings import get_settings
from rag.store import IndexStore
from tests.chroma_server import chroma_server, replayed_records

pytestmark = pytest.mark.server


def test_sync_and_resync_against_a_chroma_server(tmp_path, corpus_copy):
    with chroma_server(tmp_path / "server-data") as (port, _):
        settings = get_settings(chroma_host="127.0.0.1", chroma_port=port, state_dir=tmp_path / "state")
        first = sync([corpus_copy], settings)
        assert first.documents == 2 and first.embedded == first.chunks > 100
        second = sync([corpus_copy], settings)
        assert second.embedded == 0 and second.unchanged == 3
        assert replayed_records(tmp_path / "server-data", f"{settings.collection}_meta") == 0
        (corpus_copy / "aiml-roadmap-2026.txt").unlink()
        third = sync([corpus_copy], settings)
        assert third.removed == 1 and third.documents == 1

        store = IndexStore(settings).open_for_read()
        assert [s.title for s in store.structures()] == ["Generative AI (Gen AI) Engineer Roadmap 2025/26"]
        from rag.advisor import Advisor

        advisor = Advisor(settings)
        answer = advisor.answer("What should I learn after SQL?")
        assert answer.answerable and any("Step 4" in c.section for c in answer.citations)
        # the snapshot of a server index is kept in the state dir, by server, collection and generation
        saved = list((tmp_path / "state" / "snapshots").rglob("*.snapshot"))
        assert [p.name for p in saved] == [f"{advisor.snapshot.generation}.snapshot"]
        assert saved[0].parent.name == settings.collection and str(port) in saved[0].parent.parent.name
        reopened = Advisor(settings)
        assert reopened.snapshot.origin == "read"
        assert reopened.answer("What should I learn after SQL?").answer == answer.answer


def test_a_server_index_made_before_the_meta_setting_syncs_and_reads_as_before(tmp_path, corpus_copy, monkeypatch):
    import rag.store

    with chroma_server(tmp_path / "server-data") as (port, _):
        settings = get_settings(chroma_host="127.0.0.1", chroma_port=port, state_dir=tmp_path / "state")
        with monkeypatch.context() as old_code:
            old_code.setattr(rag.store, "META_HNSW", {"sync_threshold": 1000, "batch_size": 100})
            sync([corpus_copy], settings)
        store = IndexStore(settings).open_for_read()
        generation, manifest = store.generation(), store.manifest()
        assert store.meta.configuration_json["hnsw"]["sync_threshold"] == 1000
        report = sync([corpus_copy], settings)  # the setting is changed over HTTP; nothing else is
        assert report.unchanged == 3 and report.embedded == 0
        store = IndexStore(settings).open_for_read()
        assert store.meta.configuration_json["hnsw"]["sync_threshold"] == 1
        assert (store.generation(), store.manifest()) == (generation, manifest)


def test_an_unreachable_server_is_a_clear_error(tmp_path):
    from tests.chroma_server import free_port
    from rag.errors import StoreUnavailableError

    settings = get_settings(chroma_host="127.0.0.1", chroma_port=free_port())
    with pytest.raises(StoreUnavailableError, match="chroma run"):
        IndexStore(settings).open_for_read()
