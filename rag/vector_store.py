"""What retrieval, the index snapshot and ingest need from a store of embedded passages.

`rag.store.IndexStore` (Chroma, embedded or a server) is the one implementation; another vector
store implements `VectorStore` and nothing above it changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Protocol

from rag.models import Passage, RoadmapStructure


@dataclass
class ManifestEntry:
    source: str
    hash: str
    chunk_ids: list[str]
    structure: RoadmapStructure | None
    kind: str = "roadmap"  # roadmap | catalogue


class VectorStore(Protocol):
    """The store's side of the contract: reads for retrieval and the snapshot, writes for ingest."""

    def generation(self) -> str:
        """An id that changes with every sync that changed the index ("" for an index without one)."""

    def count(self) -> int: ...

    def all_passages(self) -> list[Passage]: ...

    def manifest(self) -> dict[str, "ManifestEntry"]: ...

    def dense_search(self, vector: list[float], k: int, *, where: dict | None = None,
                     where_document: dict | None = None, ids: list[str] | None = None) -> list[tuple[Passage, float]]:
        """The k nearest passages as (passage, cosine distance), best first; `ids` restricts the
        search to those passages (Chroma searches its HNSW with exactly that allowed set)."""

    def vectors(self, ids: list[str]) -> dict[str, Any]:
        """The stored vector of each id the index still has (numpy float32 arrays)."""

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
