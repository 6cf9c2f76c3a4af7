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


def _finder(*titles: str):
    from rag.evidence import EvidenceFinder
    from rag.models import Stage

    structures = [RoadmapStructure(doc_id=f"d{n}", source=f"d{n}.md", title=title,
                                   stages=[Stage(index=0, title="Deployment", label="")]) for n, title in enumerate(titles)]
    passages = [Passage(chunk_id=f"d{n}-0", source=r.source, title=r.title, section="Deployment", text="Docker, CI.",
                        doc_id=r.doc_id, stage_index=0, stage_title="Deployment") for n, r in enumerate(structures)]
    return EvidenceFinder(None, structures, passages)  # lookups only: no search


def test_a_comparison_of_the_two_roadmaps_takes_each_roadmap_of_an_index_of_two_as_a_side():
    from rag.roadmap_sides import named_roadmaps

    two = _finder("Alpha ML Roadmap", "Beta Data Guide")
    for question in ("compare the deployment parts of the two roadmaps", "how do both guides teach deployment?",
                     "deployment in both of the roadmaps: which is deeper?"):
        assert [r.doc_id for r in named_roadmaps(two, question, comparing=True)] == ["d0", "d1"], question
    assert named_roadmaps(two, "compare deployment and monitoring", comparing=True) == []  # no roadmap said
    three = _finder("Alpha ML Roadmap", "Beta Data Guide", "Gamma Vision Course")
    assert named_roadmaps(three, "compare the deployment parts of the two roadmaps", comparing=True) == []  # which two?
