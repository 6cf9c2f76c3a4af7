"""PDFs generated with known furniture, headings, bullets, columns, a table and link annotations
parse into the structure a Markdown roadmap would have."""

from pathlib import Path

import pytest

from ingest.loaders import load_file
from ingest.resources import derive_resources
from ingest.structure import parse_document
from tests.ingest.pdf_factory import HEADER, SITE, Block, Page, build_pdf

STEPS = ["Python Foundations", "Statistics", "Machine Learning", "Deep Learning", "MLOps"]


def step_blocks(number: int, name: str) -> list[Block]:
    return [
        Block(f"Step {number:02d}: {name}", 16, True),
        Block("What to learn", 13, True),
        Block(f"{name} concepts", bullet="▪"),
        Block(f"{name} practice projects", bullet="❖"),
        Block("Resources", 13, True),
        Block(f"{name} official tutorial -", link=("Visit", f"https://docs.example.org/{number}/tutorial/")),
        Block(f"{name} crash course", link=("Watch Full Video", f"https://www.youtube.com/watch?v=v{number}")),
        Block("Duration: 4 weeks (10 hours/week)"),
    ]


@pytest.fixture(scope="module")
def roadmap_pdf(tmp_path_factory) -> Path:
    pages = [Page(blocks=[Block("Data Science Roadmap 2026", 22, True),
                          Block("A practical path from Python to deployed models, in five steps.")])]
    # two steps share a page, one step per page after that: numbers never follow the pages
    pages.append(Page(blocks=step_blocks(1, STEPS[0]) + step_blocks(2, STEPS[1])))
    pages += [Page(blocks=step_blocks(n, STEPS[n - 1])) for n in (3, 4, 5)]
    pages.append(Page(blocks=[Block("Career Tracks", 16, True)], columns=[
        [Block("Analytics", 13, True), Block("Dashboards and reporting for business teams, " * 3)]
        + [Block(f"analytics skill {i}", bullet="▪") for i in range(3)],
        [Block("Engineering", 13, True)] + [Block(f"engineering skill {i}", 10, bullet="▪") for i in range(7)],
    ]))
    return build_pdf(tmp_path_factory.mktemp("pdf") / "roadmap.pdf", pages)


@pytest.fixture(scope="module")
def parsed(roadmap_pdf):
    loaded = load_file(roadmap_pdf)
    return loaded, parse_document(loaded.text, doc_id="ds", source="ds.pdf", markdown=loaded.markdown,
                                  fallback_title="Roadmap")


def test_page_furniture_is_gone(parsed):
    loaded, result = parsed
    assert SITE not in loaded.text and HEADER not in loaded.text
    for number in range(1, 8):  # no page number glued to the site, none alone on a line
        assert f"{number}{SITE}" not in loaded.text
        assert str(number) not in {line.strip() for line in loaded.text.splitlines()}
    titles = [s.title for s in result.structure.stages] + [s.name for s in result.sections]
    assert not any("aiquest" in t.lower() or "AI Quest" in t for t in titles)


def test_headings_from_font_size_give_the_real_stages(parsed):
    loaded, result = parsed
    assert loaded.markdown and result.structure.title == "Data Science Roadmap 2026"
    steps = [s for s in result.structure.stages if s.group == "steps"]
    assert [s.title for s in steps] == [f"Step {n:02d}: {name}" for n, name in enumerate(STEPS, 1)]
    assert [s.label for s in steps] == [f"Step {n}" for n in range(1, 6)]
    second = steps[1]
    assert second.headings == ["What to learn", "Resources"]
    # bullet glyphs normalised: the topics are the words
    assert second.topics == ["Statistics concepts", "Statistics practice projects"]
    assert all("▪" not in t and "❖" not in t for s in steps for t in s.topics)
    assert second.estimate.text == "4 weeks (10 hours/week)" and second.estimate.hours_low == 40.0


def test_link_annotations_become_titled_resources(parsed):
    _, result = parsed
    third = result.structure.stages[2]
    assert [(l.text, l.url) for l in third.links] == [
        ("Machine Learning official tutorial", "https://docs.example.org/3/tutorial/"),
        ("Machine Learning crash course", "https://www.youtube.com/watch?v=v3"),
    ]
    kinds = {r.url: (r.kind, r.recommended_by[0].stage) for r in derive_resources(result, set())}
    assert kinds["https://www.youtube.com/watch?v=v3"] == ("video", "Step 03: Machine Learning")
    assert kinds["https://docs.example.org/3/tutorial/"][0] == "official-docs"


