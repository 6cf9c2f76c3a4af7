"""Roadmap-aware retrieval: the passages an answer may draw on, organised by its intent.

Hybrid search finds what the question is about; the question's intent (rag.intents) then uses the
stored structure to add what a good advisor would look up next (the stages that follow, the
resources recommended there, the two sides of a comparison) and keeps it as its own typed payload.
Every passage placed in `Evidence` counts as retrieved, and only retrieved passages can be cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Protocol, Sequence

import numpy as np

from rag.models import Passage, RoadmapStructure, Stage
from rag.passages import codes, column
from rag.query import StandaloneQuery
from rag.retrieval import HybridRetriever, RetrievalFilter
from rag.roadmap import PARALLEL_GROUPS, StageMatch, last_stage, locate, named_parts, next_stages, stage_stems
from rag.stage_index import StageStemIndex
from rag.targeting import RoadmapTargeter
from rag.text import content_terms, stem, tokens

Swap = Callable[[list[Passage]], list[Passage]]


@dataclass
class StageEvidence:
    roadmap: RoadmapStructure
    stage: Stage
    passages: list[Passage]
    resources: list[Passage]
    options: list[Passage]  # parallel options nested in the stage

    def rescore(self, swap: Swap) -> None:
        self.passages, self.resources, self.options = swap(self.passages), swap(self.resources), swap(self.options)


@dataclass
class RoadmapPath:
    """Where the subject sits in one roadmap and the stages that follow it."""

    roadmap: RoadmapStructure
    position: StageEvidence
    following: list[StageEvidence]
    beyond: list[Passage] = field(default_factory=list)  # what the roadmap says after its last stage

    def groups(self) -> list[list[Passage]]:
        """The next stages first (what the answer is about), then where the learner stands."""
        staged = [group for part in [*self.following, self.position] for group in (part.passages, part.options, part.resources)]
        return [self.beyond, *staged] if self.beyond else staged

    def rescore(self, swap: Swap) -> None:
        for part in [self.position, *self.following]:
            part.rescore(swap)
        self.beyond = swap(self.beyond)


class IntentPayload(Protocol):
    """What one intent found besides the search results (each intent module defines its own)."""

    def groups(self) -> list[list[Passage]]:
        """The passages, in the order an answerer should read them."""

    def covered(self) -> bool:
        """The roadmap structure itself answers the question (in scope whatever the similarity)."""

    def rescore(self, swap: Swap) -> None:
        """Replace each passage by `swap`'s copy (with its cosine score)."""


class IntentUnit(Protocol):
    """The part of an intent that gathers evidence (see rag.intents.base for the whole unit)."""

    def gather(self, finder: "EvidenceFinder", evidence: "Evidence", k: int,
               structures: list[RoadmapStructure]) -> IntentPayload | None: ...


@dataclass
class Evidence:
    query: StandaloneQuery
    ranked: list[Passage]  # hybrid search results, best first
    payload: IntentPayload | None = None  # what the intent found through the roadmap structure
    scope: RetrievalFilter | None = None  # the one roadmap the question named, if it named one
    retrieve_ms: float = 0.0

    @property
    def retrieved(self) -> list[Passage]:
        """Every passage the answer may use, in the order an answerer should read them: what the
        roadmap structure points at first, then the search results."""
        seen: dict[str, Passage] = {}
        groups = self.payload.groups() if self.payload is not None else []
        for group in [*groups, self.ranked]:
            for passage in group:
                seen.setdefault(passage.chunk_id, passage)
        return list(seen.values())

    @property
    def best_score(self) -> float:
        return max((p.score for p in self.ranked), default=0.0)


