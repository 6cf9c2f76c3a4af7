"""Which store an index lives in: the one place that picks the `VectorStore` implementation.

Everything above the store (the advisor, ingest, the plan and link commands, the UI, the bench)
gets its store here, so another vector store is one class and one line below.
"""

from __future__ import annotations

from rag.settings import Settings
from rag.vector_store import VectorStore


def open_store(settings: Settings) -> VectorStore:
    """The store of the index the settings name: Chroma, embedded in `db_dir`, or a `chroma run`
    server when `chroma_host` is set. Nothing is opened (nor Chroma imported) until it is used."""
    from rag.store import IndexStore

    return IndexStore(settings)
