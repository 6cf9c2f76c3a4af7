"""README layouts a learner brings, from excerpts of public roadmaps (tests/ingest/user_styles/real/,
licences and cuts beside them): badge rows, items whose link sits on the next line, emoji sections
with an introduction and closing notes around the stages, a cover image floated beside a paragraph,
and a checklist saved as a PDF. What a learner relies on: each resource is named by its item, no alt
text glued to a sentence, the stages start where the learning does."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import load_file
from ingest.resources import derive_resources
from ingest.structure import parse_document
from tests.ingest.pdf_factory import Block, Page, build_pdf

ROOT = Path(__file__).resolve().parents[2]
REAL = Path(__file__).resolve().parent / "user_styles" / "real"


def parse(path: Path):
    loaded = load_file(path)
    return parse_document(loaded.text, doc_id=path.stem, source=str(path), markdown=loaded.markdown,
                          fallback_title="Fallback")


def resources(parsed) -> dict[str, str]:
    return {r.title: r.url for r in derive_resources(parsed, set())}


def all_lines(parsed) -> list[str]:
    return [line for section in parsed.sections for line in section.lines]


@pytest.fixture(scope="module")
def ml_roadmap():
    return parse(REAL / "ai-learning-roadmaps" / "ml-roadmap.md")


def test_links_on_the_line_after_their_item_are_titled_by_the_item(ml_roadmap):
    found = resources(ml_roadmap)
    # "- Feature Engineering  " then "  https://www.kaggle.com/learn/feature-engineering"
    assert found["Feature Engineering"] == "https://www.kaggle.com/learn/feature-engineering"
    assert found["Andrew Ng – Machine Learning Specialization"].startswith("https://www.coursera.org/")
    assert "Core Concepts" not in found and "Recommended Resources ⭐" not in found  # not the heading above
    assert not [line for line in all_lines(ml_roadmap) if line.strip().startswith("http")]  # no URL alone


def test_a_name_before_its_link_is_the_title_whole(ml_roadmap):
    found = resources(ml_roadmap)
    assert found["Calculus (Gradients)"] == "https://www.khanacademy.org/math/multivariable-calculus"  # bracket kept
    assert found["NumPy"] == "https://numpy.org/learn/"  # one word is a name when it is the item
    described = {r.title: r.description for r in derive_resources(ml_roadmap, set())}
    assert "http" not in described["NumPy"] and "http" not in described["Feature Engineering"]  # no URL as words


def test_stage_topics_are_the_items_without_their_urls(ml_roadmap):
    beginner = next(s for s in ml_roadmap.structure.stages if "Beginner" in s.title)
    assert "Linear Regression" in beginner.topics and "Bias–Variance Tradeoff" in beginner.topics
    assert not [topic for topic in beginner.topics if "http" in topic]


def test_emoji_sections_start_at_the_learning_not_the_goal(ml_roadmap):
    titles = [s.title for s in ml_roadmap.structure.stages]
    assert titles[0] == "🧱 Prerequisites" and titles[1] == "🟢 Beginner: ML Foundations"
    assert not [t for t in titles if "Goal" in t or "Final Notes" in t]  # prose around the stages
    assert "🧭 Career Paths After This Roadmap" in titles  # a list closing the roadmap stays


def test_badges_of_a_readme_are_no_resources():
    parsed = parse(REAL / "ai-learning-roadmaps" / "README.md")
    found = resources(parsed)
    assert found["Attention Is All You Need"] == "https://arxiv.org/abs/1706.03762"
    assert "Stars" not in found and not [t for t in found if "shields" in found[t]]
    getting_started = next(s for s in parsed.sections if s.name == "Getting Started")
    assert any("Math → Machine Learning → Deep Learning" in line for line in getting_started.lines)


def test_cover_image_beside_a_paragraph_is_not_glued_to_it():
    key = "evals/corpora/dev/llm-course/README.md"
    loaded = load_file(ROOT / key)
    parsed = parse_document(loaded.text, doc_id="llm-course", source=key, markdown=True, fallback_title="LLM Course")
    lines = all_lines(parsed)
    assert "The LLM course is divided into three parts:" in [line.strip() for line in lines]
    assert not [line for line in lines if "CoverThe" in line or "Cover The" in line]


@pytest.mark.parametrize("line, expected", [
    ('<a href="https://a.co/x"><img src="c.png" alt="Handbook Cover"/></a>The course has three parts:',
     ["[Handbook Cover](https://a.co/x)", "The course has three parts:"]),
    ("- Join us! [![Discord](https://img.shields.io/d.svg)](https://discord.gg/x) Say hello.",
     ["- Join us! Say hello. [Discord](https://discord.gg/x)"]),
    ("![logo](logo.png)Deep Learning Notes", ["Deep Learning Notes"]),
    ("[![a](https://x/a.svg)](https://u) [![b](https://x/b.svg)](https://v)",  # badges only: unchanged
     ["[![a](https://x/a.svg)](https://u) [![b](https://x/b.svg)](https://v)"]),
])
def test_images_leave_the_sentence_they_sit_in(line, expected):
    from ingest.readme_lines import lift_images

    assert lift_images(line) == expected


def test_checklist_pdf_keeps_each_item_once(tmp_path):
    """The checklist rendered to a PDF: "[X] " then a linked name starting with a capital whose glyph
    touches the box before it ("Treehouse") was read as "[X] T Treehouse"."""
    source = (REAL / "amitness-learning" / "README.md").read_text(encoding="utf-8")
    items = [line for line in source.splitlines() if line.startswith("- [")]
    blocks = [Block("learning-plan", size=20, bold=True), Block("Understand functioning of a Business", size=15, bold=True)]
    for item in items:
        mark, rest = item[2:5], item[6:]
        name, url = rest[1:rest.index("](")], rest[rest.index("](") + 2:-1]
        blocks.append(Block(mark, bullet="•", link=(name, url)))
    pdf = build_pdf(tmp_path / "learning-plan.pdf", [Page(blocks)], furniture=False)
    parsed = parse(pdf)
    found = resources(parsed)
    assert found["Treehouse: SEO Basics"] == "https://teamtreehouse.com/library/seo-basics"
    assert found["The Personal MBA: Master the Art of Business"].startswith("https://www.amazon.com/")
    described = {r.title: r.description for r in derive_resources(parsed, set())}
    assert "[X]" not in described["Treehouse: SEO Basics"]  # the box is no description of the course
    text = "\n".join(all_lines(parsed))
    assert " T [" not in text and "T Treehouse" not in text and "T The Personal" not in text
