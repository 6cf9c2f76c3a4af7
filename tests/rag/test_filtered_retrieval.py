"""Filtered dense search: the planned search (rag.retrieval, `HybridRetriever._dense`) returns what
Chroma's `where` returns, on the real corpus index and on synthetic indexes of a few thousand
passages with random vectors (the hard case for HNSW), embedded and against a `chroma run` server.

Plans "all" and "ids" give the HNSW search the very same allowed set as a `where`, so their results
must be identical, ids and distances. Plan "exact" ranks a few passages in numpy; a filtered HNSW
search over fewer passages than its ef (100) walks all of them, so it is exact too: the same ids in
the same order, up to the float rounding of ties.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import numpy as np
import pytest

from rag.retrieval import HybridRetriever, RetrievalFilter

ROOT = Path(__file__).resolve().parents[2]
DIMENSION = 384
WORDS = ("python sql pytorch transformers attention embeddings rag agents docker kubernetes mlops "
         "statistics regression vision nlp llms evaluation deployment monitoring spark airflow").split()


def assert_same_ranking(got, expected, *, identical: bool) -> None:
    got_ids, expected_ids = [p.chunk_id for p, _ in got], [p.chunk_id for p, _ in expected]
    if identical:
        assert got_ids == expected_ids
        assert [round(s, 5) for _, s in got] == [round(s, 5) for _, s in expected]
        return
    assert len(got_ids) == len(expected_ids) and set(got_ids) == set(expected_ids)
    for (a, da), (b, db) in zip(got, expected):
        assert a.chunk_id == b.chunk_id or abs(da - db) < 1e-5, (a.chunk_id, da, b.chunk_id, db)  # only ties may swap
        assert abs(da - db) < 1e-4


def compare(retriever: HybridRetriever, vector, flt: RetrievalFilter) -> str:
    """Run one filter both ways; return the plan the planned search took."""
    reference = retriever.model_copy(update={"filter_strategy": "where"})
    selection = retriever.lexical.selection(flt)
    plan = retriever.dense_plan(flt, selection)
    planned = retriever._dense(vector, flt, selection)
    where = reference._dense(vector, flt, selection)
    assert reference.dense_plan(flt, selection) == "where"
    assert all(flt.accepts(p) for p, _ in planned)
    assert_same_ranking(planned, where, identical=plan in {"all", "ids", "none"})
    return plan


# -- the real corpus ---------------------------------------------------------------------------
def corpus_filters(advisor) -> list[RetrievalFilter]:
    filters = [RetrievalFilter(kind="roadmap"), RetrievalFilter(kind="resource"),
               RetrievalFilter(doc_id="no-such-roadmap")]
    for roadmap in advisor.structures:
        filters += [RetrievalFilter(doc_id=roadmap.doc_id), RetrievalFilter(doc_id=roadmap.doc_id, kind="roadmap")]
        filters += [RetrievalFilter(doc_id=roadmap.doc_id, stage_index=s.index) for s in roadmap.stages[:6]]
    filters += [RetrievalFilter(stage_index=i) for i in range(4)]
    return filters


def dataset_questions(limit: int = 12) -> list[str]:
    rows = [json.loads(l) for l in (ROOT / "evals/datasets/roadmap_qa.jsonl").read_text().splitlines() if l.strip()]
    return [row["turns"][-1] for row in rows][:limit]


def test_planned_filters_return_the_where_results_on_the_corpus(advisor):
    retriever = advisor.retriever
    plans: set[str] = set()
    for question in dataset_questions():
        vector = retriever.query_vector(question)
        for flt in corpus_filters(advisor):
            plans.add(compare(retriever, vector, flt))
    assert {"ids", "exact", "none"} <= plans, plans


def test_filtered_search_answers_the_same_on_the_corpus(advisor):
    """The whole hybrid search (dense + BM25, fusion, MMR): the same passages in the same order."""
    planned = advisor.retriever
    reference = planned.model_copy(update={"filter_strategy": "where"})
    for question in dataset_questions():
        for flt in corpus_filters(advisor):
            got = [p.chunk_id for p in planned.search(question, filter=flt, k=6)]
            assert got == [p.chunk_id for p in reference.search(question, filter=flt, k=6)], (question, flt)


# -- synthetic indexes -------------------------------------------------------------------------
def build_synthetic(db: Path, *, documents: int, per_document: int, resources: float, seed: int = 11,
                    extra_settings: dict | None = None):
    """An index of random unit vectors: `documents` roadmaps of `per_document` passages, a
    `resources` share of them resources, 19 stages each plus an introduction (stage -1)."""
    from evals.bench.synthetic import SyntheticEmbedder
    from rag.settings import get_settings
    from rag.store import IndexStore

    settings = get_settings(db_dir=db, state_dir=db / "state", **(extra_settings or {}))
    store = IndexStore(settings).open_for_write(rebuild=True, dimension=DIMENSION)
    rng = random.Random(seed)
    ids, texts, metadatas = [], [], []
    for d in range(documents):
        for n in range(per_document):
            kind = "resource" if rng.random() < resources else "roadmap"
            stage = -1 if n < per_document // 20 else n % 19
            ids.append(f"syn-{d:03d}-{n:04d}")
            texts.append(f"Synthetic {d} > Step {stage}\n" + " ".join(rng.choices(WORDS, k=12)))
            metadatas.append({"source": f"synthetic/{d}.md", "doc_id": f"synthetic-{d:03d}", "title": f"Synthetic {d}",
                              "section": f"Step {stage}", "stage_index": stage, "stage_title": f"Step {stage}",
                              "kind": kind, "url": "", "resource_id": f"r{n}" if kind == "resource" else "",
                              "links": "[]", "source_hash": "synthetic"})
    embedder = SyntheticEmbedder(settings)
    for start in range(0, len(ids), 1000):
        part = slice(start, start + 1000)
        store.upsert(ids[part], texts[part], metadatas[part], embedder.embed_documents(texts[part]))
    return settings, store


def retriever_over(settings, store, passages=None) -> HybridRetriever:
    from evals.bench.synthetic import SyntheticEmbedder
    from rag.lexical import LexicalIndex

    embedder = SyntheticEmbedder(settings)
    lexical = LexicalIndex(passages if passages is not None else store.all_passages())
    return HybridRetriever(store=store, embedder=embedder, lexical=lexical, k=6, candidates=24)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """3,000 passages: 30 roadmaps of 100, a fifth of them resources."""
    db = tmp_path_factory.mktemp("synthetic-index") / "index"
    settings, store = build_synthetic(db, documents=30, per_document=100, resources=0.2)
    return db, settings, store, retriever_over(settings, store)


def synthetic_filters() -> list[RetrievalFilter]:
    return [
        RetrievalFilter(kind="roadmap"),  # ~2,400 of 3,000: ids
        RetrievalFilter(kind="resource"),  # ~600: ids
        RetrievalFilter(stage_index=4),  # ~150: ids
        RetrievalFilter(doc_id="synthetic-007"),  # 100: ids
        RetrievalFilter(doc_id="synthetic-007", kind="resource"),  # ~20: exact
        RetrievalFilter(doc_id="synthetic-012", stage_index=3),  # 5: exact
        RetrievalFilter(doc_id="synthetic-012", stage_index=-1),  # the introduction: exact
        RetrievalFilter(kind="resource", stage_index=7),  # ~30: exact
        RetrievalFilter(doc_id="synthetic-999"),  # none
    ]


def random_vectors(count: int, seed: int = 5) -> list[list[float]]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        v = rng.standard_normal(DIMENSION).astype(np.float32)
        out.append((v / np.linalg.norm(v)).tolist())
    return out


def test_planned_filters_return_the_where_results_on_a_synthetic_index(synthetic):
    _, _, _, retriever = synthetic
    plans: dict[str, int] = {}
    for vector in random_vectors(15):
        for flt in synthetic_filters():
            plan = compare(retriever, vector, flt)
            plans[plan] = plans.get(plan, 0) + 1
    assert set(plans) == {"ids", "exact", "none"}, plans


def test_the_exact_plan_is_the_true_nearest_passages(synthetic):
    _, _, store, retriever = synthetic
    flt = RetrievalFilter(kind="resource", stage_index=7)
    selection = retriever.lexical.selection(flt)
    assert retriever.dense_plan(flt, selection) == "exact"
    stored = store.vectors(selection.ids)
    ids = list(stored)
    matrix = np.asarray([stored[i] for i in ids], dtype=np.float64)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    for vector in random_vectors(5, seed=9):
        truth = [ids[i] for i in np.argsort(-(matrix @ np.asarray(vector)))[: retriever.candidates]]
        assert [p.chunk_id for p, _ in retriever._dense(vector, flt, selection)] == truth


def test_hybrid_search_is_the_same_with_every_plan(synthetic):
    _, _, _, planned = synthetic
    reference = planned.model_copy(update={"filter_strategy": "where"})
    for question in ["python sql", "attention transformers", "docker kubernetes deployment", "nlp llms rag"]:
        for flt in synthetic_filters():
            got = [p.chunk_id for p in planned.search(question, filter=flt)]
            assert got == [p.chunk_id for p in reference.search(question, filter=flt)], (question, flt)


def test_a_filter_that_admits_every_passage_is_an_unfiltered_search(tmp_path):
    settings, store = build_synthetic(tmp_path / "index", documents=10, per_document=100, resources=0.0)
    retriever = retriever_over(settings, store)
    plans = {compare(retriever, vector, RetrievalFilter(kind="roadmap")) for vector in random_vectors(10)}
    assert plans == {"all"}


def test_a_snapshot_older_than_the_index_falls_back_to_where(synthetic):
    """BM25's snapshot names a passage the index no longer has, or misses passages it now has:
    the planned search notices and asks Chroma with the `where`."""
    from rag.models import Passage

    _, settings, store, retriever = synthetic
    passages = list(retriever.lexical.passages)
    ghost = Passage(chunk_id="deleted-since", source="synthetic/7.md", title="Synthetic 7", section="Step 4",
                    text="gone", kind="roadmap", doc_id="synthetic-007", stage_index=4)
    stale = retriever_over(settings, store, passages + [ghost])
    only_roadmaps = retriever_over(settings, store, [p for p in passages if p.kind == "roadmap"])
    for vector in random_vectors(5, seed=3):
        assert stale.dense_plan(RetrievalFilter(doc_id="synthetic-007"), stale.lexical.selection(
            RetrievalFilter(doc_id="synthetic-007"))) == "ids"
        compare_fallback(stale, vector, RetrievalFilter(doc_id="synthetic-007"), "ids")
        compare_fallback(only_roadmaps, vector, RetrievalFilter(kind="roadmap"), "all")


def compare_fallback(retriever: HybridRetriever, vector, flt: RetrievalFilter, plan: str) -> None:
    selection = retriever.lexical.selection(flt)
    assert retriever.dense_plan(flt, selection) == plan
    reference = retriever.model_copy(update={"filter_strategy": "where"})
    assert_same_ranking(retriever._dense(vector, flt, selection), reference._dense(vector, flt, selection),
                        identical=True)


@pytest.mark.server
def test_planned_filters_against_a_chroma_server(synthetic, tmp_path):
    from rag.errors import StoreUnavailableError
    from rag.store import IndexStore
    from tests.chroma_server import chroma_server

    db, settings, _, _ = synthetic
    data = tmp_path / "server-data"
    shutil.copytree(db, data)
    with chroma_server(data) as (port, process):
        remote = settings.model_copy(update={"chroma_host": "127.0.0.1", "chroma_port": port, "request_timeout_s": 5.0})
        store = IndexStore(remote)
        store.open_for_read()
        retriever = retriever_over(remote, store)
        plans = {compare(retriever, vector, flt) for vector in random_vectors(4) for flt in synthetic_filters()}
        assert plans == {"ids", "exact", "none"}
        process.terminate()
        process.wait(timeout=10)
        for flt in (RetrievalFilter(kind="resource"), RetrievalFilter(doc_id="synthetic-012", stage_index=3)):
            with pytest.raises(StoreUnavailableError):
                retriever.search("python sql", filter=flt)


def test_a_record_deleted_mid_query_is_an_index_change_not_a_crash(tmp_path):
    """Another process's sync can delete a record between Chroma's vector search and its read of
    the record's text; the query then returns None for it. That is the signal to reopen and ask
    again (IndexChangedError), never a TypeError over the chat."""
    from rag.errors import IndexChangedError

    settings, store = build_synthetic(tmp_path / "index", documents=2, per_document=10, resources=0.0)
    real_query = store.chunks.query

    def racing_query(**kwargs):
        got = real_query(**kwargs)
        got["documents"][0][0], got["metadatas"][0][0] = None, None
        return got

    store.chunks.query = racing_query
    with pytest.raises(IndexChangedError):
        store.dense_search(random_vectors(1)[0], 5)
