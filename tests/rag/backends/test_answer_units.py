"""An LLM answer's units, as the citation checker drops them: a sentence goes from its line, a table
cell becomes "not stated" (the table keeps its shape), and a heading left with nothing under it goes."""

from __future__ import annotations

from rag.backends.answer_units import NOT_STATED, drop_units, split_units, tidy


def test_a_dropped_sentence_leaves_its_line_and_a_dropped_cell_leaves_the_table_whole():
    text = ("Learn SQL first [1]. Then pandas [2].\n\n"
            "| | **NLP** | **CV** |\n|---|---|---|\n| What to learn | Transformers [1] | Made up [3] |")
    units = split_units(text)
    bad = {i for i, u in enumerate(units) if "Then pandas" in u.text or "Made up" in u.text}
    kept, dropped = drop_units(text, bad)
    assert dropped == ["Then pandas.", "Made up"]
    assert "Learn SQL first [1]." in kept and "pandas" not in kept
    assert f"| What to learn | Transformers [1] | {NOT_STATED} |" in kept
    assert "|---|---|---|" in kept


def test_a_heading_with_nothing_left_under_it_goes_with_its_empty_bullets():
    assert tidy("## Resources\n- \n\n## Next\n- Learn SQL [1]") == "## Next\n- Learn SQL [1]"
