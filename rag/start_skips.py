"""The stages a "where do I start?" answer leaves out because the learner says they know them ("I
know Python and SQL", "I'm a backend dev"), each with its reason and a citation of the stage, so the
learner sees why the answer does not begin at the roadmap's first stage.

The rule is the plan's (rag.plan.skills.covering_skill, as LearnerContext.knows uses it), not a copy of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rag.learner import LearnerContext
from rag.models import Passage, RoadmapStructure
from rag.plan.skills import covering_skill

MOST = 4  # stages named in the note: more would bury the answer (a plan lists every one)


@dataclass(frozen=True)
class SkippedStage:
    roadmap: str  # the roadmap's title
    stage: str  # the stage's title
    reason: str  # "teaches SQL (you said you know it)"
    passage: Passage  # the stage's first passage: what the note cites


def start_skips(finder, roadmaps: list[RoadmapStructure], context: LearnerContext) -> list[SkippedStage]:
    """The stages of each roadmap's main sequence the learner's own words cover (first roadmap
    first), with the passage that shows each; nothing when they say nothing they know."""
    if not (context.known or context.assumed):
        return []
    found: list[SkippedStage] = []
    for roadmap in roadmaps[:1]:  # the roadmap the answer starts in
        main = [s for s in roadmap.stages if s.group == roadmap.stages[0].group] if roadmap.stages else []
        for stage in main:
            known, assumed = covering_skill(stage, context.known), covering_skill(stage, context.assumed)
            passages = finder.stage_evidence(roadmap, stage).passages if known or assumed else []
            if passages and len(found) < MOST:
                reason = f"teaches {known} (you said you know it)" if known else \
                    f"teaches {assumed} (taken as known from your role)"
                found.append(SkippedStage(roadmap.title, stage.title, reason, passages[0]))
    return found


def skipped_note(skipped: list[SkippedStage], book) -> str:
    """'**Left out, from what you told me:** - **Step 3: SQL**, which teaches SQL (you said you know
    it) [2]' (Markdown), or nothing."""
    if not skipped:
        return ""
    lines = ["**Left out, from what you told me:**"]
    lines += [f"- **{s.stage}**, which {s.reason} {book.cite(s.passage)}" for s in skipped]  # one cited claim a line
    return "\n".join(lines) + "\n\n"
