"""Where the learner stands in a roadmap and what follows: the stage (or, in a roadmap with no
parsed stages, the section) they say they reached, in the roadmap's own words, and the path on."""

from __future__ import annotations

import re

from rag.models import Passage, RoadmapStructure, Stage
from rag.parts import PART_STEMS, crossing
from rag.path_types import RoadmapPath, StageEvidence
from rag.roadmap import PARALLEL_GROUPS, StageMatch, compounds, last_stage, named_parts, next_stages
from rag.stage_items import coverage, items_after, named_item, stage_items, word_key
from rag.structure_lookups import StructureLookups
from rag.text import content_terms, stem, tokens

WHOLE = re.compile(r"\b(whole|entire|all|every|everything|full)\b", re.I)
ROADMAP_WORD = re.compile(r"(road ?maps?|tracks?|curricul(um|a)|paths?|courses?|programs?|guides?|syllabus|things?|one)", re.I)
TITLE_WEIGHT = 3.0  # a part's name counts as a stage title does (rag.roadmap.stage_score)
MIN_ITEM_COVER = 0.5  # with no stage to anchor it, an item is named by half its words or more
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
        self._within_stage(path, text)
        return path

    def _within_stage(self, path: RoadmapPath, text: str) -> None:
        """"Done with git basics": the item of the stage the learner names and the items after it,
        in the document's order (rag.stage_items). A question about the whole stage names no item."""
        stage = path.position.stage
        if WHOLE.search(text):
            return
        own = self.targeter.without_names(text, path.roadmap)
        said = _keys(text)  # every word counts towards naming the item; the roadmap's own name not alone
        named = {word_key(t) for t in content_terms(f"{stage.title} {stage.label} {stage.group}")}
        asked = _keys(own) - {word_key(t) for t in PART_STEMS} - PART_STEMS - named
        if not asked:
            return
        items = stage_items(stage.title, self.stage_passages(path.roadmap.doc_id, stage.index))
        at = named_item(items, asked, said)
        if at is None:
            return
        path.reached, path.within = items[at], items_after(items, at)
        path.position.passages = [items[at].passage]

    def item_path(self, text: str, passages: list[Passage], structures: list[RoadmapStructure]) -> RoadmapPath | None:
        """No stage named: the list entry or table row the question names among the searched
        passages ("finished pytorch fundamentals" -> the row "00 - PyTorch Fundamentals"), and
        the entries after it in that section, in the document's order."""
        roadmaps = {r.doc_id: r for r in structures}
        if WHOLE.search(text):
            return None
        best: tuple[float, RoadmapPath] | None = None
        seen: set[tuple[str, str]] = set()
        for passage in passages:
            roadmap = roadmaps.get(passage.doc_id)
            if roadmap is None or passage.kind != "roadmap" or (passage.doc_id, passage.section) in seen:
                continue
            seen.add((passage.doc_id, passage.section))
            heading = passage.section.split(" > ")[-1]
            own = self.targeter.without_names(text, roadmap)
            said = _keys(text)  # every word counts towards naming the item; the roadmap's own name not alone
            asked = _keys(own) - {word_key(t) for t in PART_STEMS} - PART_STEMS - {word_key(t) for t in content_terms(heading)}
            if not asked:
                continue
            section = self._at([i for i in self._by_doc.get(roadmap.doc_id, [])
                                if self._sections[i] == passage.section and self._is_roadmap[i]])
            items = stage_items(heading, section)
            at = named_item(items, asked, said)
            after = items_after(items, at) if at is not None else []
            share = coverage(items[at], said) if after else 0.0
            if share >= MIN_ITEM_COVER and (best is None or share > best[0]):  # the best-named item, first found on a tie
                stage = Stage(index=passage.stage_index if passage.stage_index is not None else -1, title=heading, group="sections")
                best = share, RoadmapPath(roadmap, StageEvidence(roadmap, stage, [items[at].passage], [], []), [],
                                          reached=items[at], within=after)
        return best[1] if best else None

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


def _keys(text: str) -> set[str]:
    """The word keys a question names things with (rag.stage_items.word_key), no bare numbers."""
    return {word_key(t) for t in content_terms(text) + compounds(text) if not t.isdigit()}


def _mentioning(passages: list[Passage], terms: list[str]) -> list[Passage]:
    stems = {stem(t) for t in terms}
    return [p for p in passages if stems & {stem(t) for t in tokens(p.section + " " + p.text)}][:1]
