"""The typed evidence of a roadmap path: a stage with its passages, and where the learner stands
with the stages that follow. Data only, shared by the lookups that build it and the intents that
read it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from rag.models import Passage, RoadmapStructure, Stage
from rag.parts import Crossing
from rag.stage_items import StageItem

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
    crossing: Crossing | None = None  # the parts left and entered on the way to the next stage
    entering: list[Passage] = field(default_factory=list)  # what the entered part says first
    reached: StageItem | None = None  # the item inside the stage the learner says they reached
    within: list[StageItem] = field(default_factory=list)  # the items after it in the same stage
    score: float = 0.0  # how strongly the question names the position (rag.roadmap.stage_score's scale)

    def groups(self) -> list[list[Passage]]:
        """The next items inside the stage and the next stages first (what the answer is about),
        then where the learner stands."""
        staged = [group for part in [*self.following, self.position] for group in (part.passages, part.options, part.resources)]
        inside = [[item.passage for item in self.within]] if self.within else []
        return [*inside, self.beyond, self.entering, *staged] if inside or self.beyond or self.entering else staged

    def rescore(self, swap: Swap) -> None:
        for part in [self.position, *self.following]:
            part.rescore(swap)
        self.beyond, self.entering = swap(self.beyond), swap(self.entering)
        items = [item for item in [self.reached, *self.within] if item is not None]
        swapped = {p.chunk_id: p for p in swap([item.passage for item in items])}
        if self.reached is not None:
            self.reached = replace(self.reached, passage=swapped.get(self.reached.passage.chunk_id, self.reached.passage))
        self.within = [replace(item, passage=swapped.get(item.passage.chunk_id, item.passage)) for item in self.within]
