"""Lookups in the stored roadmap structure: a stage's passages, a part's, a heading's, the
resources recommended in a stage, the roadmap's own lines about itself. Positions, not Passage
objects: a snapshot's passages are columns (rag.passages), and only those an answer uses become
objects."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from rag.models import Passage, RoadmapStructure, Stage
from rag.parts import HeadingTree, NamedPart, Part
from rag.passage_groups import by_heading_stem, by_stage, groups, top_headings
from rag.passages import codes, column
from rag.path_types import StageEvidence
from rag.retrieval import HybridRetriever
from rag.roadmap import StageMatch, locate, stage_stems
from rag.stage_index import StageStemIndex
from rag.targeting import RoadmapTargeter
from rag.text import content_terms, stem


class StructureLookups:
    """The indexed passages grouped by roadmap, stage and heading, and the lookups over them."""

    def __init__(self, retriever: HybridRetriever, structures: list[RoadmapStructure], passages: Sequence[Passage],
                 stems: StageStemIndex | None = None):
        self.retriever = retriever
        self.structures = structures
        self.passages = passages  # every indexed passage, in document order
        # Grouped through the columns' codes, in numpy.
        self._stages, self._sections = column(passages, "stage_index"), column(passages, "section")
        doc_values, doc_codes = codes(passages, "doc_id")
        kind_values, kind_codes = codes(passages, "kind")
        is_kind = {kind: np.isin(kind_codes, [i for i, v in enumerate(kind_values) if v == kind])
                   for kind in ("roadmap", "resource")}
        self._by_doc: dict[str, list[int]] = {doc_values[c]: group for c, group in groups(doc_codes)}
        self._by_stage = by_stage(doc_values, doc_codes, self._stages)
        section_values, section_codes = codes(passages, "section")
        self._heading_index = by_heading_stem(section_values, section_codes, np.flatnonzero(is_kind["roadmap"]))
        self._resources = [passages[i] for i in np.flatnonzero(is_kind["resource"]).tolist()]
        self._is_roadmap = is_kind["roadmap"]
        # Every stage's stems once, not on every question (locate runs several times per answer);
        # an index snapshot passes the index it saved (stemming every stage took 10 s at 100,000 passages).
        self._stage_stems = stems if stems is not None else StageStemIndex.build(
            {(r.doc_id, s.index): stage_stems(s) for r in structures for s in r.stages})
        self.targeter = RoadmapTargeter(structures, top_headings(doc_values, doc_codes, section_values, section_codes),
                                        self._openings())
        self._trees: dict[str, HeadingTree] = {}  # built on first use, per roadmap

    def _openings(self, most: int = 2) -> dict[str, str]:
        """Each roadmap's first passages, where a document says whose it is ("Azure Cloud Advocates
        at Microsoft ...")."""
        return {doc: "\n".join(self.passages[i].text for i in [i for i in positions if self._is_roadmap[i]][:most])
                for doc, positions in self._by_doc.items()}

    @property
    def sections(self) -> list[str]:
        """Every passage's section path, in document order."""
        return self._sections

    def locate(self, structures: list[RoadmapStructure], text: str, **options) -> list[StageMatch]:
        return locate(structures, text, stems=self._stage_stems, **options)

    def named_roadmap(self, text: str) -> RoadmapStructure | None:
        """The one roadmap a question names (see rag.targeting)."""
        return self.targeter.named(text)

    def heading_tree(self, doc_id: str) -> HeadingTree:
        if doc_id not in self._trees:
            positions = [i for i in self._by_doc.get(doc_id, []) if self._is_roadmap[i]]
            roadmap = next((r for r in self.structures if r.doc_id == doc_id), None)
            stage_groups: dict[str, list[int]] = {}
            for stage in roadmap.stages if roadmap else []:
                stage_groups.setdefault(stage.group, []).append(stage.index)
            self._trees[doc_id] = HeadingTree(positions, self._sections, self._stages, stage_groups)
        return self._trees[doc_id]

    def part_named(self, text: str, roadmap: RoadmapStructure) -> NamedPart | None:
        """The part of `roadmap` the question names (rag.parts), its own names set aside."""
        asked = {stem(t) for t in content_terms(self.targeter.without_names(text, roadmap))}
        return self.heading_tree(roadmap.doc_id).named(asked) if asked else None

    def part_passages(self, part: Part) -> list[Passage]:
        return self._at(part.own)

    def stage_passages(self, doc_id: str, stage_index: int) -> list[Passage]:
        return self._at(self._by_stage.get((doc_id, stage_index), []))

    def under_heading(self, heading: str, doc_ids: set[str]) -> list[Passage]:
        """The first passage of each section of `doc_ids` headed `heading` or nested under it (the
        section an answer led with: "How do I get started?", "How to use it > If you use git")."""
        wanted = " ".join(heading.casefold().split())
        found: dict[str, Passage] = {}
        for doc_id in doc_ids:
            for i in self._by_doc.get(doc_id, []):
                section = self._sections[i]
                if self._is_roadmap[i] and section not in found and wanted in (
                        " ".join(part.casefold().split()) for part in section.split(" > ")):
                    found[section] = self.passages[i]
        return list(found.values())

    def _at(self, positions: list[int]) -> list[Passage]:
        return [self.passages[i] for i in positions]

    def headed(self, stems: set[str]) -> dict[int, int]:
        """Positions of passages whose own heading has some of `stems`, with how many."""
        hits: dict[int, int] = {}
        for term in stems:
            for position in self._heading_index.get(term, []):
                hits[position] = hits.get(position, 0) + 1
        return hits

    def stage_evidence(self, roadmap: RoadmapStructure, stage: Stage) -> StageEvidence:
        passages = self.stage_passages(roadmap.doc_id, stage.index)
        nested = self._at([
            i for i in self._by_doc.get(roadmap.doc_id, [])
            if self._stages[i] not in (None, stage.index)
            and self._sections[i].startswith(stage.title + " > ")
        ])
        return StageEvidence(roadmap, stage, passages, self.resources_recommended_in(stage), nested)

    def resources_recommended_in(self, stage: Stage) -> list[Passage]:
        needle = f"{stage.title} ("
        return [p for p in self._resources if needle in p.text]

    def about_whole(self, roadmap: RoadmapStructure) -> list[Passage]:
        """The roadmap's passages outside its stages (its summary, how to use it, its duration)."""
        return self._at([i for i in self._by_doc.get(roadmap.doc_id, []) if self._stages[i] is None and self._is_roadmap[i]])

    def after_stages(self, roadmap: RoadmapStructure, most: int = 2) -> list[Passage]:
        """The passages after the roadmap's last stage (what it says comes after the curriculum)."""
        positions = self._by_doc.get(roadmap.doc_id, [])
        staged = [i for i in positions if self._stages[i] is not None]
        if not staged:
            return []
        return self._at([i for i in positions if i > max(staged) and self._stages[i] is None][:most])
