"""Generation backends. `extractive` is the default and the fallback of every other backend."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rag.errors import UnknownBackendError

if TYPE_CHECKING:  # pragma: no cover
    from rag.advisor import Advisor
    from rag.settings import Settings

BACKENDS = ("extractive", "openai", "local")


def make_backend(settings: "Settings", advisor: "Advisor"):
    if settings.backend == "extractive":
        from rag.backends.extractive import ExtractiveBackend

        return ExtractiveBackend(advisor)
    if settings.backend in ("openai", "local"):
        from rag.backends.llm import build_llm_backend

        return build_llm_backend(settings, advisor)
    raise UnknownBackendError(settings.backend, list(BACKENDS))
