"""Where a skill, tool or stage sits in each roadmap, and what follows it, from the stored structure."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, AbstractSet

from rag.acronyms import spells
from rag.models import RoadmapStructure, Stage
from rag.text import STOPWORDS, content_terms, stem, tokens

if TYPE_CHECKING:
    from rag.stage_index import StageStemIndex

# Stages of one group form a sequence ("steps", "quarters", a course's part, a table's section);
# these groups are parallel choices instead.
PARALLEL_GROUPS = {"options", "paths"}


@dataclass(frozen=True)
class StageMatch:
    roadmap: RoadmapStructure
    stage: Stage
    score: float


@functools.lru_cache(maxsize=1 << 16)
def _word_stems(word: str) -> frozenset[str]:
    """A word's stem and its synonyms' stems; memoised, since every stage of every roadmap is
    stemmed when an index opens."""
    return frozenset(stem(w) for w in {word, *content_terms(word)})


def _stems(text: str) -> set[str]:
    return set().union(*(_word_stems(word) for word in tokens(text)))


StageStems = tuple[AbstractSet[str], AbstractSet[str], AbstractSet[str]]  # title; label and sub-headings; topics and links


def _acronym(title: str) -> str:
    """"Retrieval Augmented Generation" -> "rag": learners name a stage by its initials."""
    words = re.findall(r"[A-Za-z][A-Za-z-]*", re.sub(r"\(.*?\)", " ", title))
    return "".join(w[0] for w in words).lower() if len(words) >= 3 else ""


LABEL_NAMED = re.compile(r"\b([a-z]+)\s*#?0*(\d{1,3})\b", re.I)


def label_terms(text: str) -> list[str]:
    """"week 3", "Lesson 05" -> "week#3", "lesson#5": a stage's number said with its unit, one term,
    so "lesson 2" names the row labelled "Lesson 2", not a title that holds a 2 ("ROS 2")."""
    return [f"{unit.lower()}#{number}" for unit, number in LABEL_NAMED.findall(text)]


def stage_stems(stage: Stage) -> StageStems:
    return (
        _stems(stage.title) | ({_acronym(stage.title)} - {""}) | set(label_terms(stage.label)),
        _stems(" ".join(stage.headings)) | _stems(stage.label),
        _stems(" ".join(stage.topics) + " " + " ".join(link.text for link in stage.links)),
    )


def stage_score(stage: Stage, terms: list[str], stems: StageStems | None = None) -> float:
    """3 per term in the stage title, 2 in its label or sub-headings, 1 in its topics or links."""
    title, headings, body = stems or stage_stems(stage)
    score = 0.0
    for term in {stem(t) for t in terms}:
        if term in title:
            score += 3
        elif term in headings:
            score += 2
        elif term in body:
            score += 1
    return score


def locate(
    structures: list[RoadmapStructure], question: str, *, min_score: float = 1.0, per_roadmap: bool = True,
    stems: "StageStemIndex | None" = None, labels: list[str] | None = None,
) -> list[StageMatch]:
    """Stages that cover the question's subject, best first: by default the best of each roadmap
    (earliest on ties); with per_roadmap=False every stage that scores. `stems` (an index
    snapshot's) scores every stage at once instead of stemming each stage again. `labels`: the
    numbered stages the learner named ("lesson#2"), when `question` lost them (a roadmap's name removed)."""
    terms = content_terms(question)
    if not terms:
        return []
    terms += compounds(question) + (label_terms(question) if labels is None else labels)
    known = stems.scores({stem(t) for t in terms}) if stems is not None else {}
    indexed = stems.keys if stems is not None else {}
    matches: list[StageMatch] = []
    for roadmap in structures:
        scored = []
        for stage in roadmap.stages:
            key = (roadmap.doc_id, stage.index)
            score = known.get(key, 0.0) if key in indexed else stage_score(stage, terms)
            if score >= min_score:
                scored.append((score, -stage.index, stage))
        if per_roadmap and scored:
            scored = [max(scored, key=lambda found: found[:2])]
        matches += [StageMatch(roadmap, stage, score) for score, _, stage in scored]
    return sorted(matches, key=lambda m: -m.score)


def compounds(text: str) -> list[str]:
    """Adjacent words joined as a title may hyphenate them: "fine tuning" is "Fine-Tuning", "pre
    training" is "Pre-Training" (a title's hyphenated word is one token)."""
    words = tokens(text)
    return [f"{a}-{b}" for a, b in zip(words, words[1:])
            if a not in STOPWORDS and b not in STOPWORDS and a.isalpha() and b.isalpha()]


def next_stages(match: StageMatch, count: int = 2) -> list[Stage]:
    """The stages that follow, in order; past the end of its part (a track, a course group), the
    next part's first stages. Parallel options and goal paths have no 'next'."""
    if match.stage.group in PARALLEL_GROUPS:
        return []
    following = match.roadmap.following(match.stage)
    if not following:
        later = [s for s in match.roadmap.stages if s.index > match.stage.index and s.group not in PARALLEL_GROUPS]
        following = [s for s in later if s.group == later[0].group] if later else []
    return following[:count]


def sequence_parts(roadmap: RoadmapStructure) -> list[str]:
    """The roadmap's sequential parts (groups of stages), in document order."""
    return list(dict.fromkeys(s.group for s in roadmap.stages if s.group not in PARALLEL_GROUPS))


def named_parts(roadmap: RoadmapStructure, stems: set[str]) -> tuple[list[str], set[str]]:
    """The parts whose names share the most of `stems` ("core" -> every "Core ..." group; "scientist"
    -> "The LLM Scientist", "nlp" -> "Natural language processing"), with the stems that named them. A
    word every part's name has names none."""
    parts = sequence_parts(roadmap)
    if len(parts) < 2:
        return [], set()
    names = {part: _stems(part) for part in parts}
    shared = set.intersection(*names.values())
    # an acronym of a part's whole name names it too ("the nlp lessons" -> "Natural language processing")
    short = [s for s in stems if 3 <= len(s) <= 5 and s.isalpha()]
    hits = {part: ((stems & names[part]) | {s for s in short if spells(s, part)}) - shared for part in parts}
    best = max(len(h) for h in hits.values())
    if not best:
        return [], set()
    chosen = [part for part in parts if len(hits[part]) == best]
    return chosen, set().union(*(hits[part] for part in chosen))


def last_stage(roadmap: RoadmapStructure, parts: list[str] | None = None) -> Stage | None:
    """The last stage of `parts` (default: of the whole roadmap's sequence), in document order."""
    stages = [s for s in roadmap.stages if s.group not in PARALLEL_GROUPS and (parts is None or s.group in parts)]
    return max(stages, key=lambda s: s.index, default=None)
