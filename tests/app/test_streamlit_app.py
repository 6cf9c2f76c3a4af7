"""The Streamlit app through streamlit.testing.v1.AppTest: a real script run against the real
corpus index (extractive backend, offline), one AppTest per test with its own state directory."""

from __future__ import annotations

import json
import re

from app.feedback import FeedbackStore
from app.render import citation_markers
from tests.app.conftest import ask, keyed, latest_message, plain

STARTERS = ["What should I learn after PyTorch?", "Compare NLP & LLMs with computer vision", "Resources for SQL?"]
TABLE = re.compile(r"^\|.*\|\s*\n\|(\s*:?-{3,}:?\s*\|)+", re.M)


def test_empty_chat_offers_starter_questions(app):
    labels = [app.button(key=f"starter-{i}").label for i in range(3)]
    assert labels == STARTERS
    assert app.session_state["messages"] == []
    assert app.chat_input(key="chat").placeholder.startswith("Ask about your AI/ML learning path")


def test_chat_round_trip_with_numbered_source_and_resource_cards(app):
    ask(app, "What should I learn after PyTorch?")
    roles = [m.name for m in app.chat_message]
    assert roles == ["user", "assistant"]
    message = latest_message(app)
    answer = message["answer"]
    assert answer.answerable and answer.intent == "next_step"
    assert "Step 7" in answer.answer or "Q3 2026" in answer.answer

    # The streamed answer was replaced by the full, sanitised Markdown with badge markers.
    rendered = [m.value for m in app.chat_message[1].markdown if "badge[1]" in m.value]
    assert rendered, "the answer with its [n] markers is on the page"

    # One source card per citation, numbered like the markers, with title and section.
    mid = message["id"]
    cards = keyed(app, f"source-{mid}-")
    numbers = sorted(int(card.key.rsplit("-", 1)[1]) for card in cards)
    markers = citation_markers(answer.answer)
    assert markers and set(markers) <= set(numbers)
    assert numbers == sorted(c.id for c in answer.citations)
    first = app.get_by_key(f"source-{mid}-1")
    header = first.markdown[0].value
    assert header.startswith(":blue-badge[1] **") and "Roadmap" in header
    assert "›" in header or ">" in header  # the section path

    # Resource cards: title (link), kind, cost, the citation number.
    resources = keyed(app, f"resource-{mid}-")
    assert len(resources) == len(answer.resources) > 0
    card = resources[0].markdown
    assert card[0].value.startswith("**[") and "](https://" in card[0].value
    assert re.search(r":(green|orange|blue|gray)-badge\[(Free|Paid|Freemium|Cost unknown)", card[1].value)

    # Feedback widget and the footer under the answer.
    assert app.feedback(key=f"feedback-{mid}") is not None

    # The conversation survives reruns, and a follow-up carries the history.
    app.run()
    assert [m.name for m in app.chat_message] == ["user", "assistant"]
    ask(app, "Any resources for that?")
    assert [m.name for m in app.chat_message] == ["user", "assistant", "user", "assistant"]
    follow_up = latest_message(app)
    assert [t["role"] for t in follow_up["history"]] == ["user", "assistant"]
    assert follow_up["answer"].answerable


def test_comparison_answer_renders_as_a_table(app):
    app.button(key="starter-1").click().run()
    assert not app.exception
    answer = latest_message(app)["answer"]
    assert answer.intent == "compare"
    tables = [m.value for m in app.chat_message[1].markdown if TABLE.search(m.value)]
    assert tables, "the comparison is a Markdown table (rendered as an HTML table)"
    assert "NLP" in tables[0] and "vision" in tables[0].lower()
    assert "|---|" in tables[0].replace(" ", "")


def test_out_of_scope_is_marked_and_offers_suggestions(app):
    ask(app, "What is the best pizza in Rome?")
    message = latest_message(app)
    answer = message["answer"]
    assert not answer.answerable and answer.intent == "out_of_scope" and answer.suggestions
    assistant = app.chat_message[1]
    assert any("Outside the roadmaps" in m.value for m in assistant.markdown)  # st.badge
    buttons = keyed(app, f"suggest-{message['id']}-")
    assert len(buttons) == len(answer.suggestions)
    # The suggested questions are buttons, not repeated as a list in the text.
    body = [m.value for m in assistant.markdown if "can't answer" in m.value][0]
    assert "You could ask" not in body
    buttons[0].click().run()
    assert not app.exception
    follow = latest_message(app)
    assert follow["question"] == answer.suggestions[0]
    assert follow["answer"].answerable