def test_columns_are_read_one_after_the_other(parsed):
    loaded, _ = parsed
    lines = [line for line in loaded.text.splitlines() if "skill" in line or line.startswith("#")]
    start = lines.index("## Career Tracks")
    assert lines[start + 1 :] == (
        ["### Analytics"] + [f"- analytics skill {i}" for i in range(3)]
        + ["### Engineering"] + [f"- engineering skill {i}" for i in range(7)]
    )
    wrapped = next(line for line in loaded.text.splitlines() if line.startswith("Dashboards"))
    assert wrapped.count("Dashboards and reporting") == 3  # a wrapped paragraph is one line again


def test_a_course_table_in_a_pdf_gives_stages_with_estimates(tmp_path):
    cells = [["Course", "Python 101", "Statistics 201", "Machine Learning 301"],
             ["Duration", "4 weeks", "6 weeks", "8 weeks"],
             ["Effort", "5 hours/week", "3-4 hours/week", "6-8 hours/week"]]
    pdf = build_pdf(tmp_path / "courses.pdf", [Page(
        blocks=[Block("Course Plan", 22, True), Block("Core Courses", 16, True)],
        columns=[[Block(text) for text in column] for column in cells],
    )])
    loaded = load_file(pdf)
    assert "Python 101 | 4 weeks | 5 hours/week" in loaded.text  # rows, not columns
    result = parse_document(loaded.text, doc_id="c", source="c.pdf", markdown=loaded.markdown, fallback_title="C")
    stages = result.structure.stages
    assert [(s.title, s.group) for s in stages] == [
        ("Python 101", "Core Courses"), ("Statistics 201", "Core Courses"), ("Machine Learning 301", "Core Courses")]
    assert [(s.estimate.hours_low, s.estimate.hours_high) for s in stages] == [(20, 20), (18, 24), (48, 64)]


def test_a_pdf_without_font_cues_still_reads_as_plain_text(tmp_path):
    pdf = build_pdf(tmp_path / "plain.pdf", [Page(blocks=[Block("Step 1: Learn Python"), Block("Variables and loops")])],
                    furniture=False)
    loaded = load_file(pdf)
    assert not loaded.markdown and loaded.text.splitlines()[:2] == ["Step 1: Learn Python", "Variables and loops"]


def test_a_wrapped_heading_nested_bullets_and_a_wrapped_bullet(tmp_path):
    long_heading = "1. General Coding Interviews on Algorithms and Data Structures for Engineers"
    long_bullet = ("Graph search with breadth first and depth first traversal, shortest paths, topological "
                   "sorting and union find, practised on many timed problems")
    pdf = build_pdf(tmp_path / "interviews.pdf", [Page(blocks=[
        Block("Interview Guide", 22, True),
        Block(long_heading, 18, True),
        Block("Practice every day.", 11),
        Block("Sorting", bullet="•"),
        Block("merge sort", bullet="•", indent=6),
        Block("quick sort", bullet="•", indent=6),
        Block(long_bullet, bullet="•"),
        Block("2. Machine Learning Coding", 18, True),
        Block("k-means", bullet="•"),
        Block("Linear models", bullet="•"),
    ])], furniture=False)
    text = load_file(pdf).text
    lines = text.splitlines()
    assert f"## {long_heading}" in lines
    assert "- Sorting" in lines and "  - merge sort" in lines and "  - quick sort" in lines
    assert "- " + long_bullet in lines
    assert not any(line.strip() in {"•", "-", ""} for line in lines)
    structure = parse_document(text, doc_id="i", source="i.pdf", markdown=True, fallback_title="x").structure
    assert [s.title for s in structure.stages] == [long_heading, "2. Machine Learning Coding"]
    assert structure.stages[0].topics == ["Sorting", "merge sort", "quick sort", long_bullet]


def test_a_bullet_glyph_on_a_line_of_its_own_joins_its_text_or_goes():
    from ingest.pdf_layout import Line, PageText, Segment, to_markdown

    def line(left, top, text, size=10.5):
        return Line([Segment(left, left + 6 * len(text), top, top + size, size, False, text)])

    glyph = Line([Segment(38.4, 42.0, 499.0, 502.0, 10.5, False, "• ")])
    stray = Line([Segment(38.4, 42.0, 560.0, 563.0, 10.5, False, "•")])
    page = PageText(595, 842, [line(49.2, 496.0, "Remember, the goal is a design"), glyph,
                               line(49.1, 510.9, "that can be deployed as a service."), stray,
                               line(32.0, 600.0, "Next paragraph.")], [])
    assert to_markdown([page]).splitlines() == [
        "- Remember, the goal is a design that can be deployed as a service.", "Next paragraph."]


