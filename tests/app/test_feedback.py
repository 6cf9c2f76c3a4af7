"""The feedback store (SQLite) and its export to eval dataset lines."""

from __future__ import annotations

import json
import sqlite3

import pytest

from app.feedback import FeedbackError, FeedbackStore, cite_group, cite_groups, to_eval_case
from rag.models import Answer, Citation


def answer(text="Do **Step 7** [2] then [1].", answerable=True, intent="next_step", citations=None) -> Answer:
    if citations is None:
        citations = [
            Citation(id=1, chunk_id="a", source="corpus/g.md", title="Gen AI", text="t1", score=0.9,
                     section="Step 8: Generative Models > What to Learn?"),
            Citation(id=2, chunk_id="b", source="corpus/g.md", title="Gen AI", text="t2", score=0.8,
                     section="Step 7: Natural Language Processing (NLP) > Resources"),
            Citation(id=3, chunk_id="c", source="corpus/resources.yaml", title="Resource catalogue", text="t3",
                     score=0.7, section="Resources > MLflow"),
        ]
    return Answer(question="q", answer=text, answerable=answerable, intent=intent, citations=citations)


@pytest.fixture
def store(tmp_path) -> FeedbackStore:
    return FeedbackStore.in_dir(tmp_path / "state")


def test_record_replace_and_remove(store):
    history = [{"role": "user", "content": "I know PyTorch"}, {"role": "assistant", "content": "ok"}]
    store.record("m1", "What next?", history, answer(), 1)
    rows = store.rows()
    assert len(rows) == 1
    row = rows[0]
    assert (row.id, row.question, row.history, row.rating, row.intent, row.answerable, row.backend) == (
        "m1", "What next?", history, 1, "next_step", True, "extractive")
    assert [c["section"] for c in row.citations][0].startswith("Step 8")
    assert row.created_at.endswith("+00:00")

    store.record("m1", "What next?", history, answer(), 0)
    assert [r.rating for r in store.rows()] == [0]
    store.record("m2", "Other", [], answer(), 1)
    assert store.counts() == {"up": 1, "down": 1}
    assert [r.id for r in store.rows(rating=1)] == ["m2"]
    store.record("m1", "What next?", history, answer(), None)
    assert [r.id for r in store.rows()] == ["m2"]


def test_rejects_other_ratings(store):
    with pytest.raises(ValueError):
        store.record("m", "q", [], answer(), 5)


def test_it_is_plain_sqlite(store):
    store.record("m1", "q", [], answer(), 1)
    with sqlite3.connect(store.path) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(feedback)")]
    assert columns == ["id", "created_at", "question", "history", "answer", "citations", "intent",
                       "answerable", "backend", "rating"]


def test_no_file_no_rows(tmp_path):
    assert FeedbackStore.in_dir(tmp_path / "nowhere").rows() == []


def test_damaged_file_is_one_line_naming_it_and_kept(store):
    """A damaged feedback file is the project's error (shown in the UI beside the feedback), never a
    traceback, and the message never suggests deleting the file."""
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(b"this is not a database" * 100)
    for call in (store.rows, store.counts, store.export_jsonl, lambda: store.record("m1", "q", [], answer(), 1)):
        with pytest.raises(FeedbackError) as caught:
            call()
        message = str(caught.value)
        assert "\n" not in message and str(store.path) in message
        assert not any(word in message.lower() for word in ("delete", "remove", "rm "))
    assert store.path.read_bytes() == b"this is not a database" * 100


def test_cite_groups_follow_the_answer_order():
    assert cite_group("Step 7: NLP > Resources") == "Step 7: NLP"
    assert cite_group("Resources > MLflow") == "MLflow"
    assert cite_group("") == ""
    citations = [c.model_dump() for c in answer().citations]
    assert cite_groups("Do [2] then [1].", citations) == [
        ["Step 7: Natural Language Processing (NLP)"], ["Step 8: Generative Models"], ["MLflow"]]
    assert len(cite_groups("", citations, limit=2)) == 2


def test_export_lines_are_eval_cases(store):
    store.record("aaaaaa111", "What should I learn after PyTorch?", [], answer(), 1)
    store.record("bbbbbb222", "Best pizza in Rome?", [], answer("I can't answer that.", False, "out_of_scope", []), 0)
    store.record("cccccc333", "Any resources for that?",
                 [{"role": "user", "content": "What after PyTorch?"}, {"role": "assistant", "content": "NLP [1]"}],
                 answer(intent="resources"), 1)
    lines = store.export_jsonl().splitlines()
    cases = {c["id"]: c for c in map(json.loads, lines)}
    assert len(lines) == 3
    for case in cases.values():
        assert set(case) == {"id", "kind", "turns", "cite", "mention", "answerable"}
    up = cases["feedback-what-should-i-learn-after-pytorch-aaaaaa"]
    assert up["kind"] == "next-step" and up["turns"] == ["What should I learn after PyTorch?"]
    assert up["cite"][0] == ["Step 7: Natural Language Processing (NLP)"] and up["answerable"] is True
    down = cases["feedback-best-pizza-in-rome-bbbbbb"]
    assert down["kind"] == "out-of-scope" and down["cite"] == [] and down["answerable"] is True  # to review
    follow = cases["feedback-any-resources-for-that-cccccc"]
    assert follow["kind"] == "follow-up" and follow["turns"] == ["What after PyTorch?", "Any resources for that?"]
    assert store.export_jsonl(rating=0).count("\n") == 1


def test_refusal_rated_up_stays_unanswerable():
    from app.feedback import FeedbackRow

    row = FeedbackRow("x", "t", "pizza?", [], "I can't answer", [], "out_of_scope", False, "extractive", 1)
    assert to_eval_case(row)["answerable"] is False and to_eval_case(row)["cite"] == []
