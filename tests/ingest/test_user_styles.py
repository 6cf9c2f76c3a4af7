"""Roadmaps in the styles users bring: reStructuredText (also saved as .txt), setext and bold-line
headings, order stated only in prose, and PDF lines that are only a link. Documents under
tests/ingest/user_styles/ were written for these tests; real/ holds a public one (licence beside it:
scikit-learn's doc/presentations.rst, BSD-3-Clause)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import load_file
from ingest.resources import derive_resources
from ingest.sources import discover
from ingest.structure import parse_document

STYLES = Path(__file__).resolve().parent / "user_styles"


def parse(path: Path):
    loaded = load_file(path)
    return loaded, parse_document(loaded.text, doc_id=path.stem, source=path.name, markdown=loaded.markdown,
                                  fallback_title="Fallback")


def resources(parsed) -> dict[str, tuple[str, bool]]:
    return {r.title: (r.url, r.learning_resource) for r in derive_resources(parsed, set())}


# -- reStructuredText ------------------------------------------------------------------------
def test_rst_files_are_found_and_loaded(tmp_path):
    (tmp_path / "path.rst").write_text((STYLES / "ml-engineer-path.rst").read_text(encoding="utf-8"), encoding="utf-8")
    files, skipped = discover([tmp_path])
    assert [f.name for f in files] == ["path.rst"] and not skipped
    assert load_file(files[0]).markdown


def test_rst_titles_levels_and_stages():
    _, parsed = parse(STYLES / "ml-engineer-path.rst")
    assert parsed.structure.title == "ML Engineer Study Path"  # over- and underlined with '#'
    assert [s.title for s in parsed.structure.stages] == [
        "Stage 1: Foundations", "Stage 2: Classical Machine Learning", "Stage 3: Deep Learning and Deployment"]
    assert "Stage 2: Classical Machine Learning > Resources" in [s.name for s in parsed.sections]


def test_rst_links_are_resources_and_badges_images_and_markup_are_not():
    loaded, parsed = parse(STYLES / "ml-engineer-path.rst")
    found = resources(parsed)
    assert found["Mathematics for Machine Learning"] == ("https://mml-book.github.io/", True)
    assert found["Khan Academy statistics"][0] == "https://www.khanacademy.org/math/statistics-probability"  # named target
    assert found["scikit-learn user guide"][0] == "https://scikit-learn.org/stable/user_guide.html"
    assert found["Introduction to Statistical Learning"][0] == "https://www.statlearning.com/"  # anonymous `__`
    assert "https://exercism.org/tracks/python" in {url for url, _ in found.values()}  # a bare URL
    urls = {link.url for link in parsed.structure.links}
    assert not any("shields.io" in url or url.endswith(".png") for url in urls)
    for markup in ("|build|", ".. image::", ".. contents::", "<img", ".. _", ":target:", "On this page"):
        assert markup not in loaded.text
    assert "Skip this stage if you already use NumPy every day." in loaded.text  # a note keeps its words


def test_rst_saved_as_txt_is_read_as_rst_and_keeps_saying_it_has_no_order():
    loaded, parsed = parse(STYLES / "nlp-reading-list.txt")
    assert loaded.markdown and parsed.structure.title == "NLP Reading List"
    assert [s.name for s in parsed.sections][1:] == ["Courses", "Papers", "Blogs"]
    found = resources(parsed)
    assert found["CS224N: NLP with Deep Learning"] == ("https://web.stanford.edu/class/cs224n/", True)
    assert found["The Illustrated Transformer"] == ("https://jalammar.github.io/illustrated-transformer/", True)
    assert not any("shields.io" in link.url for link in parsed.structure.links)
    assert parsed.structure.stages == []  # "in no particular order", though one entry says "Start with ..., then ..."


def test_plain_text_that_is_not_rst_stays_plain():
    loaded, parsed = parse(STYLES / "mlops-notes.txt")
    assert not loaded.markdown and parsed.structure.title == "MLOps Notes for Backend Developers"


def test_real_rst_page_scikit_learn_resources():
    loaded, parsed = parse(STYLES / "real" / "scikit-learn-presentations" / "presentations.rst")
    assert parsed.structure.title == "External Resources, Videos and Talks"
    assert [s.name for s in parsed.sections if s.name] == ["New to Scientific Python?", "External Tutorials", "Videos"]
    found = resources(parsed)
    assert found["Machine Learning for NeuroImaging in Python"] == ("https://nilearn.github.io/", True)
    # a link whose text wraps onto the next line, and names resolved through `.. _name: url` targets
    assert found["Introduction to scikit-learn"][0] == "http://videolectures.net/icml2010_varaquaux_scik/"
    assert found["Part I"][0] == "https://conference.scipy.org/scipy2013/tutorial_detail.php?id=107"
    assert found["Jake Vanderplas"][0] == "http://www.vanderplas.com"
    assert ":ref:" not in loaded.text and "tutorial_menu" not in loaded.text
    assert "see the Tutorial section of" in loaded.text


# -- setext and bold-line headings -------------------------------------------------------------
def test_setext_headings_keep_title_and_levels():
    _, parsed = parse(STYLES / "cv-roadmap.md")
    assert parsed.structure.title == "Computer Vision Engineer Roadmap"
    stages = parsed.structure.stages
    assert [s.label for s in stages] == ["Stage 1", "Stage 2", "Stage 3", "Stage 4"]
    assert stages[2].estimate is not None and stages[2].estimate.text == "6-8 weeks (8 hours/week)"
    assert resources(parsed)["CS231n"] == ("https://cs231n.github.io/", True)


def test_setext_in_plain_text_and_front_matter_rules_are_not_titles():
    text = "---\nlayout: post\n---\n\nIntro paragraph here.\n\nLearn SQL\n---------\n\n- Joins\n"
    parsed = parse_document(text, doc_id="d", source="d.md", markdown=True, fallback_title="Fallback")
    assert parsed.structure.title == "Fallback" and [s.name for s in parsed.sections][-1] == "Learn SQL"
    plain = parse_document("My Plan\n=======\n\nSome words.\n\nTools\n-----\n\nDocker and Git.\n", doc_id="p",
                           source="p.txt", markdown=False, fallback_title="Fallback")
    assert plain.structure.title == "My Plan" and "Tools" in [s.name for s in plain.sections]


def test_bold_line_lectures_are_stages_in_order():
    text = ("# Deep learning from scratch\n\nA lecture series.\n\n---\n\n**Lecture 1: Backpropagation by hand**\n\n"
            "We build an autograd engine. [engine](https://example.org/engine)\n\n---\n\n"
            "**Lecture 2: Language models with counts**\n\nBigrams, then a small network.\n\n---\n\n"
            "**Lecture 3: Attention, spelled out**\n\nA transformer from nothing.\n")
    parsed = parse_document(text, doc_id="d", source="d.md", markdown=True, fallback_title="F")
    stages = parsed.structure.stages
    assert [s.label for s in stages] == ["Lecture 1", "Lecture 2", "Lecture 3"]
    assert stages[2].title == "Lecture 3: Attention, spelled out"
    assert any(link.url == "https://example.org/engine" for link in stages[0].links)


@pytest.mark.parametrize("text", [
    "# Guide\n\n**Courses must**:\n- Be open\n- Run regularly\n",  # a label introducing its list
    "# Guide\n\n**Always back up your data before training.**\n\nMore text.\n",  # a bold sentence
    "# Guide\n\n**[How to contribute](CONTRIBUTING.md)**\n\nMore text.\n",  # a bold link
    "# Guide\n## About\n**Jane Doe**\n- Founder\n",  # the first line under a heading
    "# Guide\n\n**Topics covered**:\n`computation`\n",  # followed by more of the same paragraph
])
def test_bold_text_that_is_not_a_heading(text):
    parsed = parse_document(text, doc_id="d", source="d.md", markdown=True, fallback_title="F")
    assert all(s.name in {"", "About"} for s in parsed.sections)


# -- order in prose ---------------------------------------------------------------------------
def test_prose_order_per_role_becomes_stages_named_from_their_sentences():
    _, parsed = parse(STYLES / "data-roles.md")
    stages = parsed.structure.stages
    analysts = [s.title for s in stages if s.group == "Roadmap for Data Analysts"]
    engineers = [s.title for s in stages if s.group == "Roadmap for Data Engineers"]
    assert analysts == ["Spreadsheets and descriptive statistics", "Learning SQL well",
                        "Pick one BI tool such as Power BI …", "Practise presenting findings to non-technical stakeholders"]
    assert engineers[1:] == ["Move on to relational databases and data modelling",
                             "Learn a workflow scheduler like Apache Airflow", "Stream processing with Kafka"]
    sql = stages[1]
    assert parsed.structure.following(sql)[0].title.startswith("Pick one BI tool")
    assert [s.title for s in parsed.structure.following(stages[3])] == []  # the analyst path ends there
    names = [s.name for s in parsed.sections]
    assert "Roadmap for Data Engineers > Learn a workflow scheduler like Apache Airflow" in names
    assert "Roadmap for Data Engineers > Time commitment" in names  # a bold-line heading after the steps
    assert any(link.url == "https://airflow.apache.org/docs/" for link in stages[6].links)
    text = "\n".join(line for s in parsed.sections for line in s.lines)
    assert "The next step involves learning SQL well" in text  # the sentences stay in the passages


def test_prose_order_in_hard_wrapped_plain_text():
    _, parsed = parse(STYLES / "mlops-notes.txt")
    titles = [s.title for s in parsed.structure.stages]
    assert len(titles) == 4 and titles[0].startswith("Docker") and titles[2] == "Experiment tracking"
    assert titles[1].startswith("Put the containers on Kubernetes")
    assert [s.name for s in parsed.sections][-1] == "Useful links"


@pytest.mark.parametrize("name", ["research-habits.md", "career-switch.md"])
def test_prose_never_invents_order(name):
    """One says its order does not matter; the other has a single "Next," that orders nothing."""
    _, parsed = parse(STYLES / name)
    assert parsed.structure.stages == []


def test_prose_cues_leave_numbered_stages_alone():
    text = "# Plan\n\n## Step 1: Python\n\nStart with syntax.\n\n## Step 2: SQL\n\nThen joins. After that, indexes.\n"
    parsed = parse_document(text, doc_id="d", source="d.md", markdown=True, fallback_title="F")
    assert [s.title for s in parsed.structure.stages] == ["Step 1: Python", "Step 2: SQL"]


def test_ordered_sibling_sections_are_stages():
    text = ("# Becoming an ML Engineer\n\n## Python\n\nStart with Python until loops feel easy.\n\n"
            "## Statistics\n\nNext, learn descriptive statistics and probability.\n\n"
            "## Models\n\nAfter that, train linear and tree models with scikit-learn.\n\n## FAQ\n\nAsk anything.\n")
    parsed = parse_document(text, doc_id="d", source="d.md", markdown=True, fallback_title="F")
    assert [s.title for s in parsed.structure.stages] == ["Python", "Statistics", "Models"]
    assert {s.group for s in parsed.structure.stages} == {"Becoming an ML Engineer"}


# -- PDF lines that are only a link -----------------------------------------------------------
def test_pdf_link_line_is_a_resource_not_a_heading(tmp_path):
    from tests.ingest.pdf_factory import Block, Page, build_pdf

    pages = [Page(blocks=[
        Block("Data Roadmap", 22, True),
        Block("Step 1: Python", 16, True),
        Block("Learn the basics of the language first.", 11),
        Block("", 11, True, link=("Python Tutorial", "https://docs.python.org/3/tutorial/")),
        Block("https://www.kaggle.com/learn/python", 16, True),
        Block("Step 2: SQL", 16, True),
        Block("Joins and window functions.", 11),
    ])]
    loaded, parsed = parse(build_pdf(tmp_path / "roadmap.pdf", pages, furniture=False))
    assert [s.title for s in parsed.structure.stages] == ["Step 1: Python", "Step 2: SQL"]
    headings = [s.name for s in parsed.sections]
    assert not any("Tutorial" in name or "kaggle" in name for name in headings)
    urls = {link.url for link in parsed.structure.stages[0].links}
    assert {"https://docs.python.org/3/tutorial/", "https://www.kaggle.com/learn/python"} <= urls


def test_plain_text_with_underlined_headings_is_not_taken_for_rst(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("Plan\n====\n\nIntro.\n\nStep 1: Python\n--------------\n\n- loops\n\nStep 2: SQL\n-----------\n\n"
                    "- joins\n", encoding="utf-8")
    loaded, parsed = parse(path)
    assert not loaded.markdown and parsed.structure.title == "Plan"
    assert [s.title for s in parsed.structure.stages] == ["Step 1: Python", "Step 2: SQL"]
    assert parsed.structure.stages[1].topics == ["joins"]


def test_rst_sync_is_incremental(tmp_path):
    """An .rst is indexed with its links as resources; a second sync of the same files redoes nothing."""
    from ingest.pipeline import sync
    from rag.settings import get_settings

    folder = tmp_path / "roadmaps"
    folder.mkdir()
    (folder / "path.rst").write_text((STYLES / "ml-engineer-path.rst").read_text(encoding="utf-8"), encoding="utf-8")
    settings = get_settings(db_dir=tmp_path / "index", state_dir=tmp_path / "state")
    first = sync([folder], settings)
    assert (first.documents, first.added, first.skipped) == (1, 1, []) and first.resources >= 5
    again = sync([folder], settings)
    assert (again.added, again.updated, again.unchanged, again.embedded) == (0, 0, 1, 0)


def test_prose_order_keeps_short_headings_apart_from_the_lines_below_them():
    text = ("Backend to ML\n\nStart with Python and write small scripts every day.  The next step involves "
            "pandas for data work.\n\nAfter that, learn scikit-learn on a public dataset.\n\nLinks\n"
            "https://pandas.pydata.org/docs/\n")
    parsed = parse_document(text, doc_id="d", source="d.txt", markdown=False, fallback_title="F")
    assert [s.title for s in parsed.structure.stages] == [
        "Python and write small scripts every day", "Pandas for data work", "Learn scikit-learn on a public dataset"]
    assert [s.name for s in parsed.sections][-1] == "Links"
    assert parsed.structure.links[-1].url == "https://pandas.pydata.org/docs/"