class EvidenceFinder:
    """Search plus lookups in the stored structure, shared by the intents' evidence gathering."""

    def __init__(self, retriever: HybridRetriever, structures: list[RoadmapStructure], passages: Sequence[Passage],
                 stems: StageStemIndex | None = None):
        self.retriever = retriever
        self.structures = structures
        self.passages = passages  # every indexed passage, in document order
        # Positions, not Passage objects: a snapshot's passages are columns (rag.passages), and only
        # those an answer uses become objects. Grouped through the columns' codes, in numpy.
        self._stages, self._sections = column(passages, "stage_index"), column(passages, "section")
        doc_values, doc_codes = codes(passages, "doc_id")
        kind_values, kind_codes = codes(passages, "kind")
        is_kind = {kind: np.isin(kind_codes, [i for i, v in enumerate(kind_values) if v == kind])
                   for kind in ("roadmap", "resource")}
        self._by_doc: dict[str, list[int]] = {doc_values[c]: group for c, group in _groups(doc_codes)}
        self._by_stage = _by_stage(doc_values, doc_codes, self._stages)
        section_values, section_codes = codes(passages, "section")
        self._heading_index = _by_heading_stem(section_values, section_codes, np.flatnonzero(is_kind["roadmap"]))
        self._resources = [passages[i] for i in np.flatnonzero(is_kind["resource"]).tolist()]
        self._is_roadmap = is_kind["roadmap"]
        # Every stage's stems once, not on every question (locate runs several times per answer);
        # an index snapshot passes the index it saved (stemming every stage took 10 s at 100,000 passages).
        self._stage_stems = stems if stems is not None else StageStemIndex.build(
            {(r.doc_id, s.index): stage_stems(s) for r in structures for s in r.stages})
        self.targeter = RoadmapTargeter(structures, _top_headings(doc_values, doc_codes, section_values, section_codes))

    @property
    def sections(self) -> list[str]:
        """Every passage's section path, in document order."""
        return self._sections

    def find(self, query: StandaloneQuery, k: int, intent: IntentUnit) -> Evidence:
        roadmap = None
        if len(self.structures) > 1:  # a follow-up that names no roadmap stays on the conversation's
            roadmap = self.named_roadmap(query.question) or self._focus_roadmap(query) or (
                self.named_roadmap(query.subject) if query.subject else None)
        scope = RetrievalFilter(doc_id=roadmap.doc_id) if roadmap else None
        evidence = Evidence(query=query, ranked=self.retriever.search(query.query, filter=scope, k=k), scope=scope)
        if query.injection:
            return evidence
        evidence.payload = intent.gather(self, evidence, k, [roadmap] if roadmap else self.structures)
        self._score_unranked(evidence)
        return evidence

    def _focus_roadmap(self, query: StandaloneQuery) -> RoadmapStructure | None:
        """The roadmap the conversation is on alone (rag.focus)."""
        if query.focus is None or not query.focus.alone:
            return None
        return next((r for r in self.structures if r.doc_id == query.focus.doc_id), None)

    def _score_unranked(self, evidence: Evidence) -> None:
        """Passages found through the structure get the same cosine score as searched ones."""
        ranked = {p.chunk_id for p in evidence.ranked}
        extra = [p for p in evidence.retrieved if p.chunk_id not in ranked]
        if not extra or evidence.payload is None:
            return
        scores = self.retriever.similarities(evidence.query.query, [p.chunk_id for p in extra])
        replace = {p.chunk_id: p.model_copy(update={"score": scores.get(p.chunk_id, 0.0)}) for p in extra}
        evidence.payload.rescore(lambda group: [replace.get(p.chunk_id, p) for p in group])

    # -- lookups in the structure ----------------------------------------------------------------
    def locate(self, structures: list[RoadmapStructure], text: str, **options) -> list[StageMatch]:
        return locate(structures, text, stems=self._stage_stems, **options)

    def named_roadmap(self, text: str) -> RoadmapStructure | None:
        """The one roadmap a question names (see rag.targeting)."""
        return self.targeter.named(text)

    def stage_passages(self, doc_id: str, stage_index: int) -> list[Passage]:
        return self._at(self._by_stage.get((doc_id, stage_index), []))

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

    def paths_after(self, text: str, structures: list[RoadmapStructure]) -> list[RoadmapPath]:
        """The best-matching roadmaps' paths; evidence is gathered only for the few kept (an index
        of a thousand roadmaps scores them all, but reads passages for MAX_PATHS)."""
        found: list[tuple[float, RoadmapPath | StageMatch]] = []
        for roadmap in structures:
            if not roadmap.stages:  # no parsed stages: its sections, in document order, stand for them
                sections = self.section_path(roadmap, text)
                found += [sections] if sections else []
                continue
            match = self.position_in(roadmap, text)
            if match is not None:
                found.append((match.score, match))
        kept = [found_ for _, found_ in sorted(found, key=lambda item: -item[0])[:MAX_PATHS]]
        return [self._path_from(item, text) if isinstance(item, StageMatch) else item for item in kept]

    def path_at(self, roadmap: RoadmapStructure, stage: Stage) -> RoadmapPath:
        """The path from a stage the conversation is on ("and after that one?")."""
        return self._path_from(StageMatch(roadmap, stage, 1.0), stage.title)

    def _path_from(self, match: StageMatch, text: str) -> RoadmapPath:
        following = next_stages(match)
        position = self.stage_evidence(match.roadmap, match.stage)
        position.passages = _mentioning(position.passages, content_terms(text)) or position.passages[:1]
        beyond = [] if following or match.stage.group in PARALLEL_GROUPS else self.after_stages(match.roadmap)
        return RoadmapPath(match.roadmap, position, [self.stage_evidence(match.roadmap, s) for s in following], beyond)

    def section_path(self, roadmap: RoadmapStructure, text: str, count: int = 2) -> tuple[float, RoadmapPath] | None:
        """Where the learner stands in a roadmap with no parsed stages: the section whose heading
        names what they finished, and the sections after it in document order. Sections are taken at
        the shallowest heading depth that splits the document into three or more."""
        positions = [i for i in self._by_doc.get(roadmap.doc_id, []) if self._is_roadmap[i]]
        units: dict[str, list[int]] = {}
        for depth in (1, 2, 3):
            units = {}
            for i in positions:
                headings = self._sections[i].split(" > ")
                if len(headings) >= depth:
                    units.setdefault(" > ".join(headings[:depth]), []).append(i)
            if len(units) >= 3:
                break
        names = list(units)
        asked = {stem(t) for t in content_terms(self.targeter.without_names(text, roadmap))}
        scored = [(len(asked & {stem(t) for t in content_terms(name.split(" > ")[-1])}), -n) for n, name in enumerate(names)]
        best = max(scored, default=(0, 0))
        if not best[0]:
            return None

        def unit(n: int) -> StageEvidence:
            stage = Stage(index=n, title=names[n].split(" > ")[-1], group="sections")
            return StageEvidence(roadmap, stage, self._at(units[names[n]][:2]), [], [])

        at = -best[1]
        return float(best[0]), RoadmapPath(roadmap, unit(at), [unit(n) for n in range(at + 1, min(at + 1 + count, len(names)))])

    def position_in(self, roadmap: RoadmapStructure, text: str) -> StageMatch | None:
        """The stage of `roadmap` the learner says they reached, in the roadmap's own words: the part
        they name ("the engineer track", "core CS") narrows the stages; a part named alone means its
        end; "the whole curriculum" means the roadmap's end."""
        own = self.targeter.without_names(text, roadmap)
        parts, naming = named_parts(roadmap, {stem(t) for t in content_terms(own)})
        if parts:
            rest = " ".join(t for t in content_terms(own) if stem(t) not in naming)
            inside = roadmap.model_copy(update={"stages": [s for s in roadmap.stages if s.group in parts]})
            found = self.locate([inside], rest, min_score=2.0) if rest else []
            stage = found[0].stage if found else last_stage(roadmap, parts)
            if stage is not None:
                return StageMatch(roadmap, roadmap.stage(stage.index) or stage, len(naming) + (found[0].score if found else 0.0))
        if WHOLE.search(own) and not [t for t in content_terms(own) if not WHOLE.fullmatch(t) and not ROADMAP_WORD.fullmatch(t)]:
            stage = last_stage(roadmap)
            if stage is not None:
                return StageMatch(roadmap, stage, 1.0)
        found = self.locate([roadmap], own) if content_terms(own) else []
        found = found or self.locate([roadmap], text)
        return found[0] if found else None

    def after_stages(self, roadmap: RoadmapStructure, most: int = 2) -> list[Passage]:
        """The passages after the roadmap's last stage (what it says comes after the curriculum)."""
        positions = self._by_doc.get(roadmap.doc_id, [])
        staged = [i for i in positions if self._stages[i] is not None]
        if not staged:
            return []
        return self._at([i for i in positions if i > max(staged) and self._stages[i] is None][:most])


