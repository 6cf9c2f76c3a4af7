"""The one place that knows Chroma: clients, collections, the manifest and the stored structure.

Two collections per index: `<name>` holds the passages (embedded with our model, recorded in the
collection metadata), `<name>_meta` holds one record per source (its hash, chunk ids and parsed
roadmap structure) so that sync and the roadmap-aware answerer work the same against an embedded
index or a `chroma run` server.
"""

from __future__ import annotations

import json
import logging
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable

from rag.errors import (IndexChangedError, IndexCorruptError, IndexMissingError, ModelMismatchError,
                        StoreUnavailableError)
from rag.models import Passage, RoadmapStructure
from rag.store_records import SHARED_METADATA, passage_from_record
from rag.settings import Settings
from rag.vector_store import ManifestEntry

log = logging.getLogger(__name__)
SCHEMA_VERSION = 1
GENERATION_ID = "__generation__"  # a record of the meta collection that changes with every sync, not a source
# The meta collection holds few, large records (one per source, with its structure as JSON): they
# never reached Chroma's default sync threshold (1,000), so its segment was never persisted and every
# new process replayed its whole write log (at 100,000 passages: 991 records, 62 MB, ~0.9 s of CPU).
# Persisted after every write (a few ms: its vectors are one number each), nothing is replayed.
META_HNSW = {"sync_threshold": 1, "batch_size": 1}
EF_NAME = "advisor_sentence_transformer"


def chroma_embedding_function(settings: Settings):
    """Our model behind Chroma's EmbeddingFunction protocol, so Chroma never falls back to its
    downloading default. Registered under a stable name; the config holds the model name only."""
    from chromadb.api.types import Documents, EmbeddingFunction
    from chromadb.utils.embedding_functions import known_embedding_functions, register_embedding_function

    if EF_NAME in known_embedding_functions:
        return known_embedding_functions[EF_NAME](settings.embedding_model)

    @register_embedding_function
    class AdvisorEmbeddingFunction(EmbeddingFunction[Documents]):
        def __init__(self, model_name: str):
            self.model_name = model_name

        @cached_property
        def _embedder(self):
            from rag.embeddings import Embedder
            from rag.settings import get_settings

            return Embedder(get_settings(embedding_model=self.model_name))

        def __call__(self, input: Documents):
            import numpy as np

            return [np.asarray(v, dtype=np.float32) for v in self._embedder.embed_documents(list(input))]

        @staticmethod
        def name() -> str:
            return EF_NAME

        def default_space(self):
            return "cosine"

        def get_config(self) -> dict[str, Any]:
            return {"model_name": self.model_name}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> "AdvisorEmbeddingFunction":
            return AdvisorEmbeddingFunction(config["model_name"])

    return AdvisorEmbeddingFunction(settings.embedding_model)


