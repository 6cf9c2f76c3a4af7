"""The stage stem index (rag.stage_index): `locate` scored through it finds exactly the stages,
scores and order that stemming every stage finds, and an index that does not fit is refused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rag.roadmap import locate, stage_stems
from rag.stage_index import StageStemIndex

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
QUESTIONS = ["What should I learn after PyTorch?", "LangChain resources", "computer vision", "transformers attention",
             "docker kubernetes deployment", "statistics linear algebra", "How do I bake sourdough bread?", ""]


@pytest.fixture(scope="module")
def structures():
    from ingest.loaders import load_file
    from ingest.structure import parse_document

    parsed = []
    for path in sorted([*CORPUS.glob("*.md"), *CORPUS.glob("*.txt")]):
        loaded = load_file(path)
        parsed.append(parse_document(loaded.text, doc_id=path.stem, source=path.name, markdown=loaded.markdown,
                                     fallback_title=path.stem).structure)
    assert sum(len(s.stages) for s in parsed) > 10
    return parsed


def index_of(structures) -> StageStemIndex:
    return StageStemIndex.build({(r.doc_id, s.index): stage_stems(s) for r in structures for s in r.stages})


def signature(matches) -> list[tuple[str, int, float]]:
    return [(m.roadmap.doc_id, m.stage.index, m.score) for m in matches]


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("options", [{}, {"min_score": 2.0}, {"min_score": 3.0, "per_roadmap": False}])
def test_locate_through_the_index_finds_what_stemming_every_stage_finds(structures, question, options):
    index = index_of(structures)
    expected = signature(locate(structures, question, **options))
    assert signature(locate(structures, question, stems=index, **options)) == expected
    if question.startswith("What should") and not options:
        assert expected  # the corpus covers PyTorch: the comparison is not between two empty lists


def test_a_stage_the_index_does_not_hold_is_stemmed_as_before(structures):
    index = index_of(structures[:1])
    question = "What should I learn after PyTorch?"
    assert signature(locate(structures, question, stems=index)) == signature(locate(structures, question))


def test_the_index_holds_each_stage_s_own_stems(structures):
    index = index_of(structures)
    for roadmap in structures:
        for stage in roadmap.stages:
            assert index.stems_of((roadmap.doc_id, stage.index)) == tuple(set(p) for p in stage_stems(stage))


def test_arrays_that_do_not_fit_together_are_refused(structures):
    good = index_of(structures)
    good.check()
    past_the_stages = np.append(good.postings[:-1], np.int32(3 * len(good.stages)))
    broken = [StageStemIndex(good.stages, good.vocabulary, good.indptr, past_the_stages),
              StageStemIndex(good.stages, good.vocabulary[:-1], good.indptr, good.postings),
              StageStemIndex(good.stages, good.vocabulary, good.indptr[:-1], good.postings[:-1]),
              StageStemIndex(good.stages, good.vocabulary, good.indptr, np.append(good.postings, np.int32(0)))]
    for index in broken:
        with pytest.raises(ValueError):
            index.check()
