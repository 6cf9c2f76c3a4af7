"""A line is weighed by the words a question asks, written as the line writes them: "fine tuning" asked is
the line's one hyphenated word "Fine-Tuning" (a lesson table row, a title)."""

from __future__ import annotations

from rag.answer_lines import score_lines
from rag.models import Passage


def test_two_words_asked_weigh_a_line_that_hyphenates_them():
    lessons = Passage(chunk_id="l", source="x.md", title="T", section="Lessons", score=0.5,
                      text="| 17 | Glaze Chemistry | Learn: fluxes and silica |\n| 18 | Fine-Tuning Kilns | Learn: how to fine-tune a kiln |")
    intro = Passage(chunk_id="i", source="x.md", title="T", section="Getting Started", score=0.5,
                    text="This course is 18 lessons, each on its own topic.")
    best = score_lines("does the course cover fine tuning?", "does the course cover fine tuning?", [intro, lessons], {})[0]
    assert "Fine-Tuning Kilns" in best.text
