"""Where the learner stands in a roadmap and what follows: the stage (or, in a roadmap with no
parsed stages, the section) they say they reached, in the roadmap's own words, and the path on."""

from __future__ import annotations

import re

from rag.models import Passage, RoadmapStructure, Stage
from rag.parts import crossing
from rag.path_types import RoadmapPath, StageEvidence
from rag.roadmap import PARALLEL_GROUPS, StageMatch, last_stage, named_parts, next_stages
from rag.structure_lookups import StructureLookups
from rag.text import content_terms, stem, tokens

WHOLE = re.compile(r"\b(whole|entire|all|every|everything|full)\b", re.I)
ROADMAP_WORD = re.compile(r"(road ?maps?|tracks?|curricul(um|a)|paths?|courses?|programs?|guides?|syllabus|things?|one)", re.I)
TITLE_WEIGHT = 3.0  # a part's name counts as a stage title does (rag.roadmap.stage_score)
MAX_PATHS = 3  # a next-step answer follows the best-matching roadmaps only: more would bury the answer


class PathLookups(StructureLookups):
    """The structure lookups plus the learner's position and the path that follows it."""

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
        path = RoadmapPath(match.roadmap, position, [self.stage_evidence(match.roadmap, s) for s in following], beyond)
        if following:
            stage, after = match.stage, following[0]
            path.crossing = crossing(self.heading_tree(match.roadmap.doc_id), (stage.index, stage.title),
                                     (after.index, after.title), (stage.group, after.group))
            path.entering = self._at(list(path.crossing.opening)) if path.crossing else []
        return path

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
                return StageMatch(roadmap, roadmap.stage(stage.index) or stage, TITLE_WEIGHT * len(naming) + (found[0].score if found else 0.0))
        if WHOLE.search(own) and not [t for t in content_terms(own) if not WHOLE.fullmatch(t) and not ROADMAP_WORD.fullmatch(t)]:
            stage = last_stage(roadmap)
            if stage is not None:
                return StageMatch(roadmap, stage, 1.0)
        found = self.locate([roadmap], own) if content_terms(own) else []
        found = found or self.locate([roadmap], text)
        return found[0] if found else None


def _mentioning(passages: list[Passage], terms: list[str]) -> list[Passage]:
    stems = {stem(t) for t in terms}
    return [p for p in passages if stems & {stem(t) for t in tokens(p.section + " " + p.text)}][:1]
