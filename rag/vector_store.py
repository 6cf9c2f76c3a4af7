"""What retrieval, the index snapshot, ingest and the commands need from a store of embedded passages.

`rag.store.IndexStore` (Chroma, embedded or a server) is the one implementation, and
`rag.stores.open_store(settings)` the one place that builds it; another vector store implements
`VectorStore` and nothing above it changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Protocol

from rag.models import Passage, RoadmapStructure
from rag.settings import Settings


@dataclass
class ManifestEntry:
    source: str
    hash: str
    chunk_ids: list[str]
    structure: RoadmapStructure | None
    kind: str = "roadmap"  # roadmap | catalogue


class VectorStore(Protocol):
    """The store's side of the contract: opening, reads for retrieval and the snapshot, writes for ingest."""

    settings: Settings

    # -- opening -------------------------------------------------------------------------------
    def exists(self) -> bool:
        """Whether the index has been made (an empty or broken one counts: opening it says which)."""

    def probe(self) -> None:
        """Raise IndexCorruptError when the index cannot be opened or listed."""

    def open_for_read(self) -> "VectorStore":
        """The store itself, opened; IndexMissingError when there is no index or it holds nothing."""

    def open_for_write(self, *, rebuild: bool = False, dimension: int | None = None) -> "VectorStore":
        """The store itself, its collections made when missing (`rebuild`: made anew)."""

    def reopen(self) -> "VectorStore":
        """Forget what this process holds open, so the next read sees other processes' writes."""

    def modified_at(self) -> float | None:
        """When the index's files last changed (None when it has none here, e.g. a server)."""

    def index_facts(self) -> dict[str, Any]:
        """Where the index is, its embedding model and dimension, passages and sources."""

    # -- reads ---------------------------------------------------------------------------------
    def generation(self) -> str:
        """An id that changes with every sync that changed the index ("" for an index without one)."""

    def count(self) -> int: ...

    def sources(self) -> int:
        """How many sources the manifest records, without reading their records."""

    def all_passages(self) -> list[Passage]: ...

    def documents(self) -> list[str]:
        """Every stored passage's text as it was embedded."""

    def manifest(self) -> dict[str, "ManifestEntry"]: ...

    def structures(self) -> list[RoadmapStructure]: ...

    def dense_search(self, vector: list[float], k: int, *, where: dict | None = None,
                     where_document: dict | None = None, ids: list[str] | None = None) -> list[tuple[Passage, float]]:
        """The k nearest passages as (passage, cosine distance), best first; `ids` restricts the
        search to those passages (Chroma searches its HNSW with exactly that allowed set)."""

    def vectors(self, ids: list[str]) -> dict[str, Any]:
        """The stored vector of each id the index still has (numpy float32 arrays)."""

    # -- writes (ingest, under its lock) -------------------------------------------------------
    def max_batch_size(self) -> int:
        """The most records one upsert may carry."""

    def upsert(self, ids: list[str], documents: list[str], metadatas: list[dict], embeddings: list[list[float]]) -> None: ...

    def delete(self, ids: Iterable[str]) -> None: ...

    def ids_for_source(self, source: str) -> list[str]: ...

    def put_manifest(self, entry: "ManifestEntry") -> None: ...

    def put_manifests(self, entries: list["ManifestEntry"]) -> None:
        """Several sources' records in one write."""

    def delete_manifest(self, source: str) -> None: ...

    def bump_generation(self) -> None: ...

    def settle(self) -> None:
        """Housekeeping a writer does under the ingest lock so that readers open fast."""
