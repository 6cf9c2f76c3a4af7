"""Fixtures for the UI tests: an AppTest of the Streamlit script pointed at the session's corpus
index (state in the test's own temp dir), and helpers to find keyed nodes in the element tree."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "app" / "streamlit_app.py"
APP_TIMEOUT = 90  # seconds per script run: the first one loads the embedding model


@pytest.fixture
def app_env(corpus_index, monkeypatch, tmp_path) -> Path:
    """The app reads the session's corpus index; its state (feedback, sync record) is this test's."""
    monkeypatch.setenv("ADVISOR_DB_DIR", str(corpus_index))
    return tmp_path / "state"


@pytest.fixture
def app(app_env):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(SCRIPT), default_timeout=APP_TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def keyed(at, prefix: str) -> list:
    """All nodes whose user key starts with `prefix`, in page order."""
    return [node for node in at.main if (getattr(node, "key", None) or "").startswith(prefix)] + [
        node for node in at.sidebar if (getattr(node, "key", None) or "").startswith(prefix)
    ]


def ask(at, question: str):
    at.chat_input(key="chat").set_value(question).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def latest_message(at) -> dict:
    return [m for m in at.session_state["messages"] if m["role"] == "assistant"][-1]


def all_text(at) -> list[str]:
    """Every Markdown-ish source string on the page (markdown, captions, alerts, labels)."""
    texts = []
    for node in list(at.main) + list(at.sidebar):
        for attribute in ("value", "label", "body"):
            try:
                value = getattr(node, attribute, None)
            except Exception:  # some widgets have no value outside a run
                value = None
            if isinstance(value, str):
                texts.append(value)
        proto = getattr(node, "proto", None)
        for field in ("body", "label", "placeholder", "spec"):
            value = getattr(proto, field, None) if proto is not None else None
            if isinstance(value, str):
                texts.append(value)
    return texts


def plain(markdown: str) -> str:
    """Markdown source with its backslash escapes and entities resolved (what the reader sees)."""
    return html.unescape(re.sub(r"\\(.)", r"\1", markdown))
