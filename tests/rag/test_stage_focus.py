"""A question about one stage is answered from its first passages, and, when it asks for an answer
type none of them gives, from the later passage of that stage that gives it: in a long stage the
duration or the book may sit in its sixth passage."""

from __future__ import annotations

from rag.fact_evidence import MAX_STAGE_PASSAGES, stage_focus
from rag.models import Passage, RoadmapStructure, Stage
from rag.path_types import StageEvidence

STAGE = Stage(index=3, title="Trees", label="")
ROADMAP = RoadmapStructure(doc_id="plan", source="plan.md", title="A Study Plan", stages=[STAGE])


def passage(n: int, text: str) -> Passage:
    return Passage(chunk_id=f"c{n}", source="plan.md", title="A Study Plan", section=f"Trees > Part {n}", text=text,
                   doc_id="plan", stage_index=3, stage_title="Trees", score=0.5)


BODY = [passage(n, f"- Binary search trees, part {n}: insert, delete, traverse") for n in range(MAX_STAGE_PASSAGES + 2)]
LATE = passage(9, "- Expect this section to take about 2 weeks\n- Read \"Algorithms\" by Sedgewick, Robert (book)")


def test_a_question_of_an_answer_type_reaches_the_later_passage_that_gives_it():
    part = StageEvidence(ROADMAP, STAGE, [*BODY, LATE], [], [])
    assert LATE in stage_focus(part, "how long will it take?")
    assert LATE in stage_focus(part, "is there a book for it?")


def test_a_plain_question_keeps_the_stage_s_first_passages_only():
    part = StageEvidence(ROADMAP, STAGE, [*BODY, LATE], [], [])
    assert stage_focus(part, "what is in it?") == BODY[:MAX_STAGE_PASSAGES]
    # a figure alone is no answer type: "part 5" answers no "how much" question
    assert LATE not in stage_focus(part, "how much do the trees matter?")


def test_when_a_first_passage_gives_the_type_nothing_later_is_added():
    timed = passage(0, "- Trees take 1 week")
    part = StageEvidence(ROADMAP, STAGE, [timed, *BODY[1:], LATE], [], [])
    assert stage_focus(part, "how long will it take?") == [timed, *BODY[1:MAX_STAGE_PASSAGES]]
