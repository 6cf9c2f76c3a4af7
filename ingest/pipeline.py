"""Sync the index with a set of corpus files: idempotent, incremental, crash-safe and streamed.

Sources are read one at a time. The new chunks of several sources (those whose ids are not stored
yet) gather in a bounded buffer; a full buffer is encoded together, longest texts first, and then
each of its sources is recorded in turn. Memory therefore holds at most one buffer of chunks (plus
the source being read, and the ids of what this run read), whatever the size of the corpus, and the
encoder sees full batches instead of one ragged batch per source.

Order of writes per source: upsert its new chunks, delete its stale ones, then record its hash in
the manifest. A run killed at any point leaves either the previous state or one whose manifest
still names the old hash, so the next run redoes that source (without re-encoding the chunks that
were already upserted). Unchanged sources are never parsed or embedded, and a run with nothing to
do never loads the embedding model.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from ingest.catalogue import describe, is_catalogue, load_catalogue
from ingest.chunking import Chunk, chunk_document, chunk_id, split_to_budget
from ingest.loaders import SUPPORTED_SUFFIXES, UnreadableSource, load_file
from ingest.naming import fallback_title, naming_stem
from ingest.resources import (RESOURCE_ID_PREFIX, derive_resources, handwritten_urls, resource_chunks,
                              with_catalogues)
from ingest.structure import parse_document
from rag.errors import IngestBusyError, InvalidCorpusError
from rag.settings import Settings

log = logging.getLogger(__name__)
PIPELINE_VERSION = "7"  # bump when parsing or chunking changes, so every source is redone
CATALOGUE_DOC_ID = "resources"
CATALOGUE_TITLE = "Resource catalogue"

Progress = Callable[[str, int, int], None]  # (stage, done, total)

# New chunks buffered before they are encoded, in encoder batches. 16 batches (512 chunks with the
# default batch of 32) hold ~2 MB of chunks, and a sort window that wide leaves nearly no padding
# or ragged batch beyond what one call over the whole corpus would have; a larger buffer buys no
# more speed, only memory. A crash loses at most one encoder call (see PER_CALL_BATCHES), not the
# buffer, because each call's chunks are upserted at once.
FLUSH_BATCHES = 16
# Encoder batches per embed_documents call: the unit of progress and of work lost to a crash.
PER_CALL_BATCHES = 2
# Token counters by (class, model): loading tokenizer.json costs ~30 ms, paid once per process
# rather than once per sync (the counter holds no state between texts).
_TOKEN_COUNTERS: dict[tuple[object, str], object] = {}


@dataclass
class SkippedFile:
    path: str
    reason: str


@dataclass
class SyncReport:
    documents: int = 0
    chunks: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    embedded: int = 0
    resources: int = 0
    seconds: float = 0.0
    skipped: list[SkippedFile] = field(default_factory=list)

    def to_json(self) -> dict:
        data = asdict(self)
        data["seconds"] = round(self.seconds, 3)
        return data


@dataclass
class _Source:
    path: Path
    key: str
    hash: str
    catalogue: bool
    size: int = 0  # bytes on disk, for the progress estimate


def source_key(path: Path) -> str:
    """Stable name of a source: relative to the working directory when inside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def doc_id_for(key: str, taken: set[str]) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", naming_stem(key).lower()).strip("-") or "document"
    if slug in taken:
        slug = f"{slug}-{hashlib.sha256(key.encode()).hexdigest()[:6]}"
    taken.add(slug)
    return slug


def discover(paths: list[Path]) -> tuple[list[Path], list[SkippedFile]]:
    files: list[Path] = []
    skipped: list[SkippedFile] = []
    for root in paths:
        if not root.exists():
            raise InvalidCorpusError(f"{root} does not exist. Point `advisor ingest` at a folder or file of roadmaps.")
        candidates = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in candidates:
            if any(part.startswith(".") for part in path.relative_to(root).parts) and path != root:
                continue
            if path.suffix.lower() in SUPPORTED_SUFFIXES - {""} or is_catalogue(path):
                files.append(path)
            elif path.name.lower() not in {"readme", "license"}:
                skipped.append(SkippedFile(source_key(path), f"unsupported file type {path.suffix or '(none)'!r}"))
    unique = list(dict.fromkeys(files))
    return unique, skipped


