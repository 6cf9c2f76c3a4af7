"""What a plan turn says and does not say: where a plan stops, which turns ask for a plan or change
one, and how a plan across two roadmaps fits the weeks the learner gave."""

from __future__ import annotations

from rag.models import Stage
from rag.plan.until import stop_at


def test_a_numbered_part_names_its_stage_whatever_the_zero_padding():
    stages = [Stage(index=n, title=f"Lesson {n + 1:02d}: {t}", label=f"Lesson {n + 1:02d}")
              for n, t in enumerate(["Intro", "Tensors", "Training", "Deployment"])]
    kept, left, named = stop_at(stages, "lesson 2")
    assert named and [s.index for s in kept] == [0, 1] and [s.index for s in left] == [2, 3]
    assert stop_at(stages, "lesson 12")[2] is False  # "lesson 1" is not a prefix match of 12
