"""Every link of any roadmap is indexed as a resource; a hand-written catalogue entry wins; resource
answers then work on a folder nobody catalogued."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.links import classify
from ingest.pipeline import sync
from rag.settings import get_settings
from rag.store import IndexStore

ROADMAP = """# Data Roadmap
## Step 01: Linear Algebra
- Vectors and matrices
- [Essence of Linear Algebra](https://www.youtube.com/playlist?list=PLZHQ): free video series on vectors.
- Gilbert Strang's lectures ([Learn](https://ocw.mit.edu/courses/18-06sc-linear-algebra/))
## Step 02: SQL
- Joins
- [SQL Tutorial](https://www.w3schools.com/sql/) (paid certificate)
- Follow the author on [LinkedIn](https://www.linkedin.com/in/someone/)
"""
CATALOGUE = """resources:
  - id: strang
    title: MIT 18.06 Linear Algebra
    url: https://ocw.mit.edu/courses/18-06sc-linear-algebra
    kind: university-course
    provider: MIT OpenCourseWare
    cost: free
    topics: [linear-algebra]
    description: Gilbert Strang's course, written up by hand.
"""


@pytest.fixture
def folder(tmp_path) -> Path:
    corpus = tmp_path / "roadmaps"
    corpus.mkdir()
    (corpus / "data.md").write_text(ROADMAP, encoding="utf-8")
    (corpus / "resources.yaml").write_text(CATALOGUE, encoding="utf-8")
    return corpus


def resource_passages(settings) -> dict[str, list]:
    store = IndexStore(settings).open_for_read()
    found: dict[str, list] = {}
    for passage in store.all_passages():
        if passage.kind == "resource":
            found.setdefault(passage.url, []).append(passage)
    return found


def test_links_become_resource_passages_and_the_hand_written_entry_wins(folder, tmp_path):
    settings = get_settings(db_dir=tmp_path / "index", state_dir=tmp_path / "state")
    report = sync([folder], settings)
    found = resource_passages(settings)
    assert report.resources == 3  # the catalogue's entry + two learning links; LinkedIn is no resource
    assert set(found) == {"https://ocw.mit.edu/courses/18-06sc-linear-algebra",
                          "https://www.youtube.com/playlist?list=PLZHQ", "https://www.w3schools.com/sql/"}
    assert all(len(copies) == 1 for copies in found.values())  # Strang's course once: the hand-written one
    assert found["https://ocw.mit.edu/courses/18-06sc-linear-algebra"][0].text.startswith("MIT 18.06 Linear Algebra")
    video = found["https://www.youtube.com/playlist?list=PLZHQ"][0]
    assert (video.resource_kind, video.cost) == ("video-playlist", "free")
    assert "Recommended in: Step 01: Linear Algebra (Data Roadmap)" in video.text
    assert found["https://www.w3schools.com/sql/"][0].cost == "paid"

    again = sync([folder], settings)  # the no-op re-sync counts the same resources without reading them
    assert (again.embedded, again.unchanged, again.resources) == (0, 2, 3)

    # catalogue the video by hand: the roadmap's own copy goes away on the next sync
    (folder / "resources.yaml").write_text(CATALOGUE + """  - id: essence
    title: Essence of Linear Algebra (3Blue1Brown)
    url: https://www.youtube.com/playlist?list=PLZHQ
    kind: video-playlist
    cost: free
""", encoding="utf-8")
    sync([folder], settings)
    found = resource_passages(settings)
    assert [p.text.split(":")[0] for p in found["https://www.youtube.com/playlist?list=PLZHQ"]] == [
        "Essence of Linear Algebra (3Blue1Brown)"]


def test_resource_answers_work_on_a_folder_without_a_catalogue(folder, tmp_path):
    from rag.advisor import get_advisor

    (folder / "resources.yaml").unlink()
    settings = get_settings(db_dir=tmp_path / "index", state_dir=tmp_path / "state")
    sync([folder], settings)
    answer = get_advisor(settings).answer("resources for linear algebra")
    assert answer.intent == "resources" and answer.answerable
    urls = {r.url for r in answer.resources}
    assert "https://www.youtube.com/playlist?list=PLZHQ" in urls
    assert "https://www.linkedin.com/in/someone/" not in urls


@pytest.mark.parametrize(("url", "kind", "learning"), [
    ("https://www.youtube.com/watch?v=abc", "video", True),
    ("https://youtu.be/abc", "video", True),
    ("https://www.youtube.com/playlist?list=PL1", "video-playlist", True),
    ("https://www.coursera.org/learn/ml", "course", True),
    ("https://github.com/karpathy/nanoGPT", "code-repository", True),
    ("https://github.com/karpathy", "profile", False),
    ("https://arxiv.org/abs/1706.03762", "paper", True),
    ("https://docs.python.org/3/tutorial/", "official-docs", True),
    ("https://www.linkedin.com/in/someone/", "profile", False),
    ("https://www.indeed.com/jobs?q=ml", "job-search", False),
    ("https://twitter.com/someone", "profile", False),
    ("https://discord.gg/abc", "community", False),
    ("https://img.shields.io/badge/x.svg", "badge", False),
    ("https://www.oreilly.com/library/view/hands-on-ml/", "book", True),
])
def test_kind_from_the_url(url, kind, learning):
    assert classify(url) == (kind, learning)


def test_a_generic_link_text_never_titles_a_resource():
    from ingest.resources import derive_resources
    from ingest.structure import parse_document

    text = ("# 30 Days of Maths\n## Essence of Linear Algebra | Day 1\n"
            "Link to the playlist [here.](https://www.youtube.com/playlist?list=PLla)\n"
            "## Day 2: Calculus\n- [this](https://example.org/calculus-notes)\n"
            "- [Link to the video](https://www.youtube.com/watch?v=chain) on the chain rule by Grant Sanderson\n"
            "- [Click here](https://example.org/limits) for limits\n"
            "- [Calculus Made Easy](https://example.org/book) is a short book\n")
    parsed = parse_document(text, doc_id="m", source="m.md", markdown=True, fallback_title="m")
    titles = {r.url: r.title for r in derive_resources(parsed, set())}
    assert titles == {
        "https://www.youtube.com/playlist?list=PLla": "Essence of Linear Algebra | Day 1",  # the nearest heading
        "https://example.org/calculus-notes": "Day 2: Calculus",
        "https://www.youtube.com/watch?v=chain": "on the chain rule by Grant Sanderson",  # the line's own words
        "https://example.org/limits": "for limits",
        "https://example.org/book": "Calculus Made Easy",
    }



def test_a_bare_url_in_braces_ends_before_the_brace():
    """A citation block's `url = {https://...}` is a link to that address, not to one ending in '}'."""
    from ingest.links import uniform_links

    line = "url = {https://www.manning.com/books/build-a-llm}, github = {https://github.com/rasbt/LLMs-from-scratch}"
    assert uniform_links(line) == (
        "url = {[https://www.manning.com/books/build-a-llm](https://www.manning.com/books/build-a-llm)}, "
        "github = {[https://github.com/rasbt/LLMs-from-scratch](https://github.com/rasbt/LLMs-from-scratch)}"
    )
