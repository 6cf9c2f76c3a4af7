"""An index snapshot: everything derived from one index generation, in one immutable object.

The passages, the BM25 index, the roadmap structures, the retriever and the evidence finder are
built together from one generation and swapped as one reference, so an answer never reads parts
of two generations. Deriving them means reading every passage back from the store (~0.2 ms a
record with Chroma: 20 s at 100,000 passages), tokenising all of them and stemming every stage;
the derived data is therefore saved beside each generation (`snapshot_path`) and a reopen reads
that file. A snapshot that is missing, stale (another generation, model or passage count) or
damaged is rebuilt from the store, and a log line says why; it never breaks an answer.
"""

from __future__ import annotations

import gc
import logging
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from rag.evidence import EvidenceFinder
from rag.lexical import LexicalIndex, LexicalState
from rag.literal_refs import literal_structure
from rag.models import Link, RoadmapStructure
from rag.passages import SHARED_FIELDS, PassageTable
from rag.retrieval import HybridRetriever
from rag.roadmap import stage_stems
from rag.settings import Settings
from rag.snapshot_file import SnapshotFileError, SnapshotReader, write
from rag.stage_index import StageStemIndex
from rag.vector_store import VectorStore

log = logging.getLogger(__name__)
FORMAT = 4  # 4: stage stems hold label terms ("lesson#2"). Bump when what a snapshot holds or how it is encoded changes: older files are rebuilt
SUFFIX = ".snapshot"


@dataclass(frozen=True)
class SnapshotData:
    """What a snapshot file holds: the data everything else is built from."""

    generation: str
    passages: PassageTable  # every indexed passage, in document order
    structures: list[RoadmapStructure]
    lexical: LexicalState
    stems: StageStemIndex  # every stage's stems


@dataclass(frozen=True)
class IndexSnapshot:
    generation: str
    passages: PassageTable
    structures: list[RoadmapStructure]
    lexical: LexicalIndex
    retriever: HybridRetriever
    finder: EvidenceFinder
    origin: str  # "read": from its file; "built": derived from the store (and saved when it could be)


def open_snapshot(store: VectorStore, embedder, settings: Settings) -> IndexSnapshot:
    """The snapshot of the store's current generation: read from its file, else built and saved."""
    with _collector_paused():
        return _open(store, embedder, settings)


