"""The parts of a roadmap as its headings nest them ("Core CS" > "Core math" > "Calculus 1A"), and
the part a question names ("the math part of the CS curriculum", "core theory", "the advanced math
module").

A part is a heading that holds two or more stages; its children are its direct sub-headings in
document order. Built from the passages' section paths alone, so it holds for any roadmap whose
headings nest, whatever its words. A question names a part by its heading's word stems (as stage
titles are matched); a word every part's name has names none, and among parts named equally, an
enclosing part stands for the parts inside it ("core CS" is "Core CS", not each "Core ..." group).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from rag.text import content_terms, stem

# Words that say "a part of the roadmap" rather than name one.
PART_WORDS = re.compile(r"\b(parts?|sections?|modules?|tracks?|paths?|phases?|areas?|blocks?|units?|categor(?:y|ies)|groups?|"
                        r"portions?|segments?|chapters?|subcategor(?:y|ies))\b", re.I)
PART_STEMS = {stem(w) for w in ("part", "parts", "section", "sections", "module", "modules", "track", "tracks",
                                "area", "areas", "block", "blocks", "unit", "units", "category", "categories",
                                "group", "groups", "portion", "chapter", "segment", "subcategory",
                                # a parser's labels for its groups of stages ("steps", "quarters")
                                "path", "paths", "step", "steps", "stage", "stages", "quarter", "quarters",
                                "option", "options", "phase", "phases", "level", "levels", "main")}
Path = tuple[str, ...]


@dataclass
class Part:
    path: Path
    own: list[int] = field(default_factory=list)  # positions of the passages headed exactly by this path
    stages: list[int] = field(default_factory=list)  # stage indexes below it, in document order
    children: list[Path] = field(default_factory=list)  # direct sub-headings, in document order

    @property
    def name(self) -> str:
        return self.path[-1]


@dataclass(frozen=True)
class NamedPart:
    part: Part
    naming: frozenset[str]  # the question's stems that named it


class HeadingTree:
    """One roadmap's headings as a tree of parts, from its passages in document order."""

    def __init__(self, positions: Sequence[int], sections: Sequence[str], stages: Sequence[int | None],
                 groups: dict[str, list[int]] | None = None):
        """`groups`: the roadmap's stage groups (a parser's parts), added as parts where the headings
        do not nest the stages under them ("The LLM Scientist" above "1. The LLM Architecture")."""
        self.parts: dict[Path, Part] = {}
        stage_paths: dict[int, Path] = {}
        for i in positions:
            path = tuple(sections[i].split(" > "))
            for depth in range(1, len(path) + 1):
                key = path[:depth]
                if key not in self.parts:
                    self.parts[key] = Part(key)
                    if depth > 1:
                        self.parts[path[:depth - 1]].children.append(key)
                if stages[i] is not None and stages[i] not in self.parts[key].stages:
                    self.parts[key].stages.append(stages[i])
            self.parts[path].own.append(i)
            if stages[i] is not None:  # a stage sits at the path its passages share
                known = stage_paths.get(stages[i])
                stage_paths[stages[i]] = path if known is None else _common(known, path)
        self.stage_paths = stage_paths
        for name, members in (groups or {}).items():
            words = _name_stems(name)
            if len(members) < 2 or not words or any(p.stages == members for p in self.parts.values()):
                continue
            heading = next((p for p in self.parts.values() if _name_stems(p.name) == words), None)
            self.parts[(name,)] = Part((name,), list(heading.own) if heading else [], list(members),
                                       [stage_paths[s] for s in members if s in stage_paths])

    def stage_path(self, stage_index: int) -> Path:
        """The headings above and at a stage ("Curriculum", "Core CS", "Core math", "Calculus 1A")."""
        return self.stage_paths.get(stage_index, ())

    def groups(self) -> list[Part]:
        """Every heading that holds two or more stages (not the one holding all of them)."""
        every = len(self.stage_paths)
        return sorted((p for p in self.parts.values() if 2 <= len(p.stages) < every), key=lambda p: p.stages[0])

    def named(self, asked: set[str]) -> NamedPart | None:
        """The part whose heading the question's stems name best (see the module docstring)."""
        groups = self.groups()
        if len(groups) < 2:
            return None
        names = {p.path: _name_stems(p.name) for p in groups}
        shared = set.intersection(*names.values())
        hits = {p.path: (asked & names[p.path]) - shared for p in groups}
        best = max(len(h) for h in hits.values())
        if not best:
            return None
        tied = [p for p in groups if len(hits[p.path]) == best]
        outer = [p for p in tied if not any(q.path == p.path[:len(q.path)] and q is not p for q in tied)]
        chosen = outer[0]  # on a tie, the part the roadmap comes to first
        return NamedPart(chosen, frozenset(hits[chosen.path]))


def _name_stems(name: str) -> set[str]:
    return {stem(t) for t in content_terms(name)} - PART_STEMS


def _common(a: Path, b: Path) -> Path:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


@dataclass(frozen=True)
class Crossing:
    """The parts a learner leaves and enters between two stages ("Core CS" -> "Advanced CS" >
    "Advanced programming"), outermost first, and the entered parts' own passages' positions."""

    ended: tuple[str, ...]
    entered: tuple[str, ...]
    opening: tuple[int, ...]


def crossing(tree: HeadingTree, before: tuple[int, str], after: tuple[int, str],
             groups: tuple[str, str]) -> Crossing | None:
    """Between the stages `before` and `after` ((index, title) each): by their headings where the
    headings nest them, else by their stage groups (`groups`, before's and after's)."""
    first, second = _at_title(tree.stage_path(before[0]), before[1]), _at_title(tree.stage_path(after[0]), after[1])
    shared = _common(first[:-1], second[:-1])
    ended, entered = first[len(shared):-1], second[len(shared):-1]
    paths = [second[:n] for n in range(len(shared) + 1, len(second))]
    if not entered:
        if groups[0] == groups[1]:
            return None
        ended, entered, paths = (groups[0],), (groups[1],), [(groups[1],)]
    opening = tuple(i for path in paths if path in tree.parts for i in tree.parts[path].own[:1])
    return Crossing(ended, entered, opening[:1])


def _at_title(path: Path, title: str) -> Path:
    """A stage's path cut at its own heading (a stage with one passage sits under a sub-heading)."""
    return path[:path.index(title) + 1] if title in path else path
