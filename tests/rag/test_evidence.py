"""The evidence finder's lookups (rag.evidence.EvidenceFinder): grouped through the passage
columns' codes, they return exactly the passages a plain scan over every passage returns."""

from __future__ import annotations

import pytest

from rag.evidence import EvidenceFinder
from rag.passages import PassageTable
from rag.text import content_terms, stem


@pytest.fixture(scope="module")
def snapshot(corpus_index):
    from rag.advisor import Advisor
    from rag.settings import get_settings

    return Advisor(get_settings(db_dir=corpus_index, state_dir=corpus_index / "state")).snapshot


def finders(snapshot) -> list[EvidenceFinder]:
    """One over the snapshot's columns, one over a plain list of Passage objects."""
    listed = list(snapshot.passages)
    assert isinstance(snapshot.passages, PassageTable)
    return [EvidenceFinder(snapshot.retriever, snapshot.structures, snapshot.passages),
            EvidenceFinder(snapshot.retriever, snapshot.structures, listed)]


def test_stage_passages_are_every_passage_of_that_stage_in_document_order(snapshot):
    passages = list(snapshot.passages)
    keys = {(p.doc_id, p.stage_index) for p in passages if p.stage_index is not None}
    assert len(keys) > 10
    for finder in finders(snapshot):
        for doc_id, stage_index in sorted(keys) + [("no-such-roadmap", 0)]:
            expected = [p.chunk_id for p in passages if p.doc_id == doc_id and p.stage_index == stage_index]
            assert [p.chunk_id for p in finder.stage_passages(doc_id, stage_index)] == expected


def test_headed_counts_the_stems_of_each_roadmap_passage_s_own_heading(snapshot):
    passages = list(snapshot.passages)
    own = [{stem(t) for t in content_terms(p.section.split(" > ")[-1])} if p.kind == "roadmap" else set()
           for p in passages]
    for asked in [{"project"}, {"resourc", "learn"}, {stem("transformers"), stem("python")}, {"zzz-nothing"}]:
        expected = {i: len(asked & stems) for i, stems in enumerate(own) if asked & stems}
        for finder in finders(snapshot):
            assert finder.headed(asked) == expected
    assert any(finder.headed({stem("projects")}) for finder in finders(snapshot))


def test_stage_evidence_finds_nested_passages_and_recommended_resources(snapshot):
    passages = list(snapshot.passages)
    for roadmap in snapshot.structures:
        for stage in roadmap.stages:
            expected_resources = [p.chunk_id for p in passages if p.kind == "resource" and f"{stage.title} (" in p.text]
            expected_nested = [p.chunk_id for p in passages if p.doc_id == roadmap.doc_id
                               and p.stage_index not in (None, stage.index) and p.section.startswith(stage.title + " > ")]
            for finder in finders(snapshot):
                found = finder.stage_evidence(roadmap, stage)
                assert [p.chunk_id for p in found.resources] == expected_resources
                assert [p.chunk_id for p in found.options] == expected_nested
