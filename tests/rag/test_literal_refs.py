"""A roadmap's own bracketed numbers (academic references "[1]", reST citations "[2]_", numbered link
references "[notes][2]", indexes "x[0]") quoted into an answer stay the document's words: the
answer's markers name only its own retrieved citations, and a reader still sees "[1]"
(rag.literal_refs makes them literal Markdown as passages leave the store)."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from rag.backends.allowed_links import urls_in
from rag.backends.checker import CitationChecker
from rag.claims import markers_in
from rag.literal_refs import literal_refs
from rag.plan.render import inline
from tests.ingest.pdf_factory import Block, Page, build_pdf
from tests.roadmap_index import roadmap_advisor

RESEARCH = """# Research Engineer Roadmap

## Step 1: Read the transformer papers

Start with the attention paper [1] and the scaling laws study [2], then reproduce one result.
Keep a reading log as described in the survey [3], [4].

## Step 2: Write footnoted notes

Summarise each paper in your own words.[^1] Link your notes to the course [notes][2].

## Step 3: Practise array indexing

Learn that `x[0]` is the first element and x[-1] the last; slicing with arr[1:3] takes two items.

- Index a list from x[0]
- Read the indexing survey [4]
"""

COMPILER = """Compiler Engineer Roadmap
=========================

Step 1: Parsing
---------------

