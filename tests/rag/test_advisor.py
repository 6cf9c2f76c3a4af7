"""The Advisor's small public surface for tools (search, roadmaps, status), over the corpus index."""

from __future__ import annotations

import pytest

from rag.errors import InvalidQuestionError


def test_search_returns_the_best_passages_for_a_query_without_an_answer(advisor):
    passages = advisor.search("Resources for SQL", 4)
    assert len(passages) == 4 and len({p.chunk_id for p in passages}) == 4
    assert any("SQL" in p.section or "SQL" in p.text for p in passages[:2])
    assert len(advisor.search("deep learning")) == advisor.settings.top_k
    with pytest.raises(InvalidQuestionError):
        advisor.search("   ")


def test_roadmaps_and_status_describe_the_index(advisor):
    roadmaps = advisor.roadmaps()
    assert sorted(r.title for r in roadmaps) == sorted(r.title for r in advisor.structures)
    for roadmap in roadmaps:
        indices = [s.index for s in roadmap.stages]
        assert indices == sorted(indices) and indices
    status = advisor.status()
    assert status.passages > 50 and status.roadmaps == len(roadmaps) == 2
    assert status.generation and status.backend == "extractive"