def _file_hash(path: Path, settings: Settings) -> str:
    digest = hashlib.sha256()
    digest.update(f"{PIPELINE_VERSION}|{settings.embedding_model}|{settings.chunk_tokens}|".encode())
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _lock_path(settings: Settings) -> Path:
    if settings.chroma_host:
        Path(settings.state_dir).mkdir(parents=True, exist_ok=True)
        return Path(settings.state_dir) / f"ingest-{settings.chroma_host}-{settings.chroma_port}.lock"
    db = Path(settings.db_dir)
    db.parent.mkdir(parents=True, exist_ok=True)
    return db.parent / f".{db.name}.ingest.lock"  # beside the index, so --rebuild can move it aside


def sync(
    paths: list[Path],
    settings: Settings,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    lock_timeout_s: float = 600.0,
) -> SyncReport:
    from filelock import FileLock, Timeout

    lock = FileLock(str(_lock_path(settings)))
    try:
        with lock.acquire(timeout=lock_timeout_s):
            return _sync_locked(paths, settings, rebuild=rebuild, progress=progress or (lambda *_: None))
    except Timeout as exc:
        raise IngestBusyError(str(lock.lock_file)) from exc


def _sync_locked(paths: list[Path], settings: Settings, *, rebuild: bool, progress: Progress) -> SyncReport:
    from rag.store import IndexStore

    started = time.perf_counter()
    report = SyncReport()
    files, report.skipped = discover(paths)
    store = IndexStore(settings)
    if rebuild and not settings.chroma_host:
        store = _set_aside_if_broken(store, settings)
    if not rebuild and store.exists():
        store.open_for_read()
    else:
        store.open_for_write(rebuild=rebuild)
    manifest = store.manifest()

    sources: list[_Source] = []
    seen_content: dict[str, str] = {}
    for path in files:
        key = source_key(path)
        try:
            file_hash = _file_hash(path, settings)
            size = path.stat().st_size
        except OSError as exc:
            report.skipped.append(SkippedFile(key, f"cannot read: {exc.strerror or exc}"))
            continue
        if file_hash in seen_content:
            report.skipped.append(SkippedFile(key, f"identical content to {seen_content[file_hash]}"))
            continue
        seen_content[file_hash] = key
        sources.append(_Source(path, key, file_hash, is_catalogue(path), size))

    catalogue_hashes = [s.hash for s in sources if s.catalogue]
    for source in sources:  # a roadmap's own resources depend on which URLs a catalogue covers
        if not source.catalogue:
            source.hash = with_catalogues(source.hash, catalogue_hashes)
    doc_ids = _doc_ids([s for s in sources if not s.catalogue], manifest)
    titles = {  # of the roadmaps indexed already; each one read in this run updates its own
        e.structure.doc_id: e.structure.title
        for e in manifest.values() if e.structure and doc_ids.get(e.source) == e.structure.doc_id
    }
    roadmaps = [s for s in sources if not s.catalogue]
    catalogues = [s for s in sources if s.catalogue]
    run = _Planner(settings, report, manifest, rebuild)
    run.catalogue_paths = [s.path for s in catalogues]
    estimate = _Estimate(settings)
    for source in roadmaps:
        if not run.unchanged(source, doc_ids[source.key]):
            estimate.expect(source)
    for source in catalogues:  # titles may still change as roadmaps are read: a first guess
        if not run.unchanged(_with_titles(source, titles)):
            estimate.expect(source)
    writer = _Writer(store, settings, report, manifest, progress, estimate)
    writer.report_progress()

    for source in roadmaps:
        planned = run.roadmap(source, doc_ids[source.key], titles)
        estimate.consumed(source)  # its passages, if any, are counted as buffered from here on
        if planned:
            writer.add(*planned)
        writer.report_progress()
    for source in catalogues:  # after the roadmaps: a catalogue's passages name their titles
        source.hash = _with_titles(source, titles).hash
        planned = run.catalogue(source, titles)
        estimate.consumed(source)
        if planned:
            writer.add(*planned)
        writer.report_progress()
    writer.flush()
    estimate.finish()
    writer.report_progress()
    report.embedded = writer.done

    # a moved or renamed file yields the same chunk ids under a new source: never delete those
    wanted = {s.key for s in sources} | run.kept_unreadable
    vanished = [key for key in manifest if key not in wanted]
    if vanished:
        kept_ids = writer.claimed | {cid for key, entry in manifest.items() if key in wanted for cid in entry.chunk_ids}
        for key in vanished:
            store.delete((set(manifest[key].chunk_ids) | set(store.ids_for_source(key))) - kept_ids)
            store.delete_manifest(key)
            report.removed += 1
    if writer.kinds or vanished or rebuild:
        store.bump_generation()  # open readers (their BM25 and HNSW snapshots) reload before the next answer

    kinds = {key: entry.kind for key, entry in manifest.items() if key in wanted} | writer.kinds
    report.documents = sum(1 for kind in kinds.values() if kind == "roadmap")  # no second manifest read
    report.chunks = store._call(store.chunks.count)
    report.seconds = time.perf_counter() - started
    return report


