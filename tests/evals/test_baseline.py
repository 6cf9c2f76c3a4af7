"""evals.baseline: naive RAG over the raw files, dense top 4, answered by the same backend."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.baseline import NaiveRAG

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shared_advisor(corpus_index):
    from rag.advisor import get_advisor
    from rag.settings import get_settings

    return get_advisor(get_settings(db_dir=corpus_index, backend="extractive"))


@pytest.fixture(scope="module")
def naive(shared_advisor):
    """Built once for the read-only tests of this module (embedding the chunks takes seconds)."""
    with NaiveRAG(shared_advisor) as rag:
        yield rag


def test_raw_roadmap_files_only(naive):
    sources = sorted(d.source for d in naive.documents)
    assert sources == ["corpus/aiml-roadmap-2026.txt", "corpus/genai-engineer-roadmap.md"]  # no catalogue
    raw = (ROOT / "corpus" / "genai-engineer-roadmap.md").read_text(encoding="utf-8")
    assert any(d.text == raw for d in naive.documents)  # as on disk, not repaired or parsed
    assert not any(d.from_index for d in naive.documents)


def test_recursive_character_chunks(naive):
    assert naive.chunk_size == 1000 and naive.chunk_overlap == 100 and naive.k == 4
    total = sum(len(d.text) for d in naive.documents)
    assert total / 1000 <= len(naive.chunks) <= total / 500
    assert all(len(c.text) <= 1000 and c.section == "" for c in naive.chunks)


def test_dense_top_four_with_our_embedding_model(naive, shared_advisor):
    advisor = shared_advisor
    passages = naive.retrieve("What comes after the NLP step?")
    assert len(passages) == 4
    assert passages == sorted(passages, key=lambda p: -p.score)
    vector = advisor.embedder.embed_query("What comes after the NLP step?")
    import numpy as np

    top = passages[0]
    cosine = float(np.dot(vector, advisor.embedder.embed_documents([top.text])[0]))
    assert top.score == pytest.approx(cosine, abs=1e-3)  # our vectors, not Chroma's default model


def test_answers_always_from_the_four_chunks(naive):
    answer = naive.answer("How do I bake sourdough bread?")
    assert answer.answerable is True  # a naive chain never refuses
    assert answer.intent == "fact" and len(answer.retrieved) == 4
    retrieved = {p.chunk_id for p in answer.retrieved}
    assert answer.citations and {c.chunk_id for c in answer.citations} <= retrieved


def test_answers_without_our_evidence_floor(naive, shared_advisor):
    from rag.evidence_floor import LABEL

    question = "which tools does the roadmap list for ETL?"  # four chunks within the floor's margin
    ours = shared_advisor.respond(_evidence(naive, question))
    assert LABEL in ours.answer  # the same four chunks through our own backend get the floor
    assert LABEL not in naive.answer(question).answer  # a tutorial's chain has no such second pass


def _evidence(naive, question):
    from rag.evidence import Evidence
    from rag.intents.registry import DEFAULT
    from rag.query import StandaloneQuery

    return Evidence(query=StandaloneQuery(question=question, query=question, intent=DEFAULT.name),
                    ranked=naive.retrieve(question))


def test_history_is_ignored(naive):
    history = [{"role": "user", "content": "Tell me about Step 7 NLP"}, {"role": "assistant", "content": "..."}]
    assert naive.answer("and the resources?", history).answer == naive.answer("and the resources?").answer


def test_closing_drops_its_collection(advisor):
    rag = NaiveRAG(advisor).build()
    client, name = rag._client, rag._collection
    assert name in [c if isinstance(c, str) else c.name for c in client.list_collections()]
    rag.close()
    assert name not in [c if isinstance(c, str) else c.name for c in client.list_collections()]


def test_index_without_files_on_disk_is_rebuilt_from_passages(advisor, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # the manifest's relative paths no longer resolve
    with NaiveRAG(advisor) as rag:
        assert rag.documents and all(d.from_index for d in rag.documents)
        assert "Step 7: Natural Language Processing" in "\n".join(d.text for d in rag.documents)


def test_a_model_backend_s_extractive_fallback_answers_without_the_floor_too():
    """The baseline's model backend falls back to the extractive answer on a failure: that fallback
    is floor-free too, and the advisor's own backend keeps its floor."""
    from rag.backends.extractive import ExtractiveBackend

    class ModelBackend:  # the one attribute of rag.backends.llm.LLMBackend the baseline touches
        def __init__(self):
            self.extractive = ExtractiveBackend()

    class Advisor:
        def __init__(self):
            self.own = ModelBackend()

        def backend(self):
            return self.own

    advisor = Advisor()
    used = NaiveRAG(advisor)._backend()
    assert used.extractive.floor is None
    assert advisor.own.extractive.floor is not None