def test_backend_without_key_shows_error_and_answers_offline(app):
    app.selectbox(key="backend").select("openai").run()
    errors = [plain(e.value) for e in app.sidebar.error]
    assert errors and "OPENAI_API_KEY" in errors[0]
    assert "extractive" in errors[0].lower()
    crosses = [m.value for m in app.sidebar.markdown if ":material/cancel:" in m.value]
    assert any("API key" in c for c in crosses)
    ask(app, "What should I learn after PyTorch?")
    message = latest_message(app)
    assert message["answer"].backend == "extractive" and message["answer"].answerable
    assert message["fallback"] and "OPENAI_API_KEY" in message["fallback"]
    footer = app.get_by_key(f"footer-{message['id']}")
    assert any("Extractive" in c.value for c in footer.caption)
    # Switching back clears the error.
    app.selectbox(key="backend").select("extractive").run()
    assert not app.sidebar.error


def test_local_backend_without_model_explains_the_fix(app, monkeypatch, tmp_path):
    monkeypatch.setenv("ADVISOR_LOCAL_MODEL_PATH", str(tmp_path / "missing.gguf"))
    app.selectbox(key="backend").select("local").run()
    errors = [plain(e.value) for e in app.sidebar.error]
    assert errors and "ADVISOR_LOCAL_MODEL_PATH" in errors[0] and "does not exist" not in errors[0]
    assert any("missing.gguf does not exist" in plain(m.value) for m in app.sidebar.markdown)
    ask(app, "Resources for SQL?")
    assert latest_message(app)["answer"].backend == "extractive"


def test_feedback_is_stored_in_sqlite_and_exported_as_eval_cases(app, app_env):
    ask(app, "What should I learn after PyTorch?")
    message = latest_message(app)
    app.feedback(key=f"feedback-{message['id']}").set_value(1).run()
    assert not app.exception
    rows = FeedbackStore.in_dir(app_env).rows()
    assert len(rows) == 1
    row = rows[0]
    assert (row.question, row.rating, row.intent, row.answerable) == (
        "What should I learn after PyTorch?", 1, "next_step", True)
    assert row.history == [] and row.answer == message["answer"].answer
    assert [c["id"] for c in row.citations] == [c.id for c in message["answer"].citations]
    assert all(c["section"] and c["text"] for c in row.citations)

    # Changing the rating replaces the row; the export button offers eval lines.
    app.feedback(key=f"feedback-{message['id']}").set_value(0).run()
    assert [r.rating for r in FeedbackStore.in_dir(app_env).rows()] == [0]
    app.feedback(key=f"feedback-{message['id']}").set_value(1).run()
    export = app.get_by_key("export-feedback")
    assert not export.proto.disabled
    lines = FeedbackStore.in_dir(app_env).export_jsonl().splitlines()
    case = json.loads(lines[0])
    assert set(case) == {"id", "kind", "turns", "cite", "mention", "answerable"}
    assert case["kind"] == "next-step" and case["turns"] == ["What should I learn after PyTorch?"]
    assert case["cite"] and all(isinstance(g, list) and g for g in case["cite"])


def test_damaged_feedback_file_is_one_line_in_the_sidebar(app, app_env):
    path = FeedbackStore.in_dir(app_env).path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    app.run()
    assert not app.exception
    errors = [plain(e.value) for e in app.sidebar.error if "feedback file" in plain(e.value)]
    assert len(errors) == 1 and str(path.name) in errors[0] and "delete" not in errors[0].lower()
    assert app.get_by_key("export-feedback").proto.disabled
    assert path.read_bytes() == b"this is not a database" * 100


def test_roadmap_selector_names_roadmaps_as_answers_do(app):
    ask(app, "What is the best pizza dough recipe?")
    refusal = latest_message(app)["answer"]
    assert not refusal.answerable
    labels = [o.content for o in app.get_by_key("roadmap-view").proto.options]
    assert len(labels) == 2 and all(f"*{label}*" in refusal.answer for label in labels)


def test_new_chat_clears_the_conversation(app):
    app.button(key="starter-2").click().run()
    assert len(app.session_state["messages"]) == 2
    app.button(key="new-chat").click().run()
    assert app.session_state["messages"] == []
    assert app.button(key="starter-0").label == STARTERS[0]


def test_roadmap_picture_highlights_cited_stages_and_asks_about_a_stage(app):
    panel = app.get_by_key("roadmap-panel")
    chart = [n for n in panel if getattr(n, "type", "") == "graphviz_chart"]
    assert chart and "digraph roadmap" in chart[0].proto.spec

    ask(app, "What should I learn after PyTorch?")
    view = app.session_state["roadmap-view"]
    panel = app.get_by_key("roadmap-panel")
    spec = [n for n in panel if getattr(n, "type", "") == "graphviz_chart"][0].proto.spec
    assert 'fillcolor="#4f46e5"' in spec  # cited stages highlighted
    assert any("Highlighted" in c.value for c in panel.caption)

    picker = app.selectbox(key=f"stage-{view}")
    first = picker.options[0]
    picker.select_index(0).run()
    assert not app.exception
    asked = latest_message(app)["question"]
    assert asked.startswith("What should I learn in ") and asked.endswith("?")
    assert first.split(":")[0] in asked
    assert app.selectbox(key=f"stage-{view}").value is None  # ready for the next pick


