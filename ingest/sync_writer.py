"""The streaming half of a sync: buffer new chunks, encode them in full batches, store, then record."""

from __future__ import annotations

import os

from ingest.chunking import Chunk
from ingest.sources import Source
from ingest.sync_report import Progress, SyncReport
from rag.settings import Settings

# New chunks buffered before they are encoded, in encoder batches. 16 batches (512 chunks with the
# default batch of 32) hold ~2 MB of chunks, and a sort window that wide leaves nearly no padding
# or ragged batch beyond what one call over the whole corpus would have; a larger buffer buys no
# more speed, only memory. A crash loses at most one encoder call (see PER_CALL_BATCHES), not the
# buffer, because each call's chunks are upserted at once.
FLUSH_BATCHES = 16
# Encoder batches per embed_documents call: the unit of progress and of work lost to a crash.
PER_CALL_BATCHES = 2


class Estimate:
    """How many passages this run will embed, for the progress total: exact for what has been read,
    extrapolated from bytes for the changed sources still to read. Roadmaps: the new passages per
    byte of the roadmaps read so far (a guess of one per 4 * chunk_tokens bytes before the first).
    Catalogues, one passage per resource of ~800 bytes of YAML, always get that guess. Exact once
    everything is read; never below what is already read."""

    def __init__(self, settings: Settings):
        self.guess_bytes_per_chunk = 4 * settings.chunk_tokens
        self.pending: dict[str, Source] = {}
        self.read_bytes = 0
        self.read_new = 0

    def expect(self, source: Source) -> None:
        self.pending[source.key] = source

    def consumed(self, source: Source) -> None:
        self.pending.pop(source.key, None)

    def read(self, source: Source, new: int) -> None:
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


class SyncWriter:
    """Buffers the new chunks of several sources, encodes them together, then records each source.

    Per flush: the buffered chunks are encoded longest first in calls of PER_CALL_BATCHES encoder
    batches (the same batches one call over the whole buffer would make) and each call's chunks are
    upserted at once; then each buffered source, in the order read, gets its stale ids deleted and
    the manifest records of all of them are written in one call. So a source is recorded only after
    all its chunks are stored.
    """

    def __init__(self, store, settings: Settings, report: SyncReport, manifest: dict, progress: Progress,
                 estimate: Estimate):
        self.store, self.settings, self.report, self.manifest = store, settings, report, manifest
        self.progress, self.estimate = progress, estimate
        self.limit = FLUSH_BATCHES * settings.embed_batch_size
        # at least 8 texts a call (a tiny batch size must not mean one call per text)
        self.per_call = settings.embed_batch_size * max(PER_CALL_BATCHES, -(-8 // settings.embed_batch_size))
        self.buffer: dict[str, Chunk] = {}  # new chunk id -> chunk, across the waiting sources
        self.waiting: list[tuple[Source, list[str], object, set[str]]] = []  # source, ids, structure, stale
        self.waiting_ids = 0
        self.claimed: set[str] = set()  # every chunk id a source read in this run owns
        self.embedder = None
        self.done = 0
        self.in_flight = 0  # chunks of the flush under way not encoded yet
        self.kinds: dict[str, str] = {}  # source key -> kind, for every source recorded in this run
        self._reported: tuple[int, int] | None = None

    def add(self, source: Source, chunks: list[Chunk], structure) -> None:
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
        from rag.vector_store import ManifestEntry

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
        entries = []
        for source, ids, structure, stale in self.waiting:
            # an id this source no longer has may now belong to another source of this run
            self.store.delete(sorted(stale - self.claimed))
            kind = "catalogue" if source.catalogue else "roadmap"
            entries.append(ManifestEntry(source=source.key, hash=source.hash, chunk_ids=ids, structure=structure, kind=kind))
            self.kinds[source.key] = kind
            if source.key in self.manifest:
                self.report.updated += 1
            else:
                self.report.added += 1
        if entries:  # one write for the sources of this flush, every chunk of theirs stored already
            self.store.put_manifests(entries)
        self.waiting.clear()
        self.waiting_ids = 0