def test_a_line_whose_first_glyph_is_too_narrow_to_probe_is_read_not_a_crash():
    """pypdfium2 answers None when no character sits under the probe point: a bullet that starts
    with a backtick (the blind MLOps PDF, rendered by evals/corpora/probe/make_pdf.py) made ingest
    raise TypeError and lose the whole document."""
    pdf = Path(__file__).resolve().parents[2] / "evals" / "corpora" / "blind" / "mlops-basics" / "mlops-basics.pdf"
    text = load_file(pdf).text
    assert "How to get the data?" in text and "What is ONNX Runtime?" in text


def test_a_one_page_pdf_loses_its_footer_though_nothing_repeats(tmp_path):
    """A one-page roadmap's footer, "1 www.aiquest.org" in small type at the page's foot, is not a line
    of the roadmap; a link the roadmap gives in its own text, at the foot of the page, stays."""
    from tests.ingest.pdf_factory import SITE as site

    blocks = [Block("Deep Learning Roadmap", 22, True), Block("Step 1: Python", 16, True),
              Block("Variables, loops and functions", bullet="▪"), Block("Step 2: Neural Networks", 16, True),
              Block("Backpropagation and gradient descent", bullet="▪")]
    blocks += [Block(f"Practice line {n} of the neural network exercises") for n in range(34)]
    blocks.append(Block("Start here:", link=("course.fast.ai", "https://course.fast.ai/")))
    blocks.append(Block("", link=("kaggle.com/learn", "https://www.kaggle.com/learn")))  # in the margin, body type
    loaded = load_file(build_pdf(tmp_path / "one-page.pdf", [Page(blocks=blocks)]))
    lines = {line.strip() for line in loaded.text.splitlines()}
    assert not any(site in line for line in lines)
    assert "1" not in lines and f"1 {site}" not in lines and f"1{site}" not in lines
    assert any("course.fast.ai" in line for line in lines)  # the roadmap's own links, in body type, are kept
    assert any("kaggle.com/learn" in line for line in lines)


def test_edge_furniture_shapes():
    from ingest.pdf_furniture import is_furniture

    for text in ("1 www.aiquest.org", "3www.aiquest.org", "aiquest.org | Page 2", "Page 1 of 3 - example.com", "7"):
        assert is_furniture(text, 11, 11, set()), text
    assert is_furniture("www.aiquest.org", 8, 11, set())  # the address alone, in footer type
    for text in ("https://course.fast.ai", "Visit kaggle.com", "2 weeks", "Step 3: SQL"):
        assert not is_furniture(text, 11, 11, set()), text


def test_a_sentence_hard_wrapped_in_its_source_and_over_a_page_break_is_one_line(tmp_path):
    """The tuning playbook's PDF shape: every source line is a line of the page ("... (both individuals
    and teams)" / "interested in ..."), and a sentence runs on over the page break; each sentence comes
    out whole, while a new sentence, a heading and a bullet still start their own lines."""
    first = [Block("Tuning Notes", 22, True), Block("Who is this document for?", 16, True),
             Block("This document is for engineers and researchers (both individuals and teams)"),
             Block("interested in maximizing the performance of deep learning models."),
             Block("Our emphasis is on the process of hyperparameter tuning.")]
    first += [Block(f"Filler sentence number {n} about learning rates.") for n in range(36)]
    first.append(Block("The batch size governs the training speed and"))
    second = [Block("should not be used to tune the validation performance directly."),
              Block("Choosing the optimizer", 16, True), Block("Start with a popular optimizer", bullet="•")]
    loaded = load_file(build_pdf(tmp_path / "wrapped.pdf", [Page(blocks=first), Page(blocks=second)]))
    lines = [line.strip() for line in loaded.text.splitlines()]
    assert ("This document is for engineers and researchers (both individuals and teams) interested in maximizing "
            "the performance of deep learning models.") in lines
    assert "Our emphasis is on the process of hyperparameter tuning." in lines
    assert ("The batch size governs the training speed and should not be used to tune the validation performance "
            "directly.") in lines
    assert "## Choosing the optimizer" in lines or "### Choosing the optimizer" in lines
    assert "- Start with a popular optimizer" in lines
