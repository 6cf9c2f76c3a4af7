"""Page debris: only a trailing comment section is cut; the roadmap around a comment count is kept."""

from __future__ import annotations

import pytest

from ingest.repair import strip_debris


@pytest.mark.parametrize("debris", ["Comments (3)", "Responses (12)", "Top comments (0)", "Discussion (4)"])
def test_a_comment_count_in_the_middle_keeps_the_headings_and_bullets_after_it(debris):
    text = (f"# Roadmap\n## Step 1: Python\n- loops\n{debris}\n## Step 2: SQL\n- joins\n"
            "Step 3: Statistics\n- distributions\n")

    kept = strip_debris(text)

    assert "## Step 2: SQL" in kept and "- joins" in kept and "Step 3: Statistics" in kept
    assert "- distributions" in kept
    assert debris not in kept  # the furniture line itself goes


def test_a_trailing_comment_section_is_still_cut():
    text = ("AI/ML Roadmap\nQ1 2026: Foundations\n- linear algebra\nTop comments (2)\n"
            "Jane Doe Jan 3\nGreat post, thanks!\nReply\nSam Roe\nThis helped me\n")

    kept = strip_debris(text)

    assert kept.endswith("- linear algebra\n")
    assert "Great post" not in kept and "Jane Doe" not in kept


def test_a_comment_count_glued_to_a_line_cuts_only_at_the_end_of_the_page():
    middle = strip_debris("# R\n- loops Top comments (3)\n## Step 2: SQL\n- joins\n")
    end = strip_debris("# R\n- loops\nThanks for reading Top comments (3)\nsome comment\n")

    assert "- loops" in middle and "## Step 2: SQL" in middle and "Top comments" not in middle
    assert end == "# R\n- loops\nThanks for reading\n"