def _doc_ids(roadmaps: list[_Source], manifest: dict) -> dict[str, str]:
    """Each roadmap's document id. A source already indexed keeps its id (an unchanged source is not
    parsed again, so its passages and structure keep naming it); a new one gets a slug of its file
    name that no other source has, e.g. `corpus/a/x.md` added beside `corpus/b/x.md` gets `x-1a2b3c`."""
    taken: set[str] = set()
    doc_ids: dict[str, str] = {}
    for source in roadmaps:
        entry = manifest.get(source.key)
        if entry is not None and entry.structure is not None and entry.structure.doc_id not in taken:
            doc_ids[source.key] = entry.structure.doc_id
            taken.add(entry.structure.doc_id)
    for source in roadmaps:
        if source.key not in doc_ids:
            doc_ids[source.key] = doc_id_for(source.key, taken)
    return {source.key: doc_ids[source.key] for source in roadmaps}


def _with_titles(source: _Source, titles: dict[str, str]) -> _Source:
    """A catalogue's hash covers the roadmap titles its passages name."""
    digest = hashlib.sha256(
        (source.hash + "|" + "|".join(f"{k}={v}" for k, v in sorted(titles.items()))).encode()
    ).hexdigest()
    return _Source(source.path, source.key, digest, source.catalogue, source.size)


class _Estimate:
    """How many passages this run will embed, for the progress total: exact for what has been read,
    extrapolated from bytes for the changed sources still to read. Roadmaps: the new passages per
    byte of the roadmaps read so far (a guess of one per 4 * chunk_tokens bytes before the first).
    Catalogues, one passage per resource of ~800 bytes of YAML, always get that guess. Exact once
    everything is read; never below what is already read."""

    def __init__(self, settings: Settings):
        self.guess_bytes_per_chunk = 4 * settings.chunk_tokens
        self.pending: dict[str, _Source] = {}
        self.read_bytes = 0
        self.read_new = 0

    def expect(self, source: _Source) -> None:
        self.pending[source.key] = source

    def consumed(self, source: _Source) -> None:
        self.pending.pop(source.key, None)

    def read(self, source: _Source, new: int) -> None:
        if not source.catalogue:
            self.read_bytes += source.size
            self.read_new += new

    def finish(self) -> None:
        self.pending.clear()

    def remaining(self) -> int:
        roadmap_bytes = sum(s.size for s in self.pending.values() if not s.catalogue)
        catalogue_bytes = sum(s.size for s in self.pending.values() if s.catalogue)
        if self.read_bytes:
            roadmaps = roadmap_bytes * self.read_new / self.read_bytes
        else:
            roadmaps = roadmap_bytes / self.guess_bytes_per_chunk
        return round(roadmaps + catalogue_bytes / self.guess_bytes_per_chunk)


