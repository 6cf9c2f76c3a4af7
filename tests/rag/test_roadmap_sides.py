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



def test_both_roadmaps_said_without_their_names_are_compared_side_by_side(advisor):
    """"compare X in the two roadmaps" over an index of exactly two: each roadmap is one side, from its
    own passages and led by its title, though the question names neither."""
    for question in ("how do the two roadmaps compare on deep learning?",
                     "compare the project ideas in both roadmaps"):
        answer = advisor.answer(question)
        sources = {c.source.rsplit("/", 1)[-1] for c in answer.citations}
        assert {"genai-engineer-roadmap.md", "aiml-roadmap-2026.txt"} <= sources, (question, sources)
        opening = answer.answer.split("\n\n")[0]
        assert "**Generative AI" in opening and "**AI/ML Roadmap for 2026" in opening, (question, answer.answer)
    # two sides of its own: those are compared, not the roadmaps
    answer = advisor.answer("nlp vs computer vision, across both roadmaps?")
    header = answer.answer.split("\n|---")[0].lower()
    assert "**computer vision**" in header and "**nlp**" in header and "generative ai" not in header, answer.answer
