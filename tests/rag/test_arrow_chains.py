"""An arrow chain states a learning order on one line ("Math → ML → DL → Transformers"): on a roadmap
whose only order cue it is, "what comes after ML?" answers with the chain's next names, cited; arrows
that map one thing to another, or a long sentence with arrows in it, set no order."""

from __future__ import annotations

import pytest

from rag.models import Passage
from rag.ordered_lists import arrow_chain, ordered_items

README = """# My Deep Learning Notes

I kept these notes while teaching myself deep learning over two years. They are rough, but people asked.

## The path I took

Math → ML → DL → Transformers

Do not rush the maths; everything later leans on it.

## What I used

- [fast.ai](https://course.fast.ai/): practical deep learning for coders.
- [Mathematics for Machine Learning](https://mml-book.github.io/): the maths book.
- [The Illustrated Transformer](https://jalammar.github.io/illustrated-transformer/): attention explained with pictures.

## About me

I work as a data scientist and write about what I learn.
"""


@pytest.mark.parametrize(("line", "names"), [
    ("Math → ML → DL → Transformers", ["Math", "ML", "DL", "Transformers"]),
    ("- **Path:** Python -> SQL -> Spark -> Airflow", ["Python", "SQL", "Spark", "Airflow"]),
    ("Learning order: Linear algebra => Calculus => Probability", ["Linear algebra", "Calculus", "Probability"]),
    ("Data ⟶ Model ⟶ Deployment", ["Data", "Model", "Deployment"]),
    # bishwaghimire/ai-learning-roadmaps README: a bold blockquote under "If you are new to AI, follow this order:"
    ("> **Math → Machine Learning → Deep Learning → Transformers → LLMs → RAG → MLOps**",
     ["Math", "Machine Learning", "Deep Learning", "Transformers", "LLMs", "RAG", "MLOps"]),
    ("input → output", []),  # one arrow maps, it does not order
    ("We go from raw text → tokens → embeddings and then train a very large model on it for weeks", []),
    ("x -> 1 -> 2", []),
    ("Remember the flow user → API gateway → model server → database when you debug.", []),  # prose ends
    ("If you are new, start with Python → SQL → Spark", []),
])
def test_arrow_chain_names(line, names):
    assert arrow_chain(line) == names


def test_a_chain_is_an_ordered_list_of_its_own_beside_an_unordered_one():
    passage = Passage(chunk_id="c", source="n.md", title="Notes", section="The path I took", doc_id="n",
                      text="Tools I like:\n- Jupyter\n- VS Code\nMath → ML → DL → Transformers\n- Anki")
    assert [i.label for i in ordered_items("The path I took", [passage])] == ["Math", "ML", "DL", "Transformers"]


def test_a_chain_indented_under_a_numbered_item_belongs_to_that_item():
    passage = Passage(chunk_id="c", source="n.md", title="Notes", section="Path", doc_id="n",
                      text="1. Python basics\n   Lists → dicts → classes\n2. SQL\n3. Spark")
    items = ordered_items("Path", [passage])
    assert [i.label for i in items] == ["Python basics", "SQL", "Spark"]
    assert len({i.group for i in items}) == 1 and "Lists → dicts → classes" in items[0].text


def test_a_chain_under_a_heading_of_tips_is_no_order_unless_its_lead_in_says_so():
    passage = Passage(chunk_id="c", source="n.md", title="Notes", section="Tips", doc_id="n",
                      text="Tools I like:\nJupyter → VS Code → Anki")
    assert ordered_items("Tips", [passage]) == []


def test_what_comes_after_a_name_of_the_chain_is_the_next_name(tmp_path):
    from ingest.pipeline import sync
    from rag.advisor import get_advisor
    from rag.settings import get_settings

    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "README.md").write_text(README, encoding="utf-8")
    settings = get_settings(db_dir=tmp_path / "index", state_dir=tmp_path / "state")
    sync([folder], settings)
    answer = get_advisor(settings).answer("what comes after ML?")
    assert answer.intent == "next_step" and answer.answerable
    path = answer.answer.split("Related in the roadmap")[0]
    assert "**ML**" in path and "DL" in path  # where the learner stands, and the next name of the chain
    assert path.index("DL") < path.index("Transformers")
    assert any("Math → ML → DL → Transformers" in c.text for c in answer.citations)
