"""Where a skill, tool or stage sits in each roadmap, and what follows it, from the stored structure."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, AbstractSet

from rag.models import RoadmapStructure, Stage
from rag.text import content_terms, stem, tokens

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


def stage_stems(stage: Stage) -> StageStems:
    return (
        _stems(stage.title),
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
    stems: "StageStemIndex | None" = None,
) -> list[StageMatch]:
    """Stages that cover the question's subject, best first: by default the best of each roadmap
    (earliest on ties); with per_roadmap=False every stage that scores. `stems` (an index
    snapshot's) scores every stage at once instead of stemming each stage again."""
    terms = content_terms(question)
    if not terms:
        return []
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


def next_stages(match: StageMatch, count: int = 2) -> list[Stage]:
    """The stages that follow, in order. Parallel options and goal paths have no 'next'."""
    if match.stage.group in PARALLEL_GROUPS:
        return []
    return match.roadmap.following(match.stage)[:count]
