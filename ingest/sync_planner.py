"""Per source of a sync: skip it when unchanged, else read, parse and chunk it (roadmap or catalogue)."""

from __future__ import annotations

from pathlib import Path

from ingest.catalogue import load_catalogue
from ingest.chunking import chunk_document
from ingest.loaders import UnreadableSource, load_file
from ingest.naming import fallback_title
from ingest.resources import RESOURCE_ID_PREFIX, derive_resources, handwritten_urls, resource_chunks
from ingest.sources import Source
from ingest.structure import parse_document
from ingest.sync_report import SkippedFile, SyncReport
from rag.settings import Settings

# Token counters by (class, model): loading tokenizer.json costs ~30 ms, paid once per process
# rather than once per sync (the counter holds no state between texts).
_TOKEN_COUNTERS: dict[tuple[object, str], object] = {}


class Planner:
    """Decides per source: unchanged (skip), unreadable (keep what is indexed), or its new chunks."""

    def __init__(self, settings: Settings, report: SyncReport, manifest: dict, rebuild: bool):
        self.settings, self.report, self.manifest, self.rebuild = settings, report, manifest, rebuild
        self.kept_unreadable: set[str] = set()
        self._counter = None
        self.catalogue_paths: list[Path] = []
        self._handwritten: set[str] | None = None
        self._catalogues: dict[Path, list | UnreadableSource] = {}
        self.pages = None  # the last link check's records (page descriptions), if any

    @property
    def counter(self):
        if self._counter is None:  # the tokenizer loads only when something changed, once per process
            from rag.embeddings import TokenCounter

            key = (TokenCounter, self.settings.embedding_model)
            if key not in _TOKEN_COUNTERS:
                _TOKEN_COUNTERS[key] = TokenCounter(self.settings.embedding_model)
            self._counter = _TOKEN_COUNTERS[key]
        return self._counter

    def count(self, text: str) -> int:
        return self.counter.count(text)

    def load_catalogue(self, path: Path) -> list:
        """A catalogue's entries, parsed once per run: the roadmaps' resources need its URLs first."""
        if path not in self._catalogues:
            try:
                self._catalogues[path] = load_catalogue(path)
            except UnreadableSource as exc:
                self._catalogues[path] = exc
        loaded = self._catalogues[path]
        if isinstance(loaded, UnreadableSource):
            raise loaded
        return loaded

    def unchanged(self, source: Source, doc_id: str | None = None) -> bool:
        previous = self.manifest.get(source.key)
        if doc_id is not None and previous and previous.structure and previous.structure.doc_id != doc_id:
            return False  # indexed under an id another source now has (an index older than assign_doc_ids)
        return bool(previous and previous.hash == source.hash and not self.rebuild)

    def skip(self, source: Source, reason: str) -> None:
        self.report.skipped.append(SkippedFile(source.key, reason))
        self.kept_unreadable.add(source.key)

    def roadmap(self, source: Source, doc_id: str, titles: dict[str, str]):
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
        chunks = chunk_document(parsed, max_tokens=self.settings.chunk_tokens, count=self.count, source_hash=source.hash,
                                joined=self.counter.joined if self.counter.lines_add_up else None)
        if not chunks:
            return self.skip(source, "no passages found")
        if self._handwritten is None:  # read once per run, and only when a roadmap changed
            self._handwritten = handwritten_urls(self.catalogue_paths, self.load_catalogue)
        resources = resource_chunks(
            derive_resources(parsed, self._handwritten), source=source.key, source_hash=source.hash,
            titles=titles, max_tokens=self.settings.chunk_tokens, count=self.count, pages=self.pages,
        )
        self.report.resources += len(resources)
        return source, chunks + resources, parsed.structure

    def catalogue(self, source: Source, titles: dict[str, str]):
        if self.unchanged(source):
            self.report.unchanged += 1
            self.report.resources += len(self.manifest[source.key].chunk_ids)
            return None
        try:
            entries = self.load_catalogue(source.path)
        except UnreadableSource as exc:
            return self.skip(source, exc.reason)
        chunks = resource_chunks(
            entries, source=source.key, source_hash=source.hash, titles=titles,
            max_tokens=self.settings.chunk_tokens, count=self.count, pages=self.pages, derived=False,
        )
        self.report.resources += len(chunks)
        return source, chunks, None

