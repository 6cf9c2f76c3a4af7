"""The sources of a sync: the files found under the paths given, their stable names and content hashes."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ingest.catalogue import is_catalogue
from ingest.discovery import Lister, walk
from ingest.loaders import SUPPORTED_SUFFIXES
from ingest.sync_report import SkippedFile
from rag.errors import InvalidCorpusError
from rag.settings import Settings

PIPELINE_VERSION = "29"  # bump when parsing or chunking changes, so every source is redone


@dataclass
class Source:
    path: Path
    key: str
    hash: str
    catalogue: bool
    size: int = 0  # bytes on disk, for the progress estimate


def source_key(path: Path, *, follow_links: bool = True) -> str:
    """Stable name of a source: relative to the working directory when inside it. A file name that is
    not valid UTF-8 (its bytes arrive as lone surrogates) is spelled with backslash escapes
    (`caf\\xe9.md`): Chroma refuses lone surrogates, and the key must be the same on every run."""
    try:
        resolved = path.resolve() if follow_links else Path(os.path.abspath(path))
    except (RuntimeError, OSError):  # a symlink loop
        resolved = Path(os.path.abspath(path))
    try:
        key = resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        key = resolved.as_posix()
    return os.fsencode(key).decode("utf-8", "backslashreplace")


HOUSEKEEPING_STEMS = {"license", "licence", "copying", "notice", "contributing", "code_of_conduct",
                      "code-of-conduct", "changelog", "changes", "authors", "security", "citation"}


def _housekeeping(path: Path) -> bool:
    """A repository's licence, contribution guide or changelog: found beside a roadmap in a cloned
    repository, never a roadmap itself."""
    return path.name.lower().split(".")[0] in HOUSEKEEPING_STEMS


def discover(paths: list[Path], lister: Lister = os.scandir) -> tuple[list[Path], list[SkippedFile]]:
    """Roadmap files under `paths`; a housekeeping file is skipped when found in a folder, indexed
    when named on its own."""
    files: list[Path] = []
    skipped: list[SkippedFile] = []
    for root in paths:
        if not root.exists() and not root.is_symlink():
            raise InvalidCorpusError(f"{root} does not exist. Point `advisor ingest` at a folder or file of roadmaps.")
        found = walk(root, lister)
        skipped += [SkippedFile(source_key(path, follow_links=False), reason) for path, reason in found.skipped]
        for path in found.files:
            if path != root and _housekeeping(path):
                skipped.append(SkippedFile(source_key(path), "a repository's licence or housekeeping file, not "
                                           "a roadmap (name the file itself to index it)"))
            elif path.suffix.lower() in SUPPORTED_SUFFIXES - {""} or is_catalogue(path):
                files.append(path)
            elif path.name.lower() != "readme":
                skipped.append(SkippedFile(source_key(path), f"unsupported file type {path.suffix or '(none)'!r}"))
    unique = list(dict.fromkeys(files))
    return unique, skipped


def hash_file(path: Path, settings: Settings) -> str:
    digest = hashlib.sha256()
    digest.update(f"{PIPELINE_VERSION}|{settings.embedding_model}|{settings.chunk_tokens}|".encode())
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def with_titles(source: Source, titles: dict[str, str], pages: str = "") -> Source:
    """A catalogue's hash covers the roadmap titles its passages name (and the fetched page
    descriptions they may carry)."""
    digest = hashlib.sha256(
        (source.hash + "|" + "|".join(f"{k}={v}" for k, v in sorted(titles.items())) + (f"|pages={pages}" if pages else "")).encode()
    ).hexdigest()
    return Source(source.path, source.key, digest, source.catalogue, source.size)
