"""A compare answer's side says each line once (rag.roadmap_sides.compose)."""

from __future__ import annotations

from rag.extractive import CitationBook
from rag.headed_answers import HeadedAnswer
from rag.models import Passage, RoadmapStructure
from rag.roadmap_sides import RoadmapComparison, RoadmapSide, compose

ANSWER = "No, a free Colab GPU is enough for every stage of this roadmap."


def test_a_line_under_the_heading_that_asks_the_dimension_is_not_said_again():
    """The headed passage is also among the side's passages: its line must not come back as the
    side's next line."""
    passage = Passage(chunk_id="a1", source="a.md", title="Alpha ML Roadmap", section="FAQ > Do I need a GPU?",
                      text=f"Do I need a GPU?\n{ANSWER}", kind="roadmap")
    other = Passage(chunk_id="b1", source="b.md", title="Beta AI Roadmap", section="Hardware",
                    text="A laptop GPU with 8 GB of memory runs the deep learning stage exercises.", kind="roadmap")
    sides = [RoadmapSide(RoadmapStructure(doc_id="a", source="a.md", title="Alpha ML Roadmap"), [passage],
                         HeadedAnswer("Do I need a GPU?", (ANSWER,), passage, 1.0)),
             RoadmapSide(RoadmapStructure(doc_id="b", source="b.md", title="Beta AI Roadmap"), [other])]
    text = compose(RoadmapComparison(sides, "gpu"), "do alpha and beta need a gpu?", CitationBook([passage, other]),
                   {}, 1.0, "Compared")
    assert text.count(ANSWER.rstrip(".")) == 1, text
    assert "laptop GPU" in text
