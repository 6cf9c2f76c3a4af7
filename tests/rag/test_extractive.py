"""The citation cap: an answer cites at most MAX_CITATIONS passages, dropping whole lines."""

from __future__ import annotations

from rag.extractive import MAX_CITATIONS, cap_citations
from rag.models import Citation, ResourceLink


def citation(n: int) -> Citation:
    return Citation(id=n, chunk_id=f"c{n}", source="s", title="t", section=f"S{n}", text="x", score=0.1)


def test_lines_citing_beyond_the_cap_are_left_out_whole():
    text = "\n".join(f"- point {n} [{n}]" for n in range(1, 8)) + "\n- joint [2] [7]"
    resources = [ResourceLink(title="r", url="https://example.org/a", citation=6)]
    capped, citations, kept = cap_citations(text, [citation(n) for n in range(1, 8)], resources, cap=5)
    assert [c.id for c in citations] == [1, 2, 3, 4, 5]
    assert "point 6" not in capped and "joint" not in capped and "point 5 [5]" in capped
    assert kept == []


def test_a_block_whose_cited_lines_are_all_cut_loses_its_heading_too():
    text = "**First** (Guide)\n- a [1]\n- b [2]\n\n**Second** (Guide)\n- c [3]\n- d [4]\n\n**Roadmap**"
    capped, citations, _ = cap_citations(text, [citation(n) for n in range(1, 5)], [], cap=2)
    assert capped == "**First** (Guide)\n- a [1]\n- b [2]\n\n**Roadmap**"
    assert [c.id for c in citations] == [1, 2]


def test_every_answer_stays_under_the_cap(advisor):
    for question in ("what should I learn after deep learning?", "what comes after the math step?",
                     "resources for deep learning", "Compare NLP & LLMs with computer vision"):
        answer = advisor.answer(question)
        assert len(answer.citations) <= MAX_CITATIONS, question
