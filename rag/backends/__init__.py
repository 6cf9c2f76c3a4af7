"""Generation backends. `extractive` is the default and the fallback of every other backend."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rag.errors import UnknownBackendError

if TYPE_CHECKING:  # pragma: no cover
    from rag.backends.base import Backend
    from rag.settings import Settings

BACKENDS = ("extractive", "openai", "local")


def build_backend(name: str, settings: "Settings", embedder: Any) -> "Backend":
    """The backend called `name`, configured from `settings`; `embedder` serves its citation checker."""
    if name == "extractive":
        from rag.backends.extractive import ExtractiveBackend

        return ExtractiveBackend()
    if name == "openai":
        from rag.backends.llm import build_openai

        return build_openai(settings, embedder)
    if name == "local":
        from rag.backends.llm import build_local

        return build_local(settings, embedder)
    raise UnknownBackendError(name, list(BACKENDS))
