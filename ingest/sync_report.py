"""What a sync did, for the CLI, the UI and the benchmarks: counts, time and the files left out."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Callable

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
    kept: int = 0  # sources indexed earlier from paths not given to this run, left as they are
    unchanged: int = 0
    embedded: int = 0
    resources: int = 0
    seconds: float = 0.0
    skipped: list[SkippedFile] = field(default_factory=list)

    def to_json(self) -> dict:
        data = asdict(self)
        data["seconds"] = round(self.seconds, 3)
        return data
