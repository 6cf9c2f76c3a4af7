"""Sync the index with a set of corpus files: idempotent, incremental and crash-safe.

Order of writes per source: upsert its new chunks, delete its stale ones, then record its hash in
the manifest. A run killed at any point leaves either the previous state or one whose manifest
still names the old hash, so the next run redoes that source. Unchanged sources are never parsed
or embedded, and a run with nothing to do never loads the embedding model.
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
from ingest.structure import parse_document
from rag.errors import IngestBusyError, InvalidCorpusError
from rag.settings import Settings

log = logging.getLogger(__name__)
PIPELINE_VERSION = "6"  # bump when parsing or chunking changes, so every source is redone
CATALOGUE_DOC_ID = "resources"
CATALOGUE_TITLE = "Resource catalogue"

Progress = Callable[[str, int, int], None]  # (stage, done, total)


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


def source_key(path: Path) -> str:
    """Stable name of a source: relative to the working directory when inside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def doc_id_for(key: str, taken: set[str]) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", Path(key).stem.lower()).strip("-") or "document"
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
    from rag.store import IndexStore, ManifestEntry

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
        except OSError as exc:
            report.skipped.append(SkippedFile(key, f"cannot read: {exc.strerror or exc}"))
            continue
        if file_hash in seen_content:
            report.skipped.append(SkippedFile(key, f"identical content to {seen_content[file_hash]}"))
            continue
        seen_content[file_hash] = key
        sources.append(_Source(path, key, file_hash, is_catalogue(path)))

    taken_ids: set[str] = set()
    doc_ids = {s.key: doc_id_for(s.key, taken_ids) for s in sources if not s.catalogue}
    titles = {
        e.structure.doc_id: e.structure.title for e in manifest.values() if e.structure and e.source in doc_ids
    }
    run = _Planner(settings, report, manifest, rebuild)
    pending: list[tuple[_Source, list[Chunk], object]] = []
    for source in [s for s in sources if not s.catalogue]:
        planned = run.roadmap(source, doc_ids[source.key], titles)
        if planned:
            pending.append(planned)
    for source in [s for s in sources if s.catalogue]:
        source.hash = hashlib.sha256(
            (source.hash + "|" + "|".join(f"{k}={v}" for k, v in sorted(titles.items()))).encode()
        ).hexdigest()
        planned = run.catalogue(source, titles)
        if planned:
            pending.append(planned)
    kept_unreadable = run.kept_unreadable

    wanted = {s.key for s in sources} | kept_unreadable
    vanished = [key for key in manifest if key not in wanted]

    embedder = None
    total_new = 0
    plans = []
    for source, chunks, structure in pending:
        existing = set(store.ids_for_source(source.key))
        new_chunks = [c for c in chunks if c.id not in existing]
        plans.append((source, chunks, structure, existing, new_chunks))
        total_new += len(new_chunks)
    done = 0
    progress("embed", 0, total_new)
    for source, chunks, structure, existing, new_chunks in plans:
        if new_chunks and embedder is None:
            from rag.embeddings import Embedder

            embedder = Embedder(settings, threads=max(1, os.cpu_count() or 1))
            store.open_for_write(dimension=embedder.dimension)
        batch = max(8, settings.embed_batch_size * 2)
        for start in range(0, len(new_chunks), batch):
            part = new_chunks[start : start + batch]
            vectors = embedder.embed_documents([c.text for c in part])
            store.upsert([c.id for c in part], [c.text for c in part], [c.metadata for c in part], vectors)
            done += len(part)
            progress("embed", done, total_new)
        keep = {c.id for c in chunks}
        store.delete(sorted(existing - keep))
        store.put_manifest(
            ManifestEntry(
                source=source.key, hash=source.hash, chunk_ids=[c.id for c in chunks], structure=structure,
                kind="catalogue" if source.catalogue else "roadmap",
            )
        )
        if source.key in manifest:
            report.updated += 1
        else:
            report.added += 1
    report.embedded = done

    # a moved or renamed file yields the same chunk ids under a new source: never delete those
    kept_ids = {cid for source, chunks, _ in pending for cid in (c.id for c in chunks)}
    kept_ids |= {cid for key, entry in manifest.items() if key in wanted for cid in entry.chunk_ids}
    for key in vanished:
        store.delete((set(manifest[key].chunk_ids) | set(store.ids_for_source(key))) - kept_ids)
        store.delete_manifest(key)
        report.removed += 1
    if pending or vanished or rebuild:
        store.bump_generation()  # open readers (their BM25 and HNSW snapshots) reload before the next answer

    final = store.manifest()
    report.documents = sum(1 for e in final.values() if e.kind == "roadmap")
    report.chunks = store._call(store.chunks.count)
    report.seconds = time.perf_counter() - started
    return report


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

    def count(self, text: str) -> int:
        if self._counter is None:  # the tokenizer loads only when something changed
            from rag.embeddings import TokenCounter

            self._counter = TokenCounter(self.settings.embedding_model)
        return self._counter.count(text)

    def unchanged(self, source: _Source) -> bool:
        previous = self.manifest.get(source.key)
        return bool(previous and previous.hash == source.hash and not self.rebuild)

    def skip(self, source: _Source, reason: str) -> None:
        self.report.skipped.append(SkippedFile(source.key, reason))
        self.kept_unreadable.add(source.key)

    def roadmap(self, source: _Source, doc_id: str, titles: dict[str, str]):
        if self.unchanged(source):
            self.report.unchanged += 1
            return None
        try:
            loaded = load_file(source.path)
        except UnreadableSource as exc:
            return self.skip(source, exc.reason)
        parsed = parse_document(
            loaded.text, doc_id=doc_id, source=source.key, markdown=loaded.markdown,
            fallback_title=source.path.stem.replace("-", " ").replace("_", " ").title(),
        )
        titles[parsed.structure.doc_id] = parsed.structure.title
        chunks = chunk_document(parsed, max_tokens=self.settings.chunk_tokens, count=self.count, source_hash=source.hash)
        if not chunks:
            return self.skip(source, "no passages found")
        return source, chunks, parsed.structure

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
