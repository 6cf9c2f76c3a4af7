"""Loading any roadmap format, repairing mojibake, and refusing unreadable input with a reason."""

from pathlib import Path

import pytest

from ingest.loaders import UnreadableSource, load_file

ROOT = Path(__file__).resolve().parents[2]


def test_mojibake_is_repaired_not_stripped():
    raw = (ROOT / "corpus" / "genai-engineer-roadmap.md").read_text(encoding="utf-8")
    assert "‚âà" in raw and "üòä" in raw  # the seed really is broken
    text = load_file(ROOT / "corpus" / "genai-engineer-roadmap.md").text
    assert "‚âà" not in text and "üòä" not in text and "\uf8ff" not in text
    assert "`Gen AI Engineer` ≈ `NLP and Computer Vision Skills`" in text
    assert "😊" in text and "🌐 [LinkedIn Profile]" in text
    assert "you’d like additional resources" in text


def test_blog_debris_is_stripped():
    text = load_file(ROOT / "corpus" / "aiml-roadmap-2026.txt").text
    assert "Top comments" not in text
    assert text.rstrip().endswith("Your future self is betting on what you do right now.")


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.md", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" + bytes(range(256)), "binary"),
        ("broken.pdf", b"%PDF-1.7\nthis is not really a pdf", "PDF"),
        ("notes.docx", b"PK\x03\x04 zip", "unsupported"),
    ],
)
def test_unreadable_files_raise_with_a_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableSource) as caught:
        load_file(path)
    assert reason.lower() in caught.value.reason.lower()
    assert caught.value.path == path


def test_latin1_text_is_decoded(tmp_path):
    path = tmp_path / "roadmap.txt"
    path.write_bytes("Step 1: Café basics\n- Learn naïve Bayes and déjà vu\n".encode("latin-1"))
    assert "naïve Bayes" in load_file(path).text


def test_pdf_text_is_extracted(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["pdf.fonttype"] = 42
    import matplotlib.pyplot as plt

    figure = plt.figure()
    figure.text(0.1, 0.9, "Step 1: Learn Python")
    figure.text(0.1, 0.8, "- Variables and loops")
    figure.savefig(tmp_path / "roadmap.pdf")
    plt.close(figure)
    loaded = load_file(tmp_path / "roadmap.pdf")
    assert "Step 1: Learn Python" in loaded.text and not loaded.markdown


def test_html_becomes_markdown_with_headings_lists_and_links(tmp_path):
    path = tmp_path / "roadmap.html"
    path.write_text(
        "<html><head><script>alert(1)</script></head><body><nav>menu</nav><h1>Data Roadmap</h1>"
        "<h2>Step 1: SQL</h2><ul><li>Joins</li><li><a href='https://example.org/sql'>SQL course</a></li></ul>"
        "<footer>Top comments (3)</footer></body></html>",
        encoding="utf-8",
    )
    loaded = load_file(path)
    assert loaded.markdown
    assert "# Data Roadmap" in loaded.text and "## Step 1: SQL" in loaded.text
    assert "- [SQL course](https://example.org/sql)" in loaded.text
    assert "alert" not in loaded.text and "menu" not in loaded.text


def test_html_nested_lists_give_each_item_once_under_its_parent(tmp_path):
    """A loose list (each item's text in a <p>, as Markdown renderers write it) with sub-items: the
    parent keeps its own words and each sub-item is its own indented line, not repeated in the parent."""
    path = tmp_path / "syllabus.html"
    path.write_text(
        "<body><h2>Syllabus</h2><ul>"
        "<li><p><a href='https://example.org/w1'><strong>week1</strong></a> Intro to RL</p>"
        "<ul><li>Lecture: decision processes</li><li>Seminar: <em>gym</em> basics</li></ul></li>"
        "<li><p><strong>week2</strong> Value-based methods</p><ul><li>Lecture: value iteration</li></ul></li>"
        "</ul></body>", encoding="utf-8")
    lines = load_file(path).text.splitlines()
    assert "- [week1](https://example.org/w1) Intro to RL" in lines and "- week2 Value-based methods" in lines
    assert "  - Lecture: decision processes" in lines and "  - Seminar: gym basics" in lines
    assert sum("decision processes" in line for line in lines) == 1


def test_html_inline_links_keep_their_punctuation_and_words_stay_whole(tmp_path):
    """A link is part of its sentence: its punctuation follows it ("[here](url)." not "[here](url) ."),
    a word split by inline tags stays whole, and on a page made of <div>s (the cs231n notes) a link's
    text that wraps in the source ("Dropout,\n  Convolutional Nets") is one line."""
    path = tmp_path / "notes.html"
    path.write_text(
        "<html><body><ul><li>Lecture slides are <a href='https://slides.example.org/'>here</a>.</li>"
        "<li>Learn <b>Re</b>inforce<i>ment</i> learning first.</li></ul></body></html>", encoding="utf-8")
    text = load_file(path).text
    assert "- Lecture slides are [here](https://slides.example.org/)." in text
    assert "- Learn Reinforcement learning first." in text

    page = tmp_path / "divs.html"
    page.write_text(
        "<html><body><div class='item'><a href='assignment2/'>\n  Assignment #2: Fully-Connected Nets, Dropout,"
        "\n        Convolutional Nets\n  </a></div><div class='kw'>\n    L1/L2 distances, cross-validation\n  </div>"
        "</body></html>", encoding="utf-8")
    lines = [line.strip() for line in load_file(page).text.splitlines()]
    assert "Assignment #2: Fully-Connected Nets, Dropout, Convolutional Nets" in lines
    assert "L1/L2 distances, cross-validation" in lines
