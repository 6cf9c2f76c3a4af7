"""The answer Markdown is safe for any renderer: no raw HTML, only http(s) links, for every backend."""

from __future__ import annotations

import json

import pytest

from rag.models import Answer, ResourceLink
from rag.safe_markdown import safe_markdown

PLANTED = """# Web Security Roadmap
## Step 1: Browser Basics
### What to Learn?
- The DOM and events <script>alert(document.cookie)</script> in the browser
- Images and loading <img src=x onerror=alert(1)> with lazy attributes
- Read the [event loop guide](javascript:alert(1)) about the browser event loop
- See the [MDN DOM docs](https://developer.mozilla.org/en-US/docs/Web/API/Document_Object_Model)
## Step 2: HTTP
### What to Learn?
- Requests, headers and cookies
"""


def assert_renderer_safe(markdown: str) -> None:
    lowered = markdown.lower()
    assert "<script" not in lowered and "<img" not in lowered and "onerror" not in lowered, markdown
    assert "javascript:" not in lowered, markdown
    assert "<" not in markdown.replace("<3", ""), markdown


def test_a_planted_document_gives_an_answer_json_without_html_or_script_links(tmp_path, capsys):
    from app.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "web.md").write_text(PLANTED, encoding="utf-8")
    db = str(tmp_path / "index")
    assert main(["ingest", "--db", db, str(corpus)]) == 0
    capsys.readouterr()

    for question in ("What should I learn in the browser basics step?", "What should I learn about the DOM and images?"):
        assert main(["ask", question, "--db", db, "--json"]) == 0
        answer = json.loads(capsys.readouterr()[0])
        assert answer["answerable"], answer
        assert "DOM" in answer["answer"] or "event" in answer["answer"]
        assert_renderer_safe(answer["answer"])
        assert all(r["url"].startswith(("http://", "https://")) for r in answer["resources"])


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>Learn pandas [1]",
    "Learn <img src=x onerror=alert(1)> pandas [1]",
    "Learn [pandas](javascript:alert(1)) [1]",
    "Learn [pandas](JaVaScRiPt:alert(document.domain)) [1]",
    "Learn [pandas](<javascript:alert(1)>) [1]",
    "Learn ![x](data:text/html;base64,PHNjcmlwdD4=) pandas [1]",
    "Learn <javascript:alert(1)> pandas [1]",
    "<script src=https://evil.example/x.js\nLearn pandas [1]",
    "Learn pandas [1]\n\n[ref]: javascript:alert(1)",
    "Learn <a href='javascript:alert(1)'>pandas</a> [1]",
])
def test_html_and_non_http_links_are_removed_and_the_text_kept(text):
    safe = safe_markdown(text)

    assert_renderer_safe(safe)
    assert "pandas" in safe and "[1]" in safe
    assert safe_markdown(safe) == safe


def test_http_links_and_plain_text_are_kept_as_they_are():
    text = "- [PyTorch tutorials](https://pytorch.org/tutorials/) [2]\n- a < b and 3 > 2, **bold** [1]"

    assert safe_markdown(text) == text


def test_every_answer_is_made_safe_however_its_text_is_set():
    answer = Answer(question="q", answer="Learn <b onmouseover=alert(1)>pandas</b> [1]", answerable=True,
                    intent="fact", resources=[ResourceLink(title="x", url="javascript:alert(1)", citation=1),
                                              ResourceLink(title="y", url="https://pandas.pydata.org", citation=1)])
    assert answer.answer == "Learn pandas [1]"
    assert [r.url for r in answer.resources] == ["https://pandas.pydata.org"]

    answer.answer = "See [it](javascript:alert(1)) [1]"  # what a backend's late fix-up would do
    assert answer.answer == "See it [1]"
