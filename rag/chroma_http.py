"""Chroma's HTTP client with every request bounded in time, from the very first one.

chromadb's FastAPI client keeps an httpx session with `timeout=None`, and `HttpClient()` already
makes requests (user identity, tenant, database) while it is being built, so bounding the session
afterwards was too late: a server that accepts connections and never answers (stopped with SIGSTOP,
overloaded) hung `ask` and `ingest` forever. This client bounds the session right before the first
request. There is no public setting for it (chromadb 1.5); this module is the one place that knows.
"""

from __future__ import annotations

import httpx
from chromadb.api.client import Client
from chromadb.config import Settings as ChromaSettings


class BoundedHttpClient(Client):
    def __init__(self, *, seconds: float, settings: ChromaSettings):
        self._seconds = seconds
        super().__init__(settings=settings)

    def get_user_identity(self):
        """The first request the client makes: its session is bounded before it goes out."""
        session = getattr(self._server, "_session", None)
        if isinstance(session, httpx.Client):
            session.timeout = httpx.Timeout(self._seconds, connect=min(self._seconds, 5.0))
        return super().get_user_identity()


def bounded_http_client(host: str, port: int, seconds: float) -> Client:
    """What `chromadb.HttpClient(host, port)` builds, with every request failing after `seconds`."""
    settings = ChromaSettings(
        anonymized_telemetry=False, allow_reset=True, chroma_api_impl="chromadb.api.fastapi.FastAPI",
        chroma_server_host=host, chroma_server_http_port=port, chroma_server_ssl_enabled=False,
    )
    return BoundedHttpClient(seconds=seconds, settings=settings)
