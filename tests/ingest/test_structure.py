"""The roadmap structure parsed from both seeds: what `rag` answers "what comes after X" from."""

from pathlib import Path

import pytest

from ingest.loaders import load_file
from ingest.structure import match_stage, parse_document

ROOT = Path(__file__).resolve().parents[2]


def parse(name: str):
    loaded = load_file(ROOT / "corpus" / name)
    return parse_document(loaded.text, doc_id=Path(name).stem, source=f"corpus/{name}",
                          markdown=loaded.markdown, fallback_title=name)


@pytest.fixture(scope="module")
def genai():
    return parse("genai-engineer-roadmap.md")


@pytest.fixture(scope="module")
def aiml():
    return parse("aiml-roadmap-2026.txt")


def test_genai_roadmap_has_eleven_ordered_steps(genai):
    steps = [s for s in genai.structure.stages if s.group == "steps"]
    assert genai.structure.title == "Generative AI (Gen AI) Engineer Roadmap 2025/26"
    assert [s.title for s in steps] == [
        "Step 1: Programming Fundamentals",
        "Step 2: Learn GitHub",  # a level-3 heading in the source
        "Step 3: SQL",
        "Step 4: Mathematics for Generative AI",
        "Step 5: Foundations of Machine Learning",
        "Step 6: Deep Learning",
        "Step 7: Natural Language Processing (NLP)",
        "Step 8: Generative Models",
        "Step 9: Reinforcement Learning (Optional)",
        "Step 10: MLOps and Model Deployment",
        "Step 11: Projects",
    ]
    assert [s.index for s in steps] == sorted(s.index for s in steps)
    step6 = steps[5]
    assert [s.title for s in genai.structure.following(step6)][:2] == [
        "Step 7: Natural Language Processing (NLP)", "Step 8: Generative Models"]


def test_step_two_keeps_its_subsections_despite_its_heading_level(genai):
    sections = {s.name: s for s in genai.sections}
    assert "Step 2: Learn GitHub > What to Learn?" in sections
    assert sections["Step 2: Learn GitHub > What to Learn?"].stage_index == 1


def test_genai_section_paths_topics_and_links(genai):
    names = [s.name for s in genai.sections]
    assert "Step 7: Natural Language Processing (NLP) > Resources" in names
    nlp = genai.structure.stages[6]
    assert any("Word Embeddings" in t for t in nlp.topics)
    assert {(l.text, l.url) for l in nlp.links} == {
        ("Hugging Face Tutorials", "https://huggingface.co/transformers/"),
        ("NLP with Python", "https://www.nltk.org/"),
    }
    assert all(l.stage_index == 6 for l in nlp.links)
    # links outside any stage (author profile) are kept but tied to no stage
    linkedin = next(l for l in genai.structure.links if "linkedin" in l.url)
    assert linkedin.stage_index is None


def test_aiml_roadmap_quarters_options_and_paths(aiml):
    stages = aiml.structure.stages
    assert aiml.structure.title == "AI/ML Roadmap for 2026: What Students Should Learn Next Year"
    assert [s.title for s in stages if s.group == "quarters"] == [
        "Q1 2026: Foundation & Core Concepts",
        "Q2 2026: Deep Learning Specialization",
        "Q3 2026: Production & Deployment Skills",
        "Q4 2026: Specialization & Monetization",
    ]
    assert [s.label for s in stages if s.group == "options"] == ["Option A", "Option B", "Option C", "Option D"]
    assert [s.title for s in stages if s.group == "paths"] == [
        "If Your Goal is Industry (Startups/Big Tech)", "If Your Goal is Research", "If Your Goal is Freelance/Consulting"]


def test_aiml_sections_nest_options_inside_the_fourth_quarter(aiml):
    names = [s.name for s in aiml.sections]
    assert "Q4 2026: Specialization & Monetization > Choose Your Specialization > Option B: Computer Vision" in names
    assert "Q4 2026: Specialization & Monetization > Building Your Portfolio" in names
    assert "Q3 2026: Production & Deployment Skills > MLOps Fundamentals" in names
    # document-level sections after the quarters belong to no stage
    tools = next(s for s in aiml.sections if s.name.startswith("The Tools You MUST Know"))
    assert tools.stage_index is None


def test_page_debris_is_gone(aiml):
    text = "\n".join(line for s in aiml.sections for line in s.lines)
    assert "Top comments" not in text
    assert "Your future self is betting" in text


def test_bare_line_headings_in_any_plain_text():
    text = "My Roadmap\nIntro line here.\nPhase 1: Basics\n- Python\n- Git\nPhase 2: Models\n- PyTorch\nFinal Thoughts\nGood luck.\n"
    parsed = parse_document(text, doc_id="d", source="d.txt", markdown=False, fallback_title="d")
    assert parsed.structure.title == "My Roadmap"
    assert [s.title for s in parsed.structure.stages] == ["Phase 1: Basics", "Phase 2: Models"]
    assert parsed.structure.stages[1].topics == ["PyTorch"]


@pytest.mark.parametrize(("heading", "found"), [
    ("Linear Regression | Day 4", ("Day 4", "days")),
    ("Day 4: Gradient Descent", ("Day 4", "days")),
    ("Day 12", ("Day 12", "days")),
    ("Week 3 - Backpropagation", ("Week 3", "timeline")),
    ("Backpropagation - Week 3", ("Week 3", "timeline")),
    ("Part II", ("Part II", "steps")),
    ("Part iv: Deployment", ("Part IV", "steps")),
    ("Foundations (Part 2)", ("Part 2", "steps")),
    ("Step 01: Python", ("Step 1", "steps")),
    ("If your goal is research", ("If Your Goal Is", "paths")),
    ("Day trading basics", None),
    ("Weekly review", None),
    ("Why day 4 of a course matters", None),
])
def test_stage_markers_anywhere_in_a_heading(heading, found):
    assert match_stage(heading) == found


def test_a_duration_in_a_stage_heading_is_that_stages_estimate_and_a_time_line_says_more():
    text = (
        "# Forest Prep\n\n"
        "## Stage 1: Python Basics (2–3 weeks)\n- Loops\n- Functions\n\n"
        "## Stage 2: Trees and Forests — 30-40 hours\n- Bagging\n\n"
        "## Stage 3: Deployment (3 weeks)\n- Time commitment: 3 weeks (5-8 hours/week)\n- Docker\n\n"
        "## Stage 4: Portfolio\n- Three projects\n\n"
        "## Stage 5: Top 10 Models of 2024\n- Read about them\n"
    )
    stages = parse_document(text, doc_id="f", source="f.md", markdown=True, fallback_title="f").structure.stages
    assert stages[0].estimate.text == "2–3 weeks" and stages[0].estimate.section == stages[0].title
    assert (stages[1].estimate.text, stages[1].estimate.hours_low, stages[1].estimate.hours_high) == ("30-40 hours", 30, 40)
    assert stages[2].estimate.text == "3 weeks (5-8 hours/week)" and stages[2].estimate.hours_high == 24
    assert stages[3].estimate is None and stages[4].estimate is None
