"""Hybrid retrieval: exact names, paraphrases, filters, diversity, and fused recall vs dense-only."""

from __future__ import annotations

import json
from pathlib import Path

from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from rag.retrieval import RetrievalFilter

ROOT = Path(__file__).resolve().parents[2]


def test_exact_names_match(advisor):
    for name, where in [("MLflow", "MLflow"), ("PyTorch", "PyTorch"), ("SQL", "SQL")]:
        top = advisor.retriever.search(name, k=3)
        assert any(where in p.text or where in p.section for p in top), name


def test_paraphrases_match_semantically(advisor):
    top = advisor.retriever.search("how do I get my trained models running reliably for real users", k=4)
    assert any("MLOps" in p.section or "Deployment" in p.section for p in top)


def test_filters_restrict_to_one_roadmap_or_to_resources(advisor):
    only_2026 = advisor.retriever.search("deep learning", filter=RetrievalFilter(doc_id="aiml-roadmap-2026"), k=5)
    assert only_2026 and all(p.doc_id == "aiml-roadmap-2026" for p in only_2026)
    resources = advisor.retriever.search("deep learning", filter=RetrievalFilter(kind="resource"), k=5)
    assert resources and all(p.kind == "resource" and p.resource_id for p in resources)


def test_diversity_keeps_one_section_from_filling_every_slot(advisor):
    top = advisor.retriever.search("deep learning", k=6)
    assert len({p.section for p in top}) == len(top)
    assert len({p.doc_id for p in top}) >= 2


def test_it_is_a_langchain_retriever(advisor):
    assert isinstance(advisor.retriever, BaseRetriever)
    documents = advisor.retriever.invoke("MLflow")
    assert documents and all(isinstance(d, Document) for d in documents)
    assert all(d.metadata["section"] and d.id for d in documents)
    answer = advisor.chain.invoke({"question": "Resources for SQL?", "history": []})
    assert answer.intent == "resources"


def recall_at_k(advisor, k: int, **switches) -> float:
    rows = [json.loads(l) for l in (ROOT / "evals/datasets/roadmap_qa.jsonl").read_text().splitlines() if l.strip()]
    met = total = 0
    retriever = advisor.retriever.model_copy(update=switches)
    for row in rows:
        if not row["answerable"] or len(row["turns"]) > 1:
            continue
        found = retriever.search(row["turns"][-1], k=k)
        for group in row["cite"]:
            total += 1
            met += any(any(s.lower() in (p.section + "\n" + p.text).lower() for s in group) for p in found)
    return met / total


def test_fused_retrieval_recalls_at_least_as_much_as_dense_only(advisor, capsys):
    fused = recall_at_k(advisor, 6)
    dense = recall_at_k(advisor, 6, use_lexical=False)
    with capsys.disabled():
        print(f"\nrecall@6 on single-turn dataset questions: fused {fused:.3f}, dense-only {dense:.3f}")
    assert fused >= dense and fused >= 0.7
