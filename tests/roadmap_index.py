"""A small real index for a test: roadmaps written as files under `<root>/corpus`, synced with the real
embedding model into `<root>/index`, with the state directory `<root>/state`. Everything lives under the
root the test gives (its `tmp_path`, or a `tmp_path_factory` folder for a module's fixture), never in the
process's own directories, so no test reads another's index. Every file written must become a roadmap:
a test whose document the pipeline skipped would pass for the wrong reason."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rag.advisor import Advisor
    from rag.settings import Settings

CATALOGUE = "resources.yaml"


def write_roadmaps(folder: Path, roadmaps: Mapping[str, str]) -> Path:
    """Each `{relative file name: text}` written under `folder` (subfolders made as needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in roadmaps.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def index_roadmaps(root: Path, roadmaps: Mapping[str, str] | None = None, corpus: str = "corpus") -> Settings:
    """The settings of an index of `<root>/<corpus>` after writing `roadmaps` into it (files put there
    before, such as a generated PDF, are indexed too)."""
    from ingest.pipeline import sync
    from rag.settings import get_settings

    folder = write_roadmaps(root / corpus, roadmaps or {})
    settings = get_settings(db_dir=root / "index", state_dir=root / "state")
    report = sync([folder], settings)
    files = [p for p in folder.rglob("*") if p.is_file() and p.name != CATALOGUE]
    assert not report.skipped and report.documents == len(files), (report.skipped, report.documents, files)
    return settings


def roadmap_advisor(root: Path, roadmaps: Mapping[str, str] | None = None, corpus: str = "corpus") -> Advisor:
    """An extractive advisor over the index `index_roadmaps` builds."""
    from rag.advisor import Advisor

    return Advisor(index_roadmaps(root, roadmaps, corpus))