def _by_stage(doc_values: list[str], doc_codes: np.ndarray,
              stages: list[int | None]) -> dict[tuple[str, int], list[int]]:
    """(doc_id, stage index) -> the positions of that stage's passages."""
    numbers = np.array([-1 if s is None else s for s in stages], dtype=np.int64)
    staged = np.flatnonzero(numbers >= 0)
    keys = doc_codes[staged].astype(np.int64) * (int(numbers.max(initial=0)) + 1) + numbers[staged]
    return {(doc_values[doc_codes[group[0]]], stages[group[0]]): group for _, group in _groups(keys, staged)}


def _top_headings(doc_values: list[str], doc_codes: np.ndarray, section_values: list[str],
                  section_codes: np.ndarray) -> dict[str, list[str]]:
    """doc_id -> its top-level headings, which name a roadmap too ("The LLM Scientist"); each distinct
    (document, section) pair is read once."""
    width = max(len(section_values), 1)
    headings: dict[str, list[str]] = {}
    for key in np.unique(doc_codes.astype(np.int64) * width + section_codes.astype(np.int64)).tolist():
        top = section_values[key % width].split(" > ")[0]
        doc = headings.setdefault(doc_values[key // width], [])
        if top and top not in doc:
            doc.append(top)
    return headings


def _by_heading_stem(section_values: list[str], section_codes: np.ndarray,
                     rows: np.ndarray) -> dict[str, list[int]]:
    """Stem of a passage's own heading (the last part of its section) -> the positions among `rows`
    with it; each distinct heading is stemmed once, however many sections end with it."""
    headings: dict[str, int] = {}
    heading_of = np.array([headings.setdefault(section.split(" > ")[-1], len(headings))
                           for section in section_values], dtype=np.int64)
    listed = list(headings)
    found: dict[str, list[np.ndarray]] = {}
    for code, group in _groups(heading_of[section_codes[rows]], rows, as_lists=False):
        for term in {stem(t) for t in content_terms(listed[code])}:
            found.setdefault(term, []).append(group)
    return {term: np.sort(np.concatenate(groups)).tolist() for term, groups in found.items()}


def _groups(keys: np.ndarray, positions: np.ndarray | None = None, *, as_lists: bool = True):
    """(key, positions in ascending order) for each distinct key; `positions`: where each key sits
    (default: 0..n-1)."""
    if positions is None:
        positions = np.arange(len(keys))
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(keys) else np.zeros(0, dtype=np.int64)
    for start, stop in zip(starts.tolist(), [*starts[1:].tolist(), len(keys)]):
        group = positions[order[start:stop]]
        yield int(ordered[start]), (group.tolist() if as_lists else group)


WHOLE = re.compile(r"\b(whole|entire|all|every|everything|full)\b", re.I)
ROADMAP_WORD = re.compile(r"(road ?maps?|tracks?|curricul(um|a)|paths?|courses?|programs?|guides?|syllabus|things?|one)", re.I)
MAX_PATHS = 3  # a next-step answer follows the best-matching roadmaps only: more would bury the answer


def _mentioning(passages: list[Passage], terms: list[str]) -> list[Passage]:
    stems = {stem(t) for t in terms}
    return [p for p in passages if stems & {stem(t) for t in tokens(p.section + " " + p.text)}][:1]
