"""The app's non-rendering logic: loading without exceptions, backend choice and fallback, the sync
record, the eval summary, history and answer text shaping."""

from __future__ import annotations

import json
import os
import time
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from app import ui_state
from rag.errors import BackendUnavailableError, IndexMissingError
from rag.settings import get_settings


def test_load_advisor_turns_errors_into_messages():
    settings = get_settings(backend="openai")
    assert ui_state.load_advisor(settings, lambda s: "advisor").advisor == "advisor"

    def missing(s):
        raise IndexMissingError("/x")

    loaded = ui_state.load_advisor(settings, missing)
    assert not loaded.ok and loaded.missing_index and "advisor ingest" in loaded.error

    def unavailable(s):
        raise BackendUnavailableError("Set OPENAI_API_KEY")

    assert ui_state.load_advisor(settings, unavailable).error == "Set OPENAI_API_KEY"

    def not_built_yet(s):
        import rag.backends.does_not_exist  # noqa: F401

    loaded = ui_state.load_advisor(settings, not_built_yet)
    assert not loaded.ok and "openai backend is not available" in loaded.error


def test_choose_falls_back_to_extractive():
    offline = ui_state.Loaded(advisor="extractive-advisor")
    assert ui_state.choose("extractive", offline, True, "", lambda: None) == ui_state.Choice("extractive-advisor", "extractive")
    # checks fail: the requested backend is not even built
    choice = ui_state.choose("openai", offline, False, "No API key.", lambda: (_ for _ in ()).throw(AssertionError))
    assert (choice.advisor, choice.backend, choice.fallback) == ("extractive-advisor", "extractive", "No API key.")
    # checks pass but it cannot start
    choice = ui_state.choose("local", offline, True, "", lambda: ui_state.Loaded(error="boom"))
    assert choice.backend == "extractive" and "local backend could not start: boom" in choice.fallback
    # all good
    choice = ui_state.choose("local", offline, True, "", lambda: ui_state.Loaded(advisor="llm"))
    assert (choice.advisor, choice.backend, choice.fallback) == ("llm", "local", None)


def test_fingerprint_changes_with_what_matters_and_hides_the_key(monkeypatch):
    a = ui_state.fingerprint(get_settings())
    assert a == ui_state.fingerprint(get_settings())
    assert a != ui_state.fingerprint(get_settings(top_k=3))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret-value")
    b = ui_state.fingerprint(get_settings())
    assert b != a and "sk-secret" not in b


def test_last_sync_prefers_the_record_then_the_index_mtime(tmp_path):
    settings = get_settings(db_dir=tmp_path / "index", state_dir=tmp_path / "state")
    assert ui_state.last_sync(settings) is None
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "chroma.sqlite3").write_bytes(b"")
    stamp = time.time() - 3600
    os.utime(tmp_path / "index" / "chroma.sqlite3", (stamp, stamp))
    assert abs(ui_state.last_sync(settings).timestamp() - stamp) < 1
    ui_state.record_sync(settings, SimpleNamespace(to_json=lambda: {"documents": 2, "skipped": [{"path": "a", "reason": "b"}]}))
    record = json.loads((tmp_path / "state" / "last-sync.json").read_text())
    assert record["documents"] == 2 and record["skipped"] == ["a: b"]
    assert (datetime.now(timezone.utc) - ui_state.last_sync(settings)).total_seconds() < 60


def test_ago():
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert ui_state.ago(None) == "unknown"
    assert ui_state.ago(now - timedelta(seconds=5), now) == "just now"
    assert ui_state.ago(now - timedelta(minutes=1), now) == "1 minute ago"
    assert ui_state.ago(now - timedelta(hours=3), now) == "3 hours ago"
    assert ui_state.ago(now - timedelta(days=2), now) == "2 days ago"


def test_eval_summary_from_state_dir(tmp_path):
    settings = get_settings(state_dir=tmp_path / "state")
    assert ui_state.eval_summary(settings) is None or ui_state.eval_summary(settings)[0].parts[0] == "reports"
    path = tmp_path / "state" / "reports" / "latest-summary.json"
    path.parent.mkdir(parents=True)
    path.write_text("not json")
    assert ui_state.eval_summary(settings) is None or ui_state.eval_summary(settings)[0] != path
    path.write_text(json.dumps({"pass_rate": 0.9, "by_kind": {"compare": 1.0}, "rows": [1, 2], "name": "x"}))
    found, data = ui_state.eval_summary(settings)
    assert found == path and data["pass_rate"] == 0.9
    assert ui_state.flatten(data) == [("pass_rate", "0.9"), ("by_kind.compare", "1"), ("rows", "2 items"), ("name", "x")]


def test_eval_view_of_the_advisor_eval_summary_and_of_anything_else():
    view = ui_state.eval_view({
        "questions": 65, "backend": "extractive",
        "metrics": {"ours": {"mrr": 0.8167, "latency_p95_ms": 65.85, "new_metric": 0.5},
                    "baseline": {"mrr": 0.5857, "latency_p95_ms": 44.33}},
        "generated_at": "2026-11-22T06:06:29+00:00", "gate": {"passed": True, "failures": []}})
    assert view.passed is True and view.headline == "65 questions · extractive backend"
    assert view.rows == [("MRR", "0.82", "0.59"), ("Latency p95", "66 ms", "44 ms"), ("New metric", "0.50", "–")]
    assert view.generated_at.year == 2026 and view.failures == []
    other = ui_state.eval_view({"score": 0.5, "nested": {"a": {"b": 1}}})
    assert other.passed is None and other.headline == ""
    assert other.rows == [("score", "0.5", ""), ("nested.a.b", "1", "")]


def test_history_and_suggestion_stripping():
    from rag.models import Answer

    a = Answer(question="q", answer="A [1]", answerable=True, intent="fact")
    messages = [{"role": "user", "content": "q"}, {"role": "assistant", "answer": a},
                {"role": "user", "content": "bad"}, {"role": "assistant", "answer": None, "error": "x"}]
    assert ui_state.history(messages) == [
        {"role": "user", "content": "q"}, {"role": "assistant", "content": "A [1]"}, {"role": "user", "content": "bad"}]
    text = "I can't answer that.\n\nYou could ask:\n- What first?\n- Compare A with B"
    assert ui_state.strip_suggestions(text, ["What first?", "Compare A with B"]) == "I can't answer that."
    assert ui_state.strip_suggestions(text, []) == text


def test_bold_lines_end_their_paragraph_also_when_streamed():
    text = "**Roadmap A**\nYour question points to **Q2** [1].\n1. **Q3**: x [2]\n\n**Roadmap B**\nmore\n*it*"
    assert ui_state.paragraphs(text).startswith("**Roadmap A**\n\nYour question")
    assert "**Roadmap B**\n\nmore" in ui_state.paragraphs(text)
    for size in (1, 2, 3, 5, 8, 100):
        pieces = [text[i:i + size] for i in range(0, len(text), size)]
        assert "".join(ui_state.stream_paragraphs(pieces)) == ui_state.paragraphs(text)