@contextmanager
def _collector_paused():
    """Opening makes about a million objects and no reference cycle; the cyclic collector would walk
    the growing heap again and again meanwhile (~30% of an open at 100,000 passages). Reference
    counting still frees everything as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _open(store: VectorStore, embedder, settings: Settings) -> IndexSnapshot:
    generation = store.generation()
    path = snapshot_path(settings, generation) if generation else None
    if path is not None and path.exists():
        try:
            data = load(path, settings, generation=generation, passages=store.count())
            return assemble(data, store, embedder, settings, origin="read")
        except SnapshotFileError as exc:
            log.warning("The index snapshot %s was not usable (%s); rebuilding it from the index.", path, exc)
    started = time.perf_counter()
    data = derive(store, generation)
    if path is not None and store.generation() == generation:  # else a sync ran meanwhile: not this generation
        try:
            save(path, data, settings)
            prune(path)
            log.info("Saved the index snapshot %s (%d passages, built in %.1f s).", path, len(data.passages),
                     time.perf_counter() - started)
        except OSError as exc:  # a read-only index still answers; it just rebuilds on every open
            log.warning("Could not save the index snapshot %s (%s); the next open rebuilds it.", path, exc)
    return assemble(data, store, embedder, settings, origin="built")


def snapshot_path(settings: Settings, generation: str) -> Path:
    """Embedded index: in its own folder. Server index: in the state dir, by server and collection.
    One folder per collection, one file per generation."""
    name = f"{_safe(generation)}{SUFFIX}"
    if settings.chroma_host:
        server = _safe(f"{settings.chroma_host}-{settings.chroma_port}")
        return Path(settings.state_dir) / "snapshots" / server / _safe(settings.collection) / name
    return Path(settings.db_dir) / "snapshots" / _safe(settings.collection) / name


def derive(store: VectorStore, generation: str) -> SnapshotData:
    """Read every passage and the structures back from the store and derive the rest."""
    manifest = store.manifest()
    order = {cid: i for i, cid in enumerate(c for src in sorted(manifest) for c in manifest[src].chunk_ids)}
    listed = sorted(store.all_passages(), key=lambda p: order.get(p.chunk_id, len(order)))
    structures = [literal_structure(e.structure) for _, e in sorted(manifest.items()) if e.structure is not None]
    del manifest, order
    lexical = LexicalState.build(listed)
    passages = PassageTable.from_passages(listed)
    del listed
    stems = StageStemIndex.build({(r.doc_id, s.index): stage_stems(s) for r in structures for s in r.stages})
    return SnapshotData(generation, passages, structures, lexical, stems)


def assemble(data: SnapshotData, store: VectorStore, embedder, settings: Settings, *, origin: str) -> IndexSnapshot:
    lexical = LexicalIndex(data.passages, data.lexical)
    retriever = HybridRetriever(store=store, embedder=embedder, lexical=lexical, k=settings.top_k,
                                candidates=settings.candidates)
    finder = EvidenceFinder(retriever, data.structures, data.passages, stems=data.stems)
    return IndexSnapshot(data.generation, data.passages, data.structures, lexical, retriever, finder, origin)


# -- the file ------------------------------------------------------------------------------------
def save(path: Path, data: SnapshotData, settings: Settings) -> None:
    state = data.lexical
    header = {"format": FORMAT, "generation": data.generation, "collection": settings.collection,
              "embedding_model": settings.embedding_model, "passages": len(data.passages),
              "bm25_num_docs": state.num_docs}
    passages, codes = data.passages.encode()
    stems = data.stems
    arrays = {"idf": state.idf, "bm25_data": state.data, "bm25_indices": state.indices, "bm25_indptr": state.indptr,
              "stem_indptr": stems.indptr, "stem_postings": stems.postings,
              **{f"passage_{name}": codes[name] for name in codes}}
    documents = {
        "passages": passages,
        "structures": _structures_adapter().dump_json(data.structures, exclude_defaults=True,
                                                      exclude={"__all__": {"links"}}),
        "roadmap_links": [_link_references(roadmap) for roadmap in data.structures],
        "terms": state.terms,
        "term_ids": state.term_ids,
        "stem_vocabulary": stems.vocabulary,
        "stem_stages": [list(key) for key in stems.stages],
    }
    write(path, header, arrays, documents)


def load(path: Path, settings: Settings, *, generation: str, passages: int) -> SnapshotData:
    """The saved data, if it belongs to this generation of this index; else SnapshotFileError."""
    from pydantic import ValidationError

    with SnapshotReader(path) as snapshot:
        header = snapshot.header
        expected = {"format": FORMAT, "generation": generation, "collection": settings.collection,
                    "embedding_model": settings.embedding_model, "passages": passages}
        stale = [key for key, value in expected.items() if header.get(key) != value]
        if stale:
            raise SnapshotFileError("stale: its " + ", ".join(f"{k} is {header.get(k)!r}, not {expected[k]!r}"
                                                              for k in stale))
        try:
            loaded = PassageTable.decode(snapshot.json("passages"),
                                         {name: snapshot.array(f"passage_{name}") for name in SHARED_FIELDS})
            structures = _structures_adapter().validate_json(snapshot.json_bytes("structures"))
            _resolve_links(structures, snapshot.json("roadmap_links"))
            structures = [literal_structure(roadmap) for roadmap in structures]  # a file saved before headings were
            stems = StageStemIndex([(doc_id, int(index)) for doc_id, index in snapshot.json("stem_stages")],
                                   snapshot.json("stem_vocabulary"), snapshot.array("stem_indptr"),
                                   snapshot.array("stem_postings"))
            stems.check()
            state = LexicalState(snapshot.json("terms"), snapshot.array("idf"), snapshot.json("term_ids"),
                                 snapshot.array("bm25_data"), snapshot.array("bm25_indices"),
                                 snapshot.array("bm25_indptr"), int(header["bm25_num_docs"]))
        except (KeyError, TypeError, ValueError, IndexError, ValidationError) as exc:
            if isinstance(exc, SnapshotFileError):
                raise
            raise SnapshotFileError(f"{exc.__class__.__name__}: {str(exc)[:200]}") from exc
    _check(loaded, state)
    return SnapshotData(generation, loaded, structures, state, stems)


def _link_references(roadmap: RoadmapStructure) -> list:
    """A roadmap's own links repeat its stages' links: each one as its position among them, else
    (a link only the roadmap has) as itself."""
    position: dict[tuple, int] = {}
    for number, link in enumerate(link for stage in roadmap.stages for link in stage.links):
        position.setdefault(tuple(link.model_dump().values()), number)
    return [position.get(tuple(link.model_dump().values()), link.model_dump(exclude_defaults=True))
            for link in roadmap.links]


def _resolve_links(structures: list[RoadmapStructure], references: list) -> None:
    """Each roadmap's own links from `_link_references`: the stages' own Link objects, shared
    (~35 MB at 100,000 passages, and no second validation). Nothing changes a structure once read."""
    if not isinstance(references, list) or len(references) != len(structures):
        raise SnapshotFileError("its roadmap links do not match its roadmaps")
    for roadmap, listed in zip(structures, references):
        stage_links = [link for stage in roadmap.stages for link in stage.links]
        if not isinstance(listed, list):
            raise SnapshotFileError("its roadmap links do not match its roadmaps")
        roadmap.links = [_stage_link(stage_links, item) if type(item) is int else Link.model_validate(item)
                         for item in listed]


def _stage_link(links: list[Link], position: int) -> Link:
    if not 0 <= position < len(links):
        raise SnapshotFileError("a roadmap link points past its stages' links")
    return links[position]


def _check(passages: PassageTable, state: LexicalState) -> None:
    """Arrays that disagree with each other would index out of range mid-answer: refuse them here."""
    if len(state.terms) != len(state.idf):
        raise SnapshotFileError("its idf does not match its terms")
    if passages and (state.num_docs != len(passages) or len(state.indptr) != len(state.term_ids) - ("" in state.term_ids) + 1
                     or int(state.indptr[-1]) != len(state.data) or len(state.data) != len(state.indices)
                     or (len(state.indices) and int(np.max(state.indices)) >= len(passages))):
        raise SnapshotFileError("its BM25 arrays do not match its passages")


def prune(current: Path) -> None:
    """Other generations' snapshots of this collection go (a reader keeps a file it has open)."""
    for other in current.parent.glob(f"*{SUFFIX}"):
        if other != current:
            other.unlink(missing_ok=True)
    for left in current.parent.glob(".*.tmp"):  # a writer that died mid-write
        if time.time() - left.stat().st_mtime > 3600:
            left.unlink(missing_ok=True)


def _safe(text: str) -> str:
    return re.sub(r"[^\w.-]", "_", text)


@lru_cache(maxsize=1)
def _structures_adapter():
    from pydantic import TypeAdapter

    return TypeAdapter(list[RoadmapStructure])