Read the dragon book [1]_ and the parsing survey [#]_ before writing a recursive descent parser.
Then read Crafting Interpreters [2]_ for a practical tour.

Step 2: Code generation
-----------------------

Study register allocation from the linear scan paper [3]_ and build a small backend.
"""


PDF = [Page(blocks=[
    Block("Optimisation Reading Roadmap", size=20, bold=True),
    Block("Step 1: Gradient methods", size=14, bold=True),
    Block("Read the Adam optimiser paper [1] and the learning rate warmup study [2] before tuning a model."),
])]


@pytest.fixture(scope="module")
def advisor(tmp_path_factory):
    root = tmp_path_factory.mktemp("literal-refs")
    (root / "corpus").mkdir()
    build_pdf(root / "corpus" / "optimisation.pdf", PDF)
    return roadmap_advisor(root, {"research.md": RESEARCH, "compiler.rst": COMPILER})


def shown(markdown: str) -> str:
    """The text a reader sees once the answer's Markdown is rendered."""
    return MarkdownIt().render(markdown)


@pytest.mark.parametrize("text, literal", [
    ("the attention paper [1] and [2, 3].", r"the attention paper \[1\] and \[2, 3\]."),
    ("the dragon book [1]_ and [#]_", r"the dragon book \[1\]_ and [#]_"),
    ("the course [notes][2]; x[0]; arr[1:3]; x[-1]", r"the course [notes]\[2\]; x\[0\]; arr[1:3]; x[-1]"),
    ("own words.[^1] a [link](https://example.com) or [1](https://example.com)",
     r"own words.\[^1\] a [link](https://example.com) or [1](https://example.com)"),
    ("`x[0]` and `y`", "`x[0]` and `y`"),  # inside code a backslash would show: code stays as written
    ("```\narr[0] = 1\n```\nthe survey [4]", "```\narr[0] = 1\n```\nthe survey \\[4\\]"),
    (r"already \[1\] or half \[2]", r"already \[1\] or half \[2\]"),
])
def test_a_documents_bracketed_numbers_become_literal_markdown_once(text, literal):
    assert literal_refs(text) == literal
    assert literal_refs(literal) == literal  # stable
    assert markers_in(literal) == []


def test_a_plan_escapes_a_literal_reference_once():
    assert inline(literal_refs("Index a list from x[0]; the survey [4]")) == inline("Index a list from x[0]; the survey [4]")
    assert shown(inline(literal_refs("the survey [4]"))).strip() == "<p>the survey [4]</p>"


def test_an_escaped_bracket_is_no_marker_but_a_bare_one_is():
    assert markers_in(r"the survey \[3] says so [1]; see [2, 4]") == [1, 2, 4]


@pytest.mark.parametrize("question, quoted", [
    ("What papers should I read in the research engineer roadmap?", "the attention paper [1] and the scaling laws study [2]"),
    ("What should I read for parsing in the compiler roadmap?", "Read the dragon book [1]_"),
    ("What is step 2 of the compiler engineer roadmap?", "linear scan paper [3]_"),
    ("What does x[0] mean in array indexing?", "x[0] is the first element"),
    ("Which papers does the optimisation reading roadmap say to read for gradient methods?",
     "the Adam optimiser paper [1] and the learning rate warmup study [2]"),
    ("Make me a 4 week plan for the research engineer roadmap", "Read the indexing survey [4]"),
])
def test_an_answer_quoting_a_documents_references_names_only_its_own_citations(advisor, question, quoted):
    answer = advisor.answer(question)
    retrieved = {p.chunk_id for p in advisor.evidence(question).retrieved}
    numbers = {c.id for c in answer.citations}
    assert answer.citations and {c.chunk_id for c in answer.citations} <= retrieved
    assert markers_in(answer.answer) and set(markers_in(answer.answer)) <= numbers
    assert quoted not in answer.answer  # not as a bare "[1]", which would name a citation of ours
    assert quoted in shown(answer.answer)  # the reader sees the document's reference as it wrote it


def test_the_checker_keeps_a_model_quoting_a_documents_reference_to_its_own_markers(advisor):
    passages = [p for p in advisor.lexical.passages if "Parsing" in p.section]
    assert passages
    checker = CitationChecker(advisor.embedder, urls_in(advisor.lexical.passages))
    raw = (r"Read the dragon book \[1\]_ and the parsing survey before writing a recursive descent parser [1]. "
           r"Then read Crafting Interpreters \[2, 3] for a practical tour [1].")
    result = checker.check(raw, passages, passages)
    assert result.grounding.removed_markers == []
    assert set(markers_in(result.text)) == {1} and len(result.citations) == 1
    assert "dragon book [1]_" in shown(result.text)


CODE = """# Systems Programming Roadmap

## Step 1: Arrays

Index an array from zero, as the systems survey [1] explains:

```c
int first = arr[0];
int pair[2] = {1, 2};
```

Then read `arr[1]` as the second element.

## Step 2: Attention Is All You Need [1]

Read the transformer paper and reimplement its attention layer in C.
"""


@pytest.fixture(scope="module")
def code_advisor(tmp_path_factory):
    return roadmap_advisor(tmp_path_factory.mktemp("literal-code"), {"systems.md": CODE})


def test_code_keeps_its_brackets_as_written_and_no_marker_reader_takes_them():
    """A stored record's code block shows "arr[0]", never "arr\\[0\\]"; the prose around it is escaped."""
    from rag.store_records import passage_from_record

    record = "Arrays\nAs the survey [1] explains:\n```c\nint first = arr[0];\n```\nThen read `arr[1]`."
    passage = passage_from_record("c", record, {"section": "Step 1: Arrays"})
    assert "int first = arr[0];" in passage.text and "`arr[1]`" in passage.text
    assert r"survey \[1\]" in passage.text
    assert markers_in(passage.text) == []
    assert "arr[0]" in shown(passage.text) and "arr\\[" not in shown(passage.text)


def test_a_code_line_quoted_out_of_its_fence_is_escaped_then():
    from rag.lines import read_lines

    lines = [line.text for line in read_lines(literal_refs("```\nint first = arr[0];\n```"))]
    assert r"int first = arr\[0\];" in lines


def test_a_headings_bracketed_number_is_no_marker_in_an_answer(code_advisor):
    answer = code_advisor.answer("What is step 2 of the systems programming roadmap?")
    numbers = {c.id for c in answer.citations}
    assert any("Attention Is All You Need" in c.section for c in answer.citations)
    assert all(r"\[1\]" in c.section for c in answer.citations if "Attention" in c.section)
    assert set(markers_in(answer.answer)) <= numbers
    assert "Attention Is All You Need [1]" not in answer.answer  # not as a bare marker
    assert "Attention Is All You Need [1]" in shown(answer.answer)


def test_markers_in_code_are_neither_badged_nor_counted_nor_renumbered(code_advisor):
    from app.render import badge_markers, citation_markers

    text = "Write `arr[2]` to read the third element [1].\n\n```\nx = y[3]\n```"
    assert markers_in(text) == [1] and citation_markers(text) == [1]
    assert badge_markers(text) == text.replace("element [1]", "element :blue-badge[1]")
    passages = [p for p in code_advisor.lexical.passages if "Arrays" in p.section]
    checker = CitationChecker(code_advisor.embedder, urls_in(code_advisor.lexical.passages))
    # the model read the passage escaped and copied it into code: shown as written, no marker removed
    result = checker.check(r"Index an array from zero with `arr\[0\]` and `x[1]` as the first element [1].",
                           passages, passages)
    assert result.grounding.removed_markers == [] and "`arr[0]` and `x[1]`" in result.text, result.text