def test_index_facts_and_eval_summary_in_sidebar(app_env, corpus_index):
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import SCRIPT, APP_TIMEOUT

    reports = app_env / "reports"
    reports.mkdir(parents=True)
    (reports / "latest-summary.json").write_text(json.dumps({
        "questions": 65, "backend": "extractive",
        "metrics": {"ours": {"citation_recall": 0.97, "groundedness": 1.0, "latency_p50_ms": 38.9},
                    "baseline": {"citation_recall": 0.76, "groundedness": 1.0, "latency_p50_ms": 33.1}},
        "generated_at": "2026-01-01T10:00:00+00:00", "datasets": ["evals/datasets/roadmap_qa.jsonl"],
        "gate": {"passed": False, "failures": ["keypoint_recall 0.41 < 0.60"]}}))
    at = AppTest.from_file(str(SCRIPT), default_timeout=APP_TIMEOUT).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.sidebar.metric}
    assert metrics["Documents"] == "3" and metrics["Roadmaps"] == "2" and int(metrics["Passages"]) > 50
    assert any("Last sync:" in c.value for c in at.sidebar.caption)
    tables = [plain(m.value) for m in at.sidebar.markdown if "| Metric | Ours | Baseline |" in m.value]
    assert tables and "| Citation recall | 0.97 | 0.76 |" in tables[0] and "| Latency p50 | 39 ms | 33 ms |" in tables[0]
    assert any("Gate failed" in m.value for m in at.sidebar.markdown)  # st.badge
    captions = [plain(c.value) for c in at.sidebar.caption]
    assert any("65 questions · extractive backend" in c for c in captions)
    assert any("keypoint_recall 0.41 < 0.60" in c for c in captions)


def test_top_k_slider_limits_the_passages(app):
    app.slider(key="top_k").set_value(2).run()
    ask(app, "What should I learn after PyTorch?")
    message = latest_message(app)
    assert message["top_k"] == 2  # the advisor that answered retrieves 2 passages per search
    assert message["answer"].answerable


class ScriptedOpenAI:
    """A scripted OpenAI-compatible server on loopback (GET /v1/models, POST /v1/chat/completions,
    streamed or not). It answers every question with a sentence that cites nothing, so the
    backend's citation check must reject it and fall back to the extractive answer with a notice."""

    REPLY = "You should learn to cook pasta first, it is the most important skill."

    def __init__(self):
        import http.server
        import threading

        self.requests: list[dict] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _send(self, code: int, body: bytes, content_type: str = "application/json") -> None:
                self.send_response(code)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):  # noqa: N802
                self._send(200, json.dumps({"object": "list", "data": [{"id": "scripted", "object": "model"}]}).encode())

            def do_POST(self):  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                outer.requests.append(body)
                base = {"id": "chatcmpl-1", "created": 0, "model": body.get("model", "scripted")}
                if not body.get("stream"):
                    reply = {**base, "object": "chat.completion", "choices": [
                        {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": outer.REPLY}}],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
                    self._send(200, json.dumps(reply).encode())
                    return
                events = []
                for word in outer.REPLY.split(" "):
                    delta = {"role": "assistant", "content": word + " "}
                    events.append({**base, "object": "chat.completion.chunk",
                                   "choices": [{"index": 0, "delta": delta, "finish_reason": None}]})
                events.append({**base, "object": "chat.completion.chunk",
                               "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
                stream = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"
                self._send(200, stream.encode(), "text/event-stream")

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_openai_compatible_backend_streams_through_the_ui_and_its_notice_shows(app, monkeypatch):
    from rag.advisor import reset_advisors

    server = ScriptedOpenAI()
    monkeypatch.setenv("OPENAI_API_KEY", "local")
    monkeypatch.setenv("OPENAI_BASE_URL", server.url)
    monkeypatch.setenv("ADVISOR_OPENAI_MODEL", "scripted-model")
    try:
        app.selectbox(key="backend").select("openai").run()
        assert not app.sidebar.error
        assert any("OpenAI" in plain(s.value) for s in app.sidebar.success)
        ticks = [plain(m.value) for m in app.sidebar.markdown if ":material/check_circle:" in m.value]
        assert any("Server reachable" in t and server.url in t for t in ticks)

        ask(app, "What should I learn after PyTorch?")
        message = latest_message(app)
        answer = message["answer"]
        assert any(r.get("stream") for r in server.requests), "the answer was streamed from the server"
        assert any("What should I learn after PyTorch?" in json.dumps(r) for r in server.requests)
        # The model's uncited reply was rejected by the citation check: extractive answer + notice.
        assert message["fallback"] is None
        assert answer.notice and "extractive" in answer.notice
        assert any("extractive" in plain(i.value) for i in app.chat_message[1].info)
        assert "cook pasta" not in " ".join(m.value for m in app.chat_message[1].markdown)
        assert keyed(app, f"source-{message['id']}-")
    finally:
        server.close()
        reset_advisors()
