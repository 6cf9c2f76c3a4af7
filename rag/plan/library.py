"""What a plan is built from: the roadmaps' structure and every indexed passage, organised by stage.

Reading it needs no embedding model and no search: a plan follows the roadmap's own order and
cites the passages of each stage, so opening the index's records is enough.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

from rag.link_health import broken_links
from rag.models import Passage, RoadmapStructure, Stage
from rag.passage_groups import top_headings
from rag.passages import codes, column
from rag.targeting import RoadmapTargeter


@dataclass
class PlanLibrary:
    structures: list[RoadmapStructure]
    passages: Sequence[Passage]  # every indexed passage, in document order
    # positions: a snapshot's passages are columns (rag.passages); only those a plan cites become objects
    _by_stage: dict[tuple[str, int], list[int]] = field(default_factory=dict, init=False, repr=False)
    _by_doc: dict[str, list[int]] = field(default_factory=dict, init=False, repr=False)
    _catalogue: list[Passage] = field(default_factory=list, init=False, repr=False)
    _by_url: dict[str, Passage] = field(default_factory=dict, init=False, repr=False)
    # whether the last `advisor links check` found a URL broken (rag.link_health): such links are left out
    is_broken: Callable[[str | None], bool] = field(default=lambda url: False, repr=False)
    # how the chat tells which roadmap a learner names (nicknames, acronyms, role forms); built on first use
    targeter: RoadmapTargeter | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        kinds, stages, doc_ids = (column(self.passages, name) for name in ("kind", "stage_index", "doc_id"))
        for position, (kind, stage_index, doc_id) in enumerate(zip(kinds, stages, doc_ids)):
            if kind == "resource":
                passage = self.passages[position]
                self._catalogue.append(passage)
                if passage.url:
                    self._by_url.setdefault(url_key(passage.url), passage)
                continue
            self._by_doc.setdefault(doc_id, []).append(position)
            if stage_index is not None:
                self._by_stage.setdefault((doc_id, stage_index), []).append(position)

    @classmethod
    def from_store(cls, store) -> "PlanLibrary":
        """From an opened `rag.store.IndexStore`, passages in the order the sources were chunked."""
        manifest = store.manifest()
        order = {cid: i for i, cid in enumerate(c for src in sorted(manifest) for c in manifest[src].chunk_ids)}
        passages = sorted(store.all_passages(), key=lambda p: order.get(p.chunk_id, len(order)))
        structures = [e.structure for _, e in sorted(manifest.items()) if e.structure is not None]
        return cls(structures, passages, is_broken=broken_links(store.settings))

    def roadmap_targeter(self) -> RoadmapTargeter:
        """The chat's roadmap targeter (rag.targeting) over these roadmaps: names, acronyms of their
        titles and files, the organisation or author their opening lines name, their top headings."""
        if self.targeter is None:
            doc_values, doc_codes = codes(self.passages, "doc_id")
            section_values, section_codes = codes(self.passages, "section")
            openings = {doc: "\n".join(self.passages[i].text for i in positions[:2])
                        for doc, positions in self._by_doc.items()}
            self.targeter = RoadmapTargeter(self.structures,
                                            top_headings(doc_values, doc_codes, section_values, section_codes),
                                            openings)
        return self.targeter

    def stage_passages(self, roadmap: RoadmapStructure, stage: Stage) -> list[Passage]:
        """The stage's own passages in document order (options nested under it are stages of their own)."""
        return [self.passages[i] for i in self._by_stage.get((roadmap.doc_id, stage.index), [])]

    def document_passages(self, roadmap: RoadmapStructure) -> list[Passage]:
        """The roadmap's own passages (not the catalogue's), in document order."""
        return [self.passages[i] for i in self._by_doc.get(roadmap.doc_id, [])]

    def catalogue_by_url(self) -> dict[str, Passage]:
        """Catalogue entries by URL (the first entry of a URL wins)."""
        return self._by_url

    def recommended_in(self, stage: Stage, roadmap: RoadmapStructure | None = None) -> list[Passage]:
        """Catalogue entries whose 'Recommended in:' line names the stage (of `roadmap`, when given:
        two roadmaps may both have an "About" or a "Step 3: SQL")."""
        needle = f"{stage.title} ({roadmap.title})" if roadmap is not None else f"{stage.title} ("
        return [p for p in self._catalogue if needle in p.text]


def url_key(url: str) -> str:
    """URLs compared as a reader would: case and a trailing slash do not make another resource."""
    return url.strip().rstrip("/").lower()
