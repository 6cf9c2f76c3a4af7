"""Shared fixtures. Every test runs with its own index and state directories (no shared state),
offline; one real index of the project's corpus is built once per session for read-only tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


@pytest.fixture(autouse=True)
def isolated_state(tmp_path, monkeypatch):
    """Point every advisor directory at a temp dir and clear settings from the environment."""
    for name in list(os.environ):
        if name.startswith("ADVISOR_") or name in {"OPENAI_API_KEY", "OPENAI_BASE_URL"}:
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ADVISOR_DB_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("ADVISOR_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.chdir(ROOT)
    yield


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory) -> Path:
    """A real index of corpus/ (real embedding model, real embedded Chroma), built once."""
    from ingest.pipeline import sync
    from rag.settings import get_settings

    db = tmp_path_factory.mktemp("corpus-index")
    previous = os.getcwd()
    os.chdir(ROOT)
    try:
        report = sync([CORPUS], get_settings(db_dir=db, state_dir=db / "state"))
    finally:
        os.chdir(previous)
    assert report.documents == 2 and report.chunks > 50
    return db


@pytest.fixture
def advisor(corpus_index, monkeypatch):
    """The default (extractive) advisor over the session's corpus index."""
    from rag.advisor import get_advisor
    from rag.settings import get_settings

    monkeypatch.setenv("ADVISOR_DB_DIR", str(corpus_index))
    return get_advisor(get_settings(db_dir=corpus_index))


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the corpus for tests that change files."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target