class IndexStore:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.meta_name = f"{settings.collection}_meta"

    # -- clients -------------------------------------------------------------------------------
    @cached_property
    def client(self):
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
        if self.settings.chroma_host:
            from rag.chroma_http import bounded_http_client

            seconds = self.settings.store_timeout_s
            try:
                return bounded_http_client(self.settings.chroma_host, self.settings.chroma_port, seconds)
            except Exception as exc:  # chromadb raises plain ValueError/ConnectionError/httpx errors here
                timed_out = "timeout" in type(exc).__name__.lower() or "timed out" in str(exc).lower()
                reason = f"no answer within {seconds:g} s: is it stopped or overloaded?" if timed_out else str(exc)
                raise StoreUnavailableError(self.settings.index_location(), reason) from exc
        path = Path(self.settings.db_dir)
        try:
            return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
        except Exception as exc:
            raise IndexCorruptError(str(path), f"{exc.__class__.__name__}: {exc}") from exc

    def reopen(self) -> "IndexStore":
        """Forget the open client and collections. The embedded Chroma keeps one system per path and
        process, with its HNSW in memory, and does not see another process's writes until that cache
        is cleared (measured: deleted ids then fail every query with 'Error finding id')."""
        client = self.__dict__.get("client")
        if client is not None and not self.settings.chroma_host:
            from chromadb.api.shared_system_client import SharedSystemClient

            # Only this index's system: other indexes open in the process keep theirs. The old system
            # is not stopped, so a query already running on it in another thread still finishes.
            SharedSystemClient._identifier_to_system.pop(client._identifier, None)
            SharedSystemClient._identifier_to_refcount.pop(client._identifier, None)
        for name in ("client", "chunks", "meta"):
            self.__dict__.pop(name, None)
        return self

    def _ingest_command(self) -> str:
        """The sync that fills this index. Another index than the default holds roadmaps only the user
        knows (an eval's index holds one dataset's corpus): the command asks for them, since without a
        folder it would fill that index with the default corpus."""
        from rag.settings import Settings

        default = Settings.model_fields["db_dir"].default
        if self.settings.chroma_host or Path(self.settings.db_dir) == Path(default):
            return "advisor ingest"
        return (f"advisor ingest --db {self.settings.db_dir} <folder of its roadmaps> (without a folder it "
                f"indexes the default corpus, {self.settings.corpus_dir})")

    def exists(self) -> bool:
        if not self.settings.chroma_host and not (Path(self.settings.db_dir) / "chroma.sqlite3").exists():
            return False
        try:
            names = {c if isinstance(c, str) else c.name for c in self._call(self.client.list_collections)}
        except IndexCorruptError:
            return True  # present but broken: opening it reports the corruption
        return self.settings.collection in names and self.meta_name in names

    def probe(self) -> None:
        """Raise IndexCorruptError when Chroma cannot open or list this index."""
        _ = self.client
        if self.exists():
            self._call(self.client.list_collections)

    def modified_at(self) -> float | None:
        """When an embedded index's files last changed (None for a server or no index)."""
        if self.settings.chroma_host:
            return None
        try:
            return (Path(self.settings.db_dir) / "chroma.sqlite3").stat().st_mtime
        except OSError:
            return None

    def _call(self, fn, *args, **kwargs):
        """Run a Chroma call, turning its failures into errors a user can act on."""
        try:
            return fn(*args, **kwargs)
        except (IndexMissingError, IndexCorruptError, ModelMismatchError, StoreUnavailableError, IndexChangedError):
            raise
        except Exception as exc:
            text = f"{exc.__class__.__name__}: {exc}"
            if self.settings.chroma_host and any(
                word in text.lower() for word in ("connect", "timeout", "timed out", "refused", "unreachable")
            ):
                raise StoreUnavailableError(self.settings.index_location(), text) from exc
            if "error finding id" in text.lower():  # this process's HNSW is older than the index on disk
                raise IndexChangedError(self.settings.index_location()) from exc
            self.reopen()  # a broken index's system is not reused once it is moved aside and rebuilt
            raise IndexCorruptError(self.settings.index_location(), text) from exc

    # -- collections ---------------------------------------------------------------------------
    @cached_property
    def chunks(self):
        return self._open_chunks(create=False)

    @cached_property
    def meta(self):
        return self._call(self.client.get_collection, self.meta_name)

    def open_for_read(self) -> "IndexStore":
        if not self.exists():
            raise IndexMissingError(self.settings.index_location(), self._ingest_command())
        _ = self.chunks, self.meta
        if self.count() == 0:
            if any(e.chunk_ids for e in self.manifest().values()):
                raise IndexCorruptError(self.settings.index_location(), "its manifest lists passages that are gone")
            raise IndexMissingError(self.settings.index_location(), self._ingest_command(), empty=True)
        return self

    def open_for_write(self, *, rebuild: bool = False, dimension: int | None = None) -> "IndexStore":
        if rebuild:
            for name in (self.settings.collection, self.meta_name):
                try:
                    self.client.delete_collection(name)
                except Exception:  # absent already
                    pass
            self.__dict__.pop("chunks", None)
            self.__dict__.pop("meta", None)
        self.__dict__["chunks"] = self._open_chunks(create=True, dimension=dimension)
        self.__dict__["meta"] = self._call(
            self.client.get_or_create_collection, self.meta_name, metadata={"schema": SCHEMA_VERSION},
            configuration={"hnsw": dict(META_HNSW)},  # a copy: Chroma fills its defaults into the dict
        )
        self.settle()
        return self

    def settle(self) -> None:
        """For a writer, under the ingest lock: an index made before META_HNSW gets it, and its meta
        log is applied, persisted and purged now (the generation record written again, unchanged)
        instead of replayed by every process that opens the index."""
        hnsw = (getattr(self.meta, "configuration_json", None) or {}).get("hnsw") or {}
        if hnsw.get("sync_threshold") == META_HNSW["sync_threshold"]:
            return
        self._call(self.meta.modify, configuration={"hnsw": dict(META_HNSW)})
        if not self.settings.chroma_host:  # this process's embedded system keeps the old setting until reopened
            self.reopen()
        generation = self.generation()
        if not generation:
            return self.bump_generation()
        self._call(self.meta.upsert, ids=[GENERATION_ID], documents=[generation],
                   metadatas=[{"kind": "generation"}], embeddings=[[1.0]])

    def _open_chunks(self, *, create: bool, dimension: int | None = None):
        ef = chroma_embedding_function(self.settings)
        if create:
            collection = self._call(
                self.client.get_or_create_collection,
                self.settings.collection,
                embedding_function=ef,
                metadata={
                    "embedding_model": self.settings.embedding_model,
                    "embedding_dim": dimension or 0,
                    "schema": SCHEMA_VERSION,
                    "hnsw:space": "cosine",
                },
            )
            recorded = (collection.metadata or {}).get("embedding_dim")
            if dimension and recorded != dimension:
                metadata = {k: v for k, v in (collection.metadata or {}).items() if not k.startswith("hnsw:")}
                self._call(collection.modify, metadata={**metadata, "embedding_dim": dimension})
        else:
            collection = self._call(self.client.get_collection, self.settings.collection, embedding_function=ef)
        self._check_model(collection)
        return collection

    def _check_model(self, collection) -> None:
        metadata = collection.metadata or {}
        built_with = metadata.get("embedding_model")
        if built_with and built_with != self.settings.embedding_model:
            raise ModelMismatchError(
                built_with, int(metadata.get("embedding_dim") or 0), self.settings.embedding_model, 0,
                where=self.settings.index_location(),
            )

    def index_facts(self) -> dict[str, Any]:
        metadata = self.chunks.metadata or {}
        return {
            "location": self.settings.index_location(),
            "embedding_model": metadata.get("embedding_model"),
            "embedding_dim": metadata.get("embedding_dim"),
            "chunks": self.count(),
            "sources": len(self.manifest()),
        }

    # -- manifest and structure ----------------------------------------------------------------
    def generation(self) -> str:
        """Changes with every sync that changed the index: one small read, cheap enough per answer."""
        got = self._call(self.meta.get, ids=[GENERATION_ID], include=["documents"])
        return (got["documents"] or [""])[0]

    def bump_generation(self) -> None:
        import uuid

        self._call(self.meta.upsert, ids=[GENERATION_ID], documents=[uuid.uuid4().hex],
                   metadatas=[{"kind": "generation"}], embeddings=[[1.0]])

    def manifest(self) -> dict[str, ManifestEntry]:
        got = self._call(self.meta.get, include=["documents", "metadatas"])
        entries: dict[str, ManifestEntry] = {}
        for record_id, document, metadata in zip(got["ids"], got["documents"] or [], got["metadatas"] or []):
            if record_id == GENERATION_ID:
                continue
            try:
                payload = json.loads(document)
                structure = payload.get("structure")
                entries[payload["source"]] = ManifestEntry(
                    source=payload["source"],
                    hash=payload["hash"],
                    chunk_ids=list(payload["chunk_ids"]),
                    structure=RoadmapStructure.model_validate(structure) if structure else None,
                    kind=payload.get("kind", "roadmap"),
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise IndexCorruptError(self.settings.index_location(), f"unreadable manifest record: {exc}") from exc
        return entries

    def put_manifest(self, entry: ManifestEntry) -> None:
        self.put_manifests([entry])

    def put_manifests(self, entries: list[ManifestEntry]) -> None:
        """One record per source, written in one call."""
        payloads = [
            {
                "source": entry.source,
                "hash": entry.hash,
                "chunk_ids": entry.chunk_ids,
                "kind": entry.kind,
                "structure": entry.structure.model_dump() if entry.structure else None,
            }
            for entry in entries
        ]
        self._call(
            self.meta.upsert,
            ids=[f"source:{entry.source}" for entry in entries],
            documents=[json.dumps(payload) for payload in payloads],
            metadatas=[{"source": entry.source, "hash": entry.hash} for entry in entries],
            embeddings=[[1.0]] * len(entries),
        )

    def sources(self) -> int:
        """How many sources the manifest records, without reading their records."""
        return max(0, self._call(self.meta.count) - (1 if self.generation() else 0))

    def delete_manifest(self, source: str) -> None:
        self._call(self.meta.delete, ids=[f"source:{source}"])

    def structures(self) -> list[RoadmapStructure]:
        return [e.structure for e in self.manifest().values() if e.structure is not None]

    # -- chunks --------------------------------------------------------------------------------
    def count(self) -> int:
        return self._call(self.chunks.count)

    def max_batch_size(self) -> int:
        return self.client.get_max_batch_size()

    def documents(self) -> list[str]:
        """Every stored chunk text as embedded (with its heading-path line)."""
        return list(self._call(self.chunks.get, include=["documents"])["documents"])

    def upsert(self, ids: list[str], documents: list[str], metadatas: list[dict], embeddings: list[list[float]]) -> None:
        self._call(self.chunks.upsert, ids=ids, documents=documents, metadatas=metadatas, embeddings=embeddings)

    def delete(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        for start in range(0, len(ids), 5000):
            self._call(self.chunks.delete, ids=ids[start : start + 5000])

    def ids_for_source(self, source: str) -> list[str]:
        return list(self._call(self.chunks.get, where={"source": source}, include=[])["ids"])

    def all_passages(self, batch: int = 5000) -> list[Passage]:
        passages: list[Passage] = []
        total = self._call(self.chunks.count)
        # Values every passage of a document repeats (its source, title, id, stage) arrive as a new
        # string per record; one object per distinct value saves ~350 bytes a passage (35 MB at 100,000).
        shared: dict[str, str] = {}
        for offset in range(0, total, batch):
            got = self._call(self.chunks.get, include=["documents", "metadatas"], limit=batch, offset=offset)
            for metadata in got["metadatas"]:
                for key in SHARED_METADATA:
                    value = metadata.get(key) if metadata else None
                    if isinstance(value, str):
                        metadata[key] = shared.setdefault(value, value)
            passages.extend(
                passage_from_record(i, d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])
            )
        return passages

    def dense_search(self, vector: list[float], k: int, *, where: dict | None = None,
                     where_document: dict | None = None, ids: list[str] | None = None) -> list[tuple[Passage, float]]:
        options: dict[str, Any] = {"ids": ids} if ids is not None else {}
        got = self._call(
            self.chunks.query,
            query_embeddings=[vector],
            n_results=k,
            where=where or None,
            where_document=where_document or None,
            include=["documents", "metadatas", "distances"],
            **options,
        )
        rows = list(zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0]))
        if any(document is None or metadata is None for _, document, metadata, _ in rows):
            # another process deleted the record between the vector search and the read of its text
            raise IndexChangedError(self.settings.index_location())
        return [(passage_from_record(i, d, m), float(dist)) for i, d, m, dist in rows]

    def vectors(self, ids: list[str]) -> dict[str, Any]:
        import numpy as np

        got = self._call(self.chunks.get, ids=ids, include=["embeddings"])
        return {cid: np.asarray(vec, dtype=np.float32) for cid, vec in zip(got["ids"], got["embeddings"])}
