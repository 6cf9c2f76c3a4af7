"""Safety through the whole app: a roadmap whose text carries a <script> tag and Markdown link
tricks is indexed by the app itself (first start, no index yet) and asked about; nothing of it
reaches the page as live HTML or as a non-http(s) link."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP_TIMEOUT, SCRIPT, all_text, ask, keyed, latest_message

EVIL_ROADMAP = """# Hacker <script>alert("title")</script> Roadmap

An intro to the Python learning path.

## Step 1: Python Basics

### What to learn?
- Variables and loops <script>alert(document.cookie)</script>
- Functions, see [click me](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD4=)
- Images ![pixel](https://tracker.example/p.png) and <img src=x onerror=alert(2)>
- Reference links [ref][evil]

[evil]: javascript:alert(3)

### Resources
- [Python Tutorial](https://docs.python.org/3/tutorial/)

## Step 2: Data Analysis with Pandas

### What to learn?
- DataFrames, grouping and joins with pandas
- <a href="javascript:alert(4)">plotting</a>
"""

UNSAFE = [
    re.compile(r"<\s*script", re.I),
    re.compile(r"<\s*img", re.I),
    re.compile(r"<\s*a\s", re.I),
    re.compile(r"\]\(\s*(?!https?://)", re.I),  # a Markdown link to anything but http(s)
    re.compile(r"!\[[^\]]*\]\(", re.I),  # a Markdown image
    re.compile(r"^\s*\[[^\]]+\]:", re.M),  # a reference-style link definition
]


@pytest.fixture
def evil_app(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hacker-roadmap.md").write_text(EVIL_ROADMAP, encoding="utf-8")
    monkeypatch.setenv("ADVISOR_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("ADVISOR_DB_DIR", str(tmp_path / "fresh-index"))  # nothing there yet
    at = AppTest.from_file(str(SCRIPT), default_timeout=APP_TIMEOUT * 2)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at, tmp_path


def assert_inert(at) -> None:
    texts = all_text(at)
    assert texts
    for text in texts:
        for pattern in UNSAFE:
            assert not pattern.search(text), f"{pattern.pattern!r} in {text[:300]!r}"


def test_first_start_builds_the_index_then_renders_hostile_text_inert(evil_app):
    at, tmp_path = evil_app
    # The app built the missing index itself (with a progress bar) and recorded the sync.
    record = json.loads((tmp_path / "state" / "last-sync.json").read_text())
    assert record["documents"] == 1 and record["chunks"] >= 2
    assert (tmp_path / "fresh-index" / "chroma.sqlite3").exists()
    assert at.button(key="starter-0")  # the chat is ready
    welcome = " ".join(m.value for m in at.chat_message[0].markdown)
    # The title is shown; ingest dropped its tag and kept the tag's text as plain words.
    assert "Hacker" in welcome and "Roadmap" in welcome and "script" not in welcome
    assert_inert(at)

    ask(at, "What should I learn in Step 1: Python Basics?")
    message = latest_message(at)
    answer = message["answer"]
    assert answer.answerable and answer.citations
    raw = " ".join([answer.answer] + [c.text for c in answer.citations])
    assert "javascript:" in raw or "alert(" in raw  # the hostile text really was retrieved
    assert keyed(at, f"source-{message['id']}-")
    assert_inert(at)
    page = " ".join(all_text(at))
    assert "alert(document.cookie)" in page  # the tag's words shown as text, not dropped
    assert "](https://docs.python.org/3/tutorial/)" in page or "docs.python.org" not in raw  # http(s) stays a link


def test_resync_button_reports_what_changed(evil_app):
    at, tmp_path = evil_app
    corpus = tmp_path / "corpus"
    (corpus / "extra-roadmap.md").write_text(
        "# Extra Roadmap\n\n## Step 1: Statistics\n\n### What to learn?\n- Probability and distributions\n",
        encoding="utf-8",
    )
    at.button(key="resync").click().run()
    assert not at.exception, [e.value for e in at.exception]
    notices = [s.value for s in at.sidebar.success]
    assert any("1 added" in n for n in notices), notices
    metrics = {m.label: m.value for m in at.sidebar.metric}
    assert metrics["Documents"] == "2"
