"""Which roadmaps each dataset is answered from, and the index `advisor eval` keeps for them.

A dataset names its corpus in the `corpora.toml` beside it (evals/datasets/corpora.toml for ours):

    [corpora]
    seeds = ["../../corpus"]          # files or folders, relative to this file
    [datasets]
    roadmap_qa = "seeds"              # dataset file stem -> corpus name

Each corpus is synced into an index of its own (the normal incremental sync: unchanged files are
neither parsed nor embedded, so the index is reused across runs): `<state dir>/eval-indexes/<corpus
key>`, or a collection of that name on a Chroma server. A dataset is therefore answered from its own
corpus only, and the user's index is never touched: a sync removes what its paths do not hold, so
syncing a corpus into the user's index would delete their roadmaps. A dataset with no entry is
answered from the index `--db` names, as `advisor ask` would.

The key hashes what the index is built from (its files' names and bytes, the pipeline version, the
embedding model), not where the checkout is: another clone or worktree with the same corpus uses the
same index (a shared state dir, or a copied folder, needs no rebuild). A changed file makes a new key;
its index starts as a copy of the corpus's latest one, and the sync redoes only what changed.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import tomllib
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from evals.dataset import DatasetError
from rag.settings import BUNDLED_MODEL, Settings

REGISTRY_NAME = "corpora.toml"
INDEX_FOLDER = "eval-indexes"


@dataclass(frozen=True)
class Corpus:
    name: str
    paths: tuple[Path, ...]  # resolved
    embedding_model: str = BUNDLED_MODEL  # what its index is embedded with (corpus_settings sets the settings')

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-") or "corpus"

    @cached_property
    def key(self) -> str:
        """Folder / collection name: the corpus name plus a hash of what its index holds: each
        source's name as ingest stores it (relative to the working directory) and its bytes, the
        pipeline version and the embedding model. Equal content, equal key, wherever the checkout
        is; a changed, added, removed or renamed file, a new pipeline or model, another key (two
        registries reusing a name with other files never share one index). Read once per object."""
        from ingest.sources import PIPELINE_VERSION, discover, source_key

        digest = hashlib.sha256(f"{PIPELINE_VERSION}|{self.embedding_model}".encode())
        files, _ = discover(list(self.paths))
        for name, path in sorted((source_key(path), path) for path in files):
            digest.update(f"\n{name}|".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        return f"{self.slug}-{digest.hexdigest()[:8]}"

    def display(self) -> list[str]:
        return [_display(p) for p in self.paths]


@dataclass(frozen=True)
class DatasetSpec:
    path: Path
    corpus: Corpus | None  # None: answered from the index --db names

    @property
    def name(self) -> str:
        return self.path.stem

    def display(self) -> str:
        return _display(self.path)


def load_registry(folder: Path) -> dict[str, Corpus]:
    """Dataset stem -> its corpus, from `<folder>/corpora.toml` (empty when there is none)."""
    path = Path(folder) / REGISTRY_NAME
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DatasetError(f"Cannot read {path}: {exc}. See evals/datasets/README.md for its format.") from exc
    corpora_table, datasets_table = data.get("corpora", {}), data.get("datasets", {})
    if not isinstance(corpora_table, dict) or not isinstance(datasets_table, dict):
        raise DatasetError(f"{path}: [corpora] and [datasets] must be tables. See evals/datasets/README.md.")
    corpora: dict[str, Corpus] = {}
    for name, paths in corpora_table.items():
        if isinstance(paths, str):
            paths = [paths]
        if not isinstance(paths, list) or not paths or not all(isinstance(p, str) and p.strip() for p in paths):
            raise DatasetError(f"{path}: corpus {name!r} must be a non-empty list of file or folder paths.")
        resolved = tuple((path.parent / p).resolve() for p in paths)
        missing = [p for p in resolved if not p.exists()]
        if missing:
            raise DatasetError(f"{path}: corpus {name!r} names {_display(missing[0])}, which does not exist; "
                               "fix the path (relative to that file).")
        corpora[name] = Corpus(name=name, paths=resolved)
    registry: dict[str, Corpus] = {}
    for dataset, corpus_name in datasets_table.items():
        if corpus_name not in corpora:
            raise DatasetError(f"{path}: dataset {dataset!r} names corpus {corpus_name!r}, which [corpora] does not define.")
        registry[dataset] = corpora[corpus_name]
    return registry


def dataset_spec(path: str | Path) -> DatasetSpec:
    path = Path(path)
    return DatasetSpec(path=path, corpus=load_registry(path.resolve().parent).get(path.stem))


def corpus_settings(corpus: Corpus, settings: Settings) -> Settings:
    """The settings of the corpus's own index: same model, backend and server, its own place."""
    if corpus.embedding_model != settings.embedding_model:
        corpus = replace(corpus, embedding_model=settings.embedding_model)
    root = Path(settings.state_dir) / INDEX_FOLDER
    update: dict = {"db_dir": root / corpus.key}
    if settings.uses_server:
        update["collection"] = f"{settings.collection}-eval-{corpus.key}"
    return settings.model_copy(update=update)


def sync_corpus(corpus: Corpus, settings: Settings):
    """Sync the corpus into its own index; returns (its settings, the sync report). The index holds
    exactly the corpus (`prune`): one started from an earlier version's copy drops what is gone."""
    from ingest.pipeline import sync

    own = corpus_settings(corpus, settings)
    if not own.uses_server:
        _start_from_latest(corpus, own)
    return own, sync(list(corpus.paths), own, prune=True)


def _start_from_latest(corpus: Corpus, own: Settings) -> None:
    """A corpus's first index under a new key starts as a copy of its latest one embedded with the same
    model (under that index's writer lock), so a changed file is re-embedded alone instead of the whole
    corpus; another model's index is never copied (its vectors would not mix, and the copy would fail
    every run's sync). Copied beside it and renamed into place: a reader never sees half a copy; a
    concurrent run's copy wins."""
    from filelock import FileLock

    from ingest.pipeline import lock_path

    target = Path(own.db_dir)
    if target.exists() or not target.parent.is_dir():
        return
    shape = re.compile(rf"{re.escape(corpus.slug)}-[0-9a-f]{{8}}")
    earlier = [p for p in target.parent.iterdir() if p.is_dir() and shape.fullmatch(p.name) and (p / "chroma.sqlite3").is_file()]
    if not earlier:
        return
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for latest in sorted(earlier, key=lambda p: (p / "chroma.sqlite3").stat().st_mtime, reverse=True):
            with FileLock(str(lock_path(own.model_copy(update={"db_dir": latest})))):
                if not _embedded_alike(latest, own):
                    continue
                shutil.copytree(latest, staging / "index")
            (staging / "index").rename(target)
            return
    except OSError:  # another run put its copy in place first
        pass
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _embedded_alike(index: Path, own: Settings) -> bool:
    """Whether the index at `index` opens with `own`'s embedding model (the store checks the model it
    was built with as it opens: rag.store)."""
    from rag.errors import AdvisorError
    from rag.stores import open_store

    try:
        open_store(own.model_copy(update={"db_dir": index})).open_for_read()
    except AdvisorError:  # another model's (ModelMismatchError), or unreadable: not a start
        return False
    return True


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
