"""Where the learner stands in a roadmap and what follows: the stage (or, in a roadmap with no
parsed stages, the section) they say they reached, in the roadmap's own words, and the path on."""

from __future__ import annotations

import re

from rag.models import Passage, RoadmapStructure, Stage
from rag.ordered_lists import ordered_items
from rag.ordinals import ordinal_position
from rag.parts import PART_STEMS, crossing
from rag.path_types import RoadmapPath, StageEvidence
from rag.roadmap import PARALLEL_GROUPS, StageMatch, compounds, label_terms, last_stage, named_parts, next_stages, stage_stems
from rag.stage_items import (StageItem, coverage, items_after, name_keys, named_item, phrase_words as _phrase, quoted_item,
                              stage_items, word_key)
from rag.structure_lookups import StructureLookups
from rag.targeting import ROADMAP_WORDS
from rag.text import content_terms, stem, tokens

WHOLE = re.compile(r"\b(whole|entire|all|every|everything|full)\b", re.I)
TITLE_WEIGHT = 3.0  # a part's name counts as a stage title does (rag.roadmap.stage_score)
MIN_ITEM_COVER = 0.5  # with no stage to anchor it, an item is named by half its words or more
MAX_ALSO = 2  # an item listed in more stages than three is a theme of the roadmap, not a place in it
MAX_PATHS = 3
# The words a next-step question asks with: they name no list item ("next topic?" is not "Move on
# to the next learning topic").
ASKING = frozenset(word_key(w) for w in """next after afterwards then now done finish finished complete completed
    topic topics step steps move moving learn learning study try comes come follow follows following""".split())  # a next-step answer follows the best-matching roadmaps only: more would bury the answer


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
                found += [(match.score, m) for m in [match, *self.also_in(match, text)]]
        kept = sorted(found, key=lambda item: -item[0])[:MAX_PATHS]
        kept = [(score, self._quoted_stage(item, text) if isinstance(item, StageMatch) else item) for score, item in kept]
        paths = [self._path_from(item, text) if isinstance(item, StageMatch) else item for _, item in kept]
        for (score, _), path in zip(kept, paths):
            path.score = score
        return paths

    def also_in(self, match: StageMatch, text: str) -> list[StageMatch]:
        """The other stages of the roadmap that list the same item as well as the matched one
        ("Docker" under Containers and again under Pipelines), when no stage is named for it: each
        is answered, so a learner is not sent on from the first only."""
        own = self.targeter.without_names(text, match.roadmap)
        asked = {stem(t) for t in content_terms(own)}
        if not asked or asked & set(stage_stems(match.stage)[0]):
            return []
        found = self.locate([match.roadmap], own, per_roadmap=False)
        also = [m for m in found if m.score == match.score and m.stage.index != match.stage.index
                and m.stage.group == match.stage.group]
        return also if len(also) <= MAX_ALSO else []

    def path_at(self, roadmap: RoadmapStructure, stage: Stage) -> RoadmapPath:
        """The path from a stage the conversation is on ("and after that one?"): the whole stage, never
        an item of it whose name shares a word with the stage's title ("Pre-Training" vs "Training ...")."""
        return self._path_from(StageMatch(roadmap, stage, 1.0), stage.title, items=False)

    def _path_from(self, match: StageMatch, text: str, *, items: bool = True) -> RoadmapPath:
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
        if items:
            self._within_stage(path, text)
        return path

    def _quoted_stage(self, match: StageMatch, text: str) -> StageMatch:
        """The stage holding the item the question names word for word ("neural networks part 2"),
        when that name says more of the question than the matched stage's title does ("Module 2:
        Convolutional Neural Networks" shares three of its words): the item is where the learner is."""
        said = set(_phrase(text))
        title_words = sum(w in said for w in dict.fromkeys(_phrase(match.stage.title)))
        best: tuple[int, Stage] | None = None
        for stage in match.roadmap.stages:
            items = stage_items(stage.title, self.stage_passages(match.roadmap.doc_id, stage.index))
            at = quoted_item(items, text)
            size = len(_phrase(items[at].label)) if at is not None else 0
            if at is not None and size > title_words and (best is None or size > best[0]):
                best = (size, stage)
        if best is None or best[1].index == match.stage.index:
            return match
        return StageMatch(match.roadmap, best[1], match.score)

    def walked_on(self, path: RoadmapPath) -> RoadmapPath | None:
        """The path from the first item after the one `path` reached, in the same stage; None past
        the stage's last item (the stage path then says what follows)."""
        stage = path.position.stage
        if not path.within or stage.index < 0:
            return None
        items = stage_items(stage.title, self.stage_passages(path.roadmap.doc_id, stage.index))
        at = next((n for n, item in enumerate(items) if item == path.within[0]), None)
        if at is None:
            return None
        position = StageEvidence(path.roadmap, stage, [items[at].passage], path.position.resources, path.position.options)
        return RoadmapPath(path.roadmap, position, path.following, path.beyond, path.crossing, path.entering,
                           reached=items[at], within=items_after(items, at), score=path.score)

    def _within_stage(self, path: RoadmapPath, text: str) -> None:
        """"Done with git basics": the item of the stage the learner names and the items after it,
        in the document's order (rag.stage_items). A question about the whole stage names no item."""
        stage = path.position.stage
        if WHOLE.search(text):
            return
        items = stage_items(stage.title, self.stage_passages(path.roadmap.doc_id, stage.index))
        quoted = quoted_item(items, text)
        if quoted is not None and len(_phrase(items[quoted].label)) > sum(
                w in set(_phrase(text)) for w in dict.fromkeys(_phrase(stage.title))):
            path.reached, path.within = items[quoted], items_after(items, quoted)  # its whole name, said word for word
            path.position.passages = [items[quoted].passage]
            return
        own = self.targeter.without_names(text, path.roadmap)
        said = _keys(text)  # every word counts towards naming the item; the roadmap's own name not alone
        named = {word_key(t) for t in content_terms(f"{stage.title} {stage.label} {stage.group}")}
        asked = _keys(own) - {word_key(t) for t in PART_STEMS} - PART_STEMS - named
        if not asked:
            return
        at = named_item(items, asked, said)
        if at is None:
            return
        path.reached, path.within = items[at], items_after(items, at)
        path.position.passages = [items[at].passage]

    def item_path(self, text: str, passages: list[Passage], structures: list[RoadmapStructure], *,
                  min_cover: float = MIN_ITEM_COVER) -> RoadmapPath | None:
        """No stage named: the list entry or table row the question names among the searched
        passages ("finished pytorch fundamentals" -> the row "00 - PyTorch Fundamentals"), and
        the entries after it in that section, in the document's order. In a section the
        conversation is already on, `min_cover` 0: naming the entry by two of its words is enough."""
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
            if share >= min_cover and share > 0 and (best is None or share > best[0]):  # the best-named item, first found on a tie
                stage = Stage(index=passage.stage_index if passage.stage_index is not None else -1, title=heading, group="sections")
                best = share, RoadmapPath(roadmap, StageEvidence(roadmap, stage, [items[at].passage], [], []), [],
                                          reached=items[at], within=after)
        return best[1] if best else None

    def pointed_item_path(self, heading: str, earlier: str, structures: list[RoadmapStructure]) -> RoadmapPath | None:
        """"and after that one?" after an answer that led with a list's section ("Practice Projects"),
        not a stage: the entry the earlier question pointed at, by its words ("after the BM25 engine")
        or by its place ("which project comes first?"), and the entries after it in that section."""
        led = self.under_heading(heading, {r.doc_id for r in structures})
        found = self.item_path(earlier, led, structures, min_cover=0.0) if led else None
        position = ordinal_position(earlier)
        if found is not None or position is None:
            return found
        roadmaps = {r.doc_id: r for r in structures}
        for passage in led:
            roadmap = roadmaps.get(passage.doc_id)
            if roadmap is None:
                continue
            section = self._at([i for i in self._by_doc.get(roadmap.doc_id, [])
                                if self._sections[i] == passage.section and self._is_roadmap[i]])
            items = stage_items(passage.section.split(" > ")[-1], section)
            if len(items) < 2 or not -len(items) <= position < len(items):
                continue
            at = position % len(items)
            stage = Stage(index=passage.stage_index if passage.stage_index is not None else -1,
                          title=passage.section.split(" > ")[-1], group="sections")
            return RoadmapPath(roadmap, StageEvidence(roadmap, stage, [items[at].passage], [], []), [],
                               reached=items[at], within=items_after(items, at))
        return None

    def ordered_item_path(self, text: str, structures: list[RoadmapStructure]) -> RoadmapPath | None:
        """The item of an ordered list (rag.ordered_lists) the question names, in any of these
        roadmaps, and the items after it in that list: "cartpole is done, which env next?" ->
        "2. LunarLander". Named by half its words or more, a word of them not the section's own.
        Stage-less roadmaps only: where a roadmap has stages, their order is its own answer to
        "what next", and a list inside a stage is one step of it, not the learner's path."""
        if WHOLE.search(text):
            return None
        said = _keys(text) - ASKING
        best: tuple[tuple[int, float], RoadmapPath] | None = None
        for roadmap in structures:
            if roadmap.stages:
                continue
            asked = _keys(self.targeter.without_names(text, roadmap)) - {word_key(t) for t in PART_STEMS} - PART_STEMS - ASKING
            for section, items in self._ordered_lists(roadmap.doc_id):
                own = asked - {word_key(t) for t in content_terms(section.split(" > ")[-1])}
                at = named_item(items, own, said) if own else None
                if at is None or coverage(items[at], said) < MIN_ITEM_COVER:
                    continue
                item = items[at]
                if len(said & name_keys(item)) < 2 and coverage(item, said) < 1.0:
                    continue  # one word of a longer name is a topic the item shares, not the item
                key = (len(said & name_keys(item)), coverage(item, said))
                if best is None or key > best[0]:  # the best-named item, the first found on a tie
                    passage = item.passage
                    stage = Stage(index=passage.stage_index if passage.stage_index is not None else -1,
                                  title=section.split(" > ")[-1], group="sections")
                    best = key, RoadmapPath(roadmap, StageEvidence(roadmap, stage, [passage], [], []), [],
                                            reached=item, within=items_after(items, at))
        return best[1] if best else None

    def _ordered_lists(self, doc_id: str) -> list[tuple[str, list[StageItem]]]:
        """A roadmap's sections that hold ordered lists, with their items; read once per roadmap."""
        cache = self.__dict__.setdefault("_ordered_cache", {})  # set on first use: a saved snapshot's finder has none
        if doc_id not in cache:
            sections: dict[str, list[int]] = {}
            for i in self._by_doc.get(doc_id, []):
                if self._is_roadmap[i]:
                    sections.setdefault(self._sections[i], []).append(i)
            found = [(section, ordered_items(section.split(" > ")[-1], self._at(positions)))
                     for section, positions in sections.items()]
            cache[doc_id] = [(section, items) for section, items in found if items]
        return cache[doc_id]

    def section_path(self, roadmap: RoadmapStructure, text: str, count: int = 2) -> tuple[float, RoadmapPath] | None:
        """Where the learner stands in a roadmap with no parsed stages: the section whose heading
        names what they finished, at whatever depth ("Math" under "The Curriculum"), and the
        sections after it in document order: its next siblings, or past the last one, its parent's."""
        positions = [i for i in self._by_doc.get(roadmap.doc_id, []) if self._is_roadmap[i]]
        units: dict[tuple[str, ...], list[int]] = {}  # every heading path and its prefixes, in document order
        for i in positions:
            headings = tuple(h for h in self._sections[i].split(" > ") if h)
            for depth in range(1, len(headings) + 1):
                units.setdefault(headings[:depth], []).append(i)
        names = list(units)
        asked = {stem(t) for t in content_terms(self.targeter.without_names(text, roadmap))}

        def score(name: tuple[str, ...]) -> tuple[int, float]:
            if len(units[name]) * 2 > len(positions) and len(units) > 2:
                return 0, 0.0  # a heading over most of the document names the document, not a section of it
            own = {stem(t) for t in content_terms(name[-1])}
            hits = len(asked & own)
            return hits, hits / len(own) if own else 0.0

        scored = [(*score(name), -n) for n, name in enumerate(names)]
        best = max(scored, default=(0, 0.0, 0))
        if not best[0]:
            return None
        at = -best[2]
        following = _after(names, at, count)

        def unit(n: int) -> StageEvidence:
            stage = Stage(index=n, title=names[n][-1], group="sections")
            return StageEvidence(roadmap, stage, self._at(units[names[n]][:2]), [], [])

        return float(best[0]), RoadmapPath(roadmap, unit(at), [unit(n) for n in following])

    def position_in(self, roadmap: RoadmapStructure, text: str) -> StageMatch | None:
        """The stage of `roadmap` the learner says they reached, in the roadmap's own words: the part
        they name ("the engineer track", "core CS") narrows the stages; a part named alone means its
        end; "the whole curriculum" means the roadmap's end."""
        own = self.targeter.without_names(text, roadmap)
        parts, naming = named_parts(roadmap, {stem(t) for t in content_terms(own)})
        if parts:
            inside = roadmap.model_copy(update={"stages": [s for s in roadmap.stages if s.group in parts]})
            shared = set.intersection(*(set().union(*stage_stems(s)) for s in inside.stages)) if len(inside.stages) > 1 else set()
            rest = " ".join(t for t in content_terms(own) if stem(t) not in naming | shared)  # "lessons": every row is one
            found = self.locate([inside], rest, min_score=2.0) if rest else []
            stage = found[0].stage if found else last_stage(roadmap, parts)
            if stage is not None:
                return StageMatch(roadmap, roadmap.stage(stage.index) or stage, TITLE_WEIGHT * len(naming) + (found[0].score if found else 0.0))
        if WHOLE.search(own) and not [t for t in content_terms(own) if not WHOLE.fullmatch(t) and not ROADMAP_WORDS.fullmatch(t)
                                                      and t not in {"thing", "things"}]:
            stage = last_stage(roadmap)
            if stage is not None:
                return StageMatch(roadmap, stage, 1.0)
        labels = label_terms(text)  # "lesson 2 of the robotics lessons": the label survives the roadmap's name
        found = self.locate([roadmap], own, labels=labels) if content_terms(own) else []
        found = found or self.locate([roadmap], text)
        return found[0] if found else None


