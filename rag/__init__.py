"""Retrieval and answering over the roadmap index.

Heavy libraries (torch, chromadb, langchain) are imported lazily inside functions so that
`import rag` stays cheap; the public entry points are re-exported lazily too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from rag.models import Answer

__all__ = ["answer", "stream_answer"]


def answer(question: str, history: list[dict[str, str]] | None = None, **options: Any) -> "Answer":
    """Answer one question (with earlier turns) from the default advisor."""
    from rag.advisor import get_advisor

    return get_advisor(**options).answer(question, history=history or [])


def stream_answer(question: str, history: list[dict[str, str]] | None = None, **options: Any):
    """Yield text pieces as they are produced, then the final Answer."""
    from rag.advisor import get_advisor

    yield from get_advisor(**options).stream(question, history=history or [])
