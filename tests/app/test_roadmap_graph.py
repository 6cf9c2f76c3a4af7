"""The roadmap picture: DOT generation and mapping an answer's citations to stages."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from app.roadmap_graph import ACCENT, DONE_FILL, DONE_LINE, cited_stages, dot_string, node_label, roadmap_dot, stage_for_section, stage_question
from rag.models import Answer, Citation, Passage, RoadmapStructure, Stage


def structure() -> RoadmapStructure:
    stages = [Stage(index=i, title=f"Q{i + 1} 2026: Part {i + 1}", label=f"Q{i + 1} 2026", group="quarters") for i in range(4)]
    stages += [Stage(index=4 + i, title=f"Option {c}: Track {c}", label=f"Option {c}", group="options") for i, c in enumerate("ABCD")]
    stages += [Stage(index=8, title="If Your Goal is Research", label="If Your Goal Is", group="paths"),
               Stage(index=9, title="If Your Goal is Industry", label="If Your Goal Is", group="paths")]
    return RoadmapStructure(doc_id="plan", source="corpus/plan.txt", title="Plan 2026", stages=stages)


def edges(dot: str) -> list[tuple[str, str, str]]:
    return re.findall(r"^\s*(s\d+) -> (s\d+)(.*);$", dot, re.M)


def test_sequence_is_chained_in_order_and_branches_are_parallel():
    dot = roadmap_dot(structure())
    visible = [(a, b) for a, b, attrs in edges(dot) if "invis" not in attrs]
    assert ("s0", "s1") in visible and ("s1", "s2") in visible and ("s2", "s3") in visible
    # the options hang off the last quarter with one arrow into their box
    assert re.search(r"s3 -> s4 \[lhead=cluster_\d+, style=dashed\]", dot)
    assert not any(a.startswith("s4") and b in {"s5", "s6", "s7"} for a, b in visible)  # no chain between options
    assert "rank=same; s4 s5" in dot and "rank=same; s6 s7" in dot  # two per row
    assert 'label="Specialisation options"' in dot and 'label="Paths by goal"' in dot
    # the paths box sits below the options box, unconnected
    assert not any(b in {"s8", "s9"} for _, b in visible)


def test_long_sequences_wrap_into_two_columns():
    stages = [Stage(index=i, title=f"Step {i + 1}: Topic {i + 1}", label=f"Step {i + 1}", group="steps") for i in range(11)]
    dot = roadmap_dot(RoadmapStructure(doc_id="d", source="s", title="T", stages=stages))
    assert "rank=same; s0 s6" in dot  # Step 7 starts the second column
    assert re.search(r"s5 -> s6 \[constraint=false\]", dot)
    assert all(f"s{i} -> s{i + 1}" in dot for i in range(10))


def test_highlighted_stages_are_filled():
    dot = roadmap_dot(structure(), {1, 2, 5})
    filled = set(re.findall(rf'^\s*(s\d+) \[[^\]]*fillcolor="{ACCENT}"', dot, re.M))
    assert filled == {"s1", "s2", "s5"}
    assert re.search(rf's1 -> s2 \[color="{ACCENT}"', dot)  # the edge between two lit stages
    assert not re.search(rf's0 -> s1 \[color="{ACCENT}"', dot)


def test_done_stages_are_ticked_and_filled_apart_from_cited_ones():
    dot = roadmap_dot(structure(), {2}, done={0, 1, 2, 5})
    nodes = dict(re.findall(r'^\s*(s\d+) \[(.*)\];$', dot, re.M))
    for done in ("s0", "s1", "s5"):
        assert 'label="✓ ' in nodes[done] and f'fillcolor="{DONE_FILL}"' in nodes[done] and "tooltip=\"Done: " in nodes[done]
    assert 'label="✓ ' in nodes["s2"] and f'fillcolor="{ACCENT}"' in nodes["s2"]  # cited and done: the highlight, ticked
    assert "✓" not in nodes["s3"] and "fillcolor" not in nodes["s3"]
    assert re.search(rf's0 -> s1 \[color="{DONE_LINE}"', dot)  # the finished stretch
    assert not re.search(r"s2 -> s3 \[color", dot)
    assert roadmap_dot(structure(), {2}) == roadmap_dot(structure(), {2}, done=set())


def test_labels_are_escaped():
    assert dot_string('a "quoted" \\ path\nnext <b>&') == '"a \\"quoted\\" \\\\ path\\nnext &lt;b&gt;&amp;"'
    stage = Stage(index=0, title='Step 1: Evil"]; x [label="pwn', label="Step 1", group="steps")
    dot = roadmap_dot(RoadmapStructure(doc_id="d", source="s", title='T"}', stages=[stage]))
    outside_strings = re.sub(r'"(?:[^"\\]|\\.)*"', '""', dot)
    assert "pwn" not in outside_strings and "x [" not in outside_strings  # all of it stayed inside quotes
    assert outside_strings.count("{") == outside_strings.count("}")


def test_node_labels_drop_the_repeated_label():
    stage = Stage(index=0, title="Step 7: Natural Language Processing (NLP)", label="Step 7", group="steps")
    assert node_label(stage) == "Step 7\nNatural Language\nProcessing (NLP)"
    path = Stage(index=1, title="If Your Goal is Research", label="If Your Goal Is", group="paths")
    assert node_label(path) == "Research"
    assert stage_question(stage) == "What should I learn in Step 7: Natural Language Processing (NLP)?"


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed (the browser renders DOT itself)")
def test_dot_is_valid_graphviz():
    subprocess.run(["dot", "-Tsvg"], input=roadmap_dot(structure(), {0, 4}), text=True, check=True, capture_output=True)


def citation(i: int, section: str, title: str = "Plan 2026", source: str = "corpus/plan.txt", chunk: str = "") -> Citation:
    return Citation(id=i, chunk_id=chunk or f"c{i}", source=source, title=title, section=section, text="t", score=1.0)


def test_citations_map_to_the_most_specific_stage():
    s = structure()
    assert stage_for_section(s, "Q4 2026: Part 4 > Choose > Option B: Track B").index == 5
    assert stage_for_section(s, "Q2 2026: Part 2 > Tools").index == 1
    assert stage_for_section(s, "Introduction") is None
    answer = Answer(
        question="q", answer="a [1] [2] [3] [4]", answerable=True, intent="next_step",
        citations=[
            citation(1, "Q2 2026: Part 2 > Tools"),
            citation(2, "Resources > MLflow", title="Resource catalogue", source="corpus/resources.yaml"),
            citation(3, "Some heading", chunk="p3"),
            citation(4, "Q4 2026: Part 4 > Option A: Track A"),
        ],
        retrieved=[Passage(chunk_id="p3", source="corpus/plan.txt", title="Plan 2026", section="Some heading",
                           text="t", doc_id="plan", stage_index=2)],
    )
    assert cited_stages(answer, [s]) == {"plan": {1, 2, 4}}
    assert cited_stages(None, [s]) == {}


def test_real_answer_highlights_its_stages(advisor):
    answer = advisor.answer("What should I learn after PyTorch?")
    marked = cited_stages(answer, advisor.structures)
    assert marked
    by_id = {s.doc_id: s for s in advisor.structures}
    titles = {by_id[d].stage(i).title for d, indexes in marked.items() for i in indexes}
    assert any(t.startswith(("Step 7", "Q3 2026")) for t in titles)
    for structure_ in advisor.structures:
        dot = roadmap_dot(structure_, marked.get(structure_.doc_id, set()))
        assert dot.count(f'fillcolor="{ACCENT}"') == len(marked.get(structure_.doc_id, set()))