class _Writer:
    """Buffers the new chunks of several sources, encodes them together, then records each source.

    Per flush: the buffered chunks are encoded longest first in calls of PER_CALL_BATCHES encoder
    batches (the same batches one call over the whole buffer would make) and each call's chunks are
    upserted at once; then each buffered source, in the order read, gets its stale ids deleted and
    its manifest record written. So a source is recorded only after all its chunks are stored.
    """

    def __init__(self, store, settings: Settings, report: SyncReport, manifest: dict, progress: Progress,
                 estimate: _Estimate):
        self.store, self.settings, self.report, self.manifest = store, settings, report, manifest
        self.progress, self.estimate = progress, estimate
        self.limit = FLUSH_BATCHES * settings.embed_batch_size
        # at least 8 texts a call (a tiny batch size must not mean one call per text)
        self.per_call = settings.embed_batch_size * max(PER_CALL_BATCHES, -(-8 // settings.embed_batch_size))
        self.buffer: dict[str, Chunk] = {}  # new chunk id -> chunk, across the waiting sources
        self.waiting: list[tuple[_Source, list[str], object, set[str]]] = []  # source, ids, structure, stale
        self.waiting_ids = 0
        self.claimed: set[str] = set()  # every chunk id a source read in this run owns
        self.embedder = None
        self.done = 0
        self.in_flight = 0  # chunks of the flush under way not encoded yet
        self.kinds: dict[str, str] = {}  # source key -> kind, for every source recorded in this run
        self._reported: tuple[int, int] | None = None

    def add(self, source: _Source, chunks: list[Chunk], structure) -> None:
        existing = set(self.store.ids_for_source(source.key))
        ids = [c.id for c in chunks]
        self.claimed.update(ids)
        new = 0
        for chunk in chunks:
            if chunk.id not in existing:
                self.buffer[chunk.id] = chunk  # an id two sources share is stored once, as the later one
                new += 1
        self.estimate.read(source, new)
        self.waiting.append((source, ids, structure, existing.difference(ids)))
        self.waiting_ids += len(ids)
        # sources whose passages are all stored already hold only their ids: bound those too
        if len(self.buffer) >= self.limit or self.waiting_ids >= 8 * self.limit:
            self.flush()

    def total(self) -> int:
        return self.done + self.in_flight + len(self.buffer) + self.estimate.remaining()

    def report_progress(self) -> None:
        event = (self.done, self.total())
        if event != self._reported:  # a long run of unchanged sources is one event, not one each
            self._reported = event
            self.progress("embed", *event)

    def flush(self) -> None:
        from rag.store import ManifestEntry

        if self.buffer:
            if self.embedder is None:
                from rag.embeddings import Embedder

                self.embedder = Embedder(self.settings, threads=max(1, os.cpu_count() or 1))
                self.store.open_for_write(dimension=self.embedder.dimension)
            # longest first, as sentence-transformers orders one call: consecutive calls of whole
            # batches then make exactly the batches one call over the buffer would
            ordered = sorted(self.buffer.values(), key=lambda c: len(c.text), reverse=True)
            self.buffer.clear()
            self.in_flight = len(ordered)
            self.report_progress()  # the total as it stands before the first call, which takes seconds
            for start in range(0, len(ordered), self.per_call):
                part = ordered[start : start + self.per_call]
                vectors = self.embedder.embed_documents([c.text for c in part])
                self.store.upsert([c.id for c in part], [c.text for c in part], [c.metadata for c in part], vectors)
                self.done += len(part)
                self.in_flight -= len(part)
                self.report_progress()
        for source, ids, structure, stale in self.waiting:
            # an id this source no longer has may now belong to another source of this run
            self.store.delete(sorted(stale - self.claimed))
            kind = "catalogue" if source.catalogue else "roadmap"
            self.store.put_manifest(
                ManifestEntry(source=source.key, hash=source.hash, chunk_ids=ids, structure=structure, kind=kind)
            )
            self.kinds[source.key] = kind
            if source.key in self.manifest:
                self.report.updated += 1
            else:
                self.report.added += 1
        self.waiting.clear()
        self.waiting_ids = 0


def _set_aside_if_broken(store, settings: Settings):
    """--rebuild must work on an index Chroma cannot even open: move it aside, start a new one."""
    from rag.errors import IndexCorruptError
    from rag.store import IndexStore

    try:
        _ = store.client, store.exists() and store._call(store.client.list_collections)
        return store
    except IndexCorruptError:
        db = Path(settings.db_dir)
        aside = db.with_name(f"{db.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
        db.rename(aside)
        log.warning("moved the unreadable index %s to %s", db, aside)
        return IndexStore(settings)


class _Planner:
    """Decides per source: unchanged (skip), unreadable (keep what is indexed), or its new chunks."""

    def __init__(self, settings: Settings, report: SyncReport, manifest: dict, rebuild: bool):
        self.settings, self.report, self.manifest, self.rebuild = settings, report, manifest, rebuild
        self.kept_unreadable: set[str] = set()
        self._counter = None
        self.catalogue_paths: list[Path] = []
        self._handwritten: set[str] | None = None

    def count(self, text: str) -> int:
        if self._counter is None:  # the tokenizer loads only when something changed, once per process
            from rag.embeddings import TokenCounter

            key = (TokenCounter, self.settings.embedding_model)
            if key not in _TOKEN_COUNTERS:
                _TOKEN_COUNTERS[key] = TokenCounter(self.settings.embedding_model)
            self._counter = _TOKEN_COUNTERS[key]
        return self._counter.count(text)

    def unchanged(self, source: _Source, doc_id: str | None = None) -> bool:
        previous = self.manifest.get(source.key)
        if doc_id is not None and previous and previous.structure and previous.structure.doc_id != doc_id:
            return False  # indexed under an id another source now has (an index older than _doc_ids)
        return bool(previous and previous.hash == source.hash and not self.rebuild)

    def skip(self, source: _Source, reason: str) -> None:
        self.report.skipped.append(SkippedFile(source.key, reason))
        self.kept_unreadable.add(source.key)

    def roadmap(self, source: _Source, doc_id: str, titles: dict[str, str]):
        if self.unchanged(source, doc_id):
            self.report.unchanged += 1
            self.report.resources += sum(1 for c in self.manifest[source.key].chunk_ids if c.startswith(RESOURCE_ID_PREFIX))
            return None
        try:
            loaded = load_file(source.path)
        except UnreadableSource as exc:
            return self.skip(source, exc.reason)
        parsed = parse_document(
            loaded.text, doc_id=doc_id, source=source.key, markdown=loaded.markdown,
            fallback_title=fallback_title(source.key, loaded.text),
        )
        titles[parsed.structure.doc_id] = parsed.structure.title
        chunks = chunk_document(parsed, max_tokens=self.settings.chunk_tokens, count=self.count, source_hash=source.hash)
        if not chunks:
            return self.skip(source, "no passages found")
        if self._handwritten is None:  # read once per run, and only when a roadmap changed
            self._handwritten = handwritten_urls(self.catalogue_paths)
        resources = resource_chunks(
            derive_resources(parsed, self._handwritten), source=source.key, source_hash=source.hash,
            titles=titles, max_tokens=self.settings.chunk_tokens, count=self.count,
        )
        self.report.resources += len(resources)
        return source, chunks + resources, parsed.structure

    def catalogue(self, source: _Source, titles: dict[str, str]):
        if self.unchanged(source):
            self.report.unchanged += 1
            self.report.resources += len(self.manifest[source.key].chunk_ids)
            return None
        try:
            entries = load_catalogue(source.path)
        except UnreadableSource as exc:
            return self.skip(source, exc.reason)
        chunks = _catalogue_chunks(entries, source, titles, self.settings, self.count)
        self.report.resources += len(chunks)
        return source, chunks, None


def _catalogue_chunks(entries, source: _Source, titles: dict[str, str], settings: Settings, count) -> list[Chunk]:
    chunks = []
    for entry in entries:
        if not entry.learning_resource:
            continue
        section = f"Resources > {entry.title}"
        prefix = f"{CATALOGUE_TITLE} > {section}"
        body = describe(entry, titles)
        if count(f"{prefix}\n{body}") > settings.chunk_tokens:
            body = split_to_budget(body.split("\n"), settings.chunk_tokens - count(prefix), count)[0]
        chunks.append(
            Chunk(
                id=chunk_id(CATALOGUE_DOC_ID, entry.id, f"{prefix}\n{body}"),
                text=f"{prefix}\n{body}",
                body=body,
                metadata={
                    "source": source.key,
                    "doc_id": CATALOGUE_DOC_ID,
                    "title": CATALOGUE_TITLE,
                    "section": section,
                    "stage_index": -1,
                    "stage_title": "",
                    "kind": "resource",
                    "url": entry.url or "",
                    "resource_id": entry.id,
                    "resource_kind": entry.kind,
                    "cost": entry.cost,
                    "recommended_in": "; ".join(f"{r.roadmap}: {r.stage}" for r in entry.recommended_by),
                    "links": "[]",
                    "source_hash": source.hash,
                },
            )
        )
    return chunks