def list_beats(listed: RoadmapPath, paths: list[RoadmapPath], text: str) -> bool:
    """An ordered list's item is where the learner stands unless a stage path explains every word
    naming it: "did 2 or 3 linked list questions" names the list's item, not the "Linked Lists"
    stage; "done with linked lists" names the stage."""
    if listed.reached is None:
        return False
    naming = (_keys(text) - ASKING) & name_keys(listed.reached)
    for path in paths:
        other = _keys(path.position.stage.title) | (_keys(path.reached.label) if path.reached is not None else set())
        if naming <= other:
            return False
    return True


def _keys(text: str) -> set[str]:
    """The word keys a question names things with (rag.stage_items.word_key), no bare numbers."""
    return {word_key(t) for t in content_terms(text) + compounds(text) if not t.isdigit()}


def _mentioning(passages: list[Passage], terms: list[str]) -> list[Passage]:
    stems = {stem(t) for t in terms}
    return [p for p in passages if stems & {stem(t) for t in tokens(p.section + " " + p.text)}][:1]


def _after(names: list[tuple[str, ...]], at: int, count: int) -> list[int]:
    """The sections after `names[at]`: its later siblings (same parent, same depth), then, past the
    last of them, the parent's later siblings, and so on up."""
    found: list[int] = []
    path = names[at]
    while path and len(found) < count:
        parent = path[:-1]
        start = names.index(path)
        found += [n for n in range(start + 1, len(names)) if names[n][:-1] == parent and n not in found][:count - len(found)]
        path = parent
    return found
