"""Where a plan stops when the learner says so: "up to deep learning", "through the NLP step",
"until stage 5". The plan keeps the roadmap's stages up to the one named (and the stages right after
it that name it too: "through deep learning" in a roadmap with "Deep Learning Fundamentals" then
"Specialized Deep Learning" takes both), and leaves the rest out, saying which.
"""

from __future__ import annotations

import re

from rag.models import Stage
from rag.plan.skills import skill_stems, vague
from rag.roadmap import label_terms, stage_stems

NUMBERED = re.compile(r"^(?P<unit>[a-z]+)\s*(?P<number>\d+(?:\.\d+)?)$", re.I)


def _names(stage: Stage, until: str) -> bool:
    """The stage's label is the part named by number ("stage 5", "week 3"), or its title names every
    word of the subject ("deep learning" -> "Step 6: Deep Learning")."""
    numbered = NUMBERED.match(until.strip())
    if numbered:
        key = set(label_terms(until))  # "lesson 2" names "Lesson 02", as rag.focus reads a number
        return bool(key) and bool(key & set(label_terms(stage.label) + label_terms(stage.title.split(":")[0])))
    stems = skill_stems(until)
    return bool(stems) and not vague(until) and stems <= stage_stems(stage)[0]


def stop_at(stages: list[Stage], until: str | None) -> tuple[list[Stage], list[Stage], bool]:
    """(the stages to plan, the stages left out after the one named, whether a stage was named).
    When no stage is named, every stage stays."""
    if not until:
        return stages, [], False
    first = next((n for n, stage in enumerate(stages) if _names(stage, until)), None)
    if first is None:
        return stages, [], False
    last = first
    while last + 1 < len(stages) and _names(stages[last + 1], until):
        last += 1
    return stages[:last + 1], stages[last + 1:], True
