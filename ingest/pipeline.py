"""Sync the index with a set of corpus files: idempotent, incremental, crash-safe and streamed.

Sources are read one at a time. The new chunks of several sources (those whose ids are not stored
yet) gather in a bounded buffer; a full buffer is encoded together, longest texts first, and then
each of its sources is recorded in turn. Memory therefore holds at most one buffer of chunks (plus
the source being read, and the ids of what this run read), whatever the size of the corpus, and the
encoder sees full batches instead of one ragged batch per source.

Order of writes per source: upsert its new chunks, delete its stale ones, then record its hash in
the manifest. A run killed at any point leaves either the previous state or one whose manifest
still names the old hash, so the next run redoes that source (without re-encoding the chunks that
were already upserted). A first sync killed before it stored anything leaves an index that exists
and holds nothing: the next run opens it for writing and does the whole sync. Unchanged sources are never parsed or embedded, and a run with nothing to
do never loads the embedding model.
"""

from __future__ import annotations
import logging
import time
from pathlib import Path

from ingest.catalogue import is_catalogue
from ingest.doc_ids import assign_doc_ids
from ingest.resources import with_catalogues
from ingest.sources import Source, discover, hash_file, source_key, with_titles
from ingest.sync_planner import Planner
from ingest.sync_report import Progress, SkippedFile, SyncReport
from ingest.sync_writer import Estimate, SyncWriter
from rag.errors import IndexMissingError, IngestBusyError
from rag.link_health import load_link_health
from rag.settings import Settings

log = logging.getLogger(__name__)

__all__ = ["Progress", "SkippedFile", "SyncReport", "discover", "lock_path", "source_key", "sync"]


def lock_path(settings: Settings) -> Path:
    """The file lock that serialises writers of the index `settings` name."""
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
    prune: bool = False,
    progress: Progress | None = None,
    lock_timeout_s: float = 600.0,
) -> SyncReport:
    from filelock import FileLock, Timeout

    lock = FileLock(str(lock_path(settings)))
    try:
        with lock.acquire(timeout=lock_timeout_s):
            return _sync_locked(paths, settings, rebuild=rebuild, prune=prune, progress=progress or (lambda *_: None))
    except Timeout as exc:
        raise IngestBusyError(str(lock.lock_file)) from exc


def _sync_locked(paths: list[Path], settings: Settings, *, rebuild: bool, prune: bool, progress: Progress) -> SyncReport:
    from rag.stores import open_store

    started = time.perf_counter()
    report = SyncReport()
    files, report.skipped = discover(paths)
    store = open_store(settings)
    if rebuild and not settings.chroma_host:
        store = _set_aside_if_broken(store, settings)
    if not rebuild and store.exists():
        _open_existing(store)
    else:
        store.open_for_write(rebuild=rebuild)
    manifest = store.manifest()

    sources: list[Source] = []
    seen_content: dict[str, str] = {}
    for path in files:
        key = source_key(path)
        try:
            file_hash = hash_file(path, settings)
            size = path.stat().st_size
        except OSError as exc:
            report.skipped.append(SkippedFile(key, f"cannot read: {exc.strerror or exc}"))
            continue
        if file_hash in seen_content:
            report.skipped.append(SkippedFile(key, f"identical content to {seen_content[file_hash]}"))
            continue
        seen_content[file_hash] = key
        sources.append(Source(path, key, file_hash, is_catalogue(path), size))

    pages = load_link_health(settings)  # descriptions fetched by `advisor links check` (no network here)
    catalogue_hashes = [s.hash for s in sources if s.catalogue]
    described = [f"pages={pages.fingerprint()}"] if pages.fingerprint() else []  # they fill in link descriptions
    for source in sources:  # a roadmap's own resources depend on which URLs a catalogue covers
        if not source.catalogue:
            source.hash = with_catalogues(source.hash, catalogue_hashes + described)
    # Only sources under the paths given are this run's to remove (`prune`: every other one too), and
    # those that moved here: gone from disk, their content read in this run under a new name.
    roots = [source_key(path) for path in paths]
    read_keys, read_hashes = {s.key for s in sources}, {s.hash for s in sources}
    read_catalogues = {s.path.name for s in sources if s.catalogue}

    def moved(key: str) -> bool:
        entry, name = manifest[key], Path(key).name
        twin = entry.hash in read_hashes or (entry.kind == "catalogue" and name in read_catalogues)
        return twin and not Path(key).exists()

    others = set() if prune else {
        key for key in manifest if key not in read_keys and not _under(key, roots) and not moved(key)}
    report.kept = len(others)
    reserved = {manifest[key].structure.doc_id for key in others if manifest[key].structure}
    doc_ids = assign_doc_ids([s for s in sources if not s.catalogue], manifest, reserved)
    titles = {  # of the roadmaps indexed already; each one read in this run updates its own
        e.structure.doc_id: e.structure.title
        for e in manifest.values()
        if e.structure and (doc_ids.get(e.source) == e.structure.doc_id or e.source in others)
    }
    roadmaps = [s for s in sources if not s.catalogue]
    catalogues = [s for s in sources if s.catalogue]
    run = Planner(settings, report, manifest, rebuild)
    run.catalogue_paths = [s.path for s in catalogues]
    run.pages = pages
    estimate = Estimate(settings)
    for source in roadmaps:
        if not run.unchanged(source, doc_ids[source.key]):
            estimate.expect(source)
    for source in catalogues:  # titles may still change as roadmaps are read: a first guess
        if not run.unchanged(with_titles(source, titles, pages.fingerprint())):
            estimate.expect(source)
    writer = SyncWriter(store, settings, report, manifest, progress, estimate)
    writer.report_progress()

    for source in roadmaps:
        planned = run.roadmap(source, doc_ids[source.key], titles)
        estimate.consumed(source)  # its passages, if any, are counted as buffered from here on
        if planned:
            writer.add(*planned)
        writer.report_progress()
    for source in catalogues:  # after the roadmaps: a catalogue's passages name their titles
        source.hash = with_titles(source, titles, pages.fingerprint()).hash
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
    wanted = {s.key for s in sources} | run.kept_unreadable | others
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
    report.chunks = store.count()
    report.seconds = time.perf_counter() - started
    return report


def _open_existing(store) -> None:
    """Open an index to sync into. One that holds no passages (a first sync killed before it stored
    any, or an empty corpus) is synced again, not refused: the reader's "holds no passages" error
    names this very command as the fix. Corruption and a model mismatch are still raised."""
    try:
        store.open_for_read()
    except IndexMissingError:
        store.open_for_write()  # settles too
        return
    store.settle()


def _under(key: str, roots: list[str]) -> bool:
    return any(root == "." and not key.startswith("/") or key == root or key.startswith(root.rstrip("/") + "/")
               for root in roots)


def _set_aside_if_broken(store, settings: Settings):
    """--rebuild must work on an index Chroma cannot even open: move it aside, start a new one."""
    from rag.errors import IndexCorruptError
    from rag.stores import open_store

    try:
        store.probe()
        return store
    except IndexCorruptError:
        db = Path(settings.db_dir)
        aside = db.with_name(f"{db.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
        db.rename(aside)
        log.warning("moved the unreadable index %s to %s", db, aside)
        return open_store(settings)
