"""What a plan is built from: the roadmaps' structure and every indexed passage, organised by stage.

Reading it needs no embedding model and no search: a plan follows the roadmap's own order and
cites the passages of each stage, so opening the index's records is enough.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rag.models import Passage, RoadmapStructure, Stage


@dataclass
class PlanLibrary:
    structures: list[RoadmapStructure]
    passages: list[Passage]  # every indexed passage, in document order
    _by_stage: dict[tuple[str, int], list[Passage]] = field(default_factory=dict, init=False, repr=False)
    _catalogue: list[Passage] = field(default_factory=list, init=False, repr=False)
    _by_url: dict[str, Passage] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for passage in self.passages:
            if passage.kind == "resource":
                self._catalogue.append(passage)
                if passage.url:
                    self._by_url.setdefault(url_key(passage.url), passage)
                continue
            if passage.stage_index is not None:
                self._by_stage.setdefault((passage.doc_id, passage.stage_index), []).append(passage)

    @classmethod
    def from_store(cls, store) -> "PlanLibrary":
        """From an opened `rag.store.IndexStore`, passages in the order the sources were chunked."""
        manifest = store.manifest()
        order = {cid: i for i, cid in enumerate(c for src in sorted(manifest) for c in manifest[src].chunk_ids)}
        passages = sorted(store.all_passages(), key=lambda p: order.get(p.chunk_id, len(order)))
        structures = [e.structure for _, e in sorted(manifest.items()) if e.structure is not None]
        return cls(structures, passages)

    def stage_passages(self, roadmap: RoadmapStructure, stage: Stage) -> list[Passage]:
        """The stage's own passages in document order (options nested under it are stages of their own)."""
        return self._by_stage.get((roadmap.doc_id, stage.index), [])

    def catalogue_by_url(self) -> dict[str, Passage]:
        """Catalogue entries by URL (the first entry of a URL wins)."""
        return self._by_url

    def recommended_in(self, stage: Stage) -> list[Passage]:
        """Catalogue entries whose 'Recommended in:' line names the stage."""
        needle = f"{stage.title} ("
        return [p for p in self._catalogue if needle in p.text]


def url_key(url: str) -> str:
    """URLs compared as a reader would: case and a trailing slash do not make another resource."""
    return url.strip().rstrip("/").lower()
