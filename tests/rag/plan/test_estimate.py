"""Hours per stage: the roadmap's estimate, found in the passage that states it, or our default."""

from __future__ import annotations

from rag.models import Passage, Stage, StageEstimate
from rag.plan.estimate import default_hours, stage_hours


def passage(section: str, text: str) -> Passage:
    return Passage(chunk_id=section, source="s", title="t", section=section, text=text, stage_index=0)


def test_a_course_table_rows_estimate_is_cited_from_the_row_that_gives_it():
    row = passage("Core CS > Intro to CS", "Courses: Intro to CS\nDuration: 14 weeks\nEffort: 6-10 hours/week")
    stage = Stage(index=0, title="Intro to CS", estimate=StageEstimate(
        text="14 weeks, 6-10 hours/week", hours_low=84, hours_high=140, section="elsewhere"))
    hours = stage_hours(stage, 0, [passage("Core CS > Other", "Duration: 14 weeks"), row])
    assert (hours.kind, hours.hours, hours.passage) == ("roadmap", 112, row)


def test_an_estimate_no_passage_states_or_without_hours_falls_back_to_ours():
    unstated = Stage(index=0, title="x", estimate=StageEstimate(text="3 weeks (5 hours/week)", hours_low=15,
                                                                  hours_high=15))
    assert stage_hours(unstated, 2, [passage("x", "nothing about time")]).kind == "default"
    no_hours = Stage(index=0, title="x", estimate=StageEstimate(text="a few weeks", section="x"))
    assert stage_hours(no_hours, 2, [passage("x", "a few weeks")]).kind == "default"


def test_our_default_scales_with_what_a_stage_lists_within_bounds():
    assert [default_hours(n) for n in (0, 1, 3, 6, 20)] == [10, 10, 15, 30, 30]
    ours = stage_hours(Stage(index=0, title="x"), 3, [])
    assert ours.text.startswith("our estimate: 15 hours") and ours.passage is None


def test_a_length_without_hours_is_said_in_rounded_weeks_and_only_a_range_has_a_middle():
    def note(text: str) -> str:
        stage = Stage(index=0, title="x", estimate=StageEstimate(text=text, section="x"))
        return stage_hours(stage, 2, [passage("x", text)], per_week=10).note

    months = note("2-3 months")  # 2.5 months is 10.833... weeks
    assert "its middle, about 10.8 weeks" in months and "10.83" not in months
    single = note("3 days")
    assert "its middle" not in single and "about 3 days" in single and "0.42" not in single
    exact = note("4 weeks")
    assert "takes it, 4 weeks" in exact


def test_a_length_without_hours_is_taken_at_the_learners_pace_from_a_table_row_as_from_a_heading():
    """One rule: "Stage 1: Maths (3 weeks)" and a row "| Stage 1 | 3 weeks |" plan the same hours; a
    row or heading giving two lengths (full-time and part-time) is quoted with our estimate."""
    stage = Stage(index=0, title="Stage 1: Maths", label="Stage 1", group="steps")
    own = Passage(chunk_id="s", source="s", title="t", section="Stage 1: Maths", text="- Vectors", stage_index=0)

    def table(*cells: str) -> Passage:
        header = "| Stage | " + " | ".join(c.split(":")[0] for c in cells) + " |"
        rule = "|---" * (len(cells) + 1) + "|"
        row = "| Stage 1 | " + " | ".join(c.split(":")[1] for c in cells) + " |"
        return Passage(chunk_id="o", source="s", title="t", section="Overview", text="\n".join([header, rule, row]))

    headed = stage.model_copy(update={"estimate": StageEstimate(text="3 weeks", section="Stage 1: Maths")})
    from_heading = stage_hours(headed, 2, [passage("Stage 1: Maths", "Stage 1: Maths (3 weeks)")], [], per_week=6)
    from_row = stage_hours(stage, 2, [own], [table("Duration: 3 weeks")], per_week=6)
    assert (from_heading.kind, from_heading.hours) == (from_row.kind, from_row.hours) == ("roadmap", 18)
    assert from_row.passage.chunk_id == "o" and "takes it, 3 weeks, at your 6 hours a week" in from_row.note
    two = stage_hours(stage, 2, [own], [table("Full-Time: 2-3 months", "Part-Time: 4-6 months")], per_week=6)
    assert (two.kind, two.hours, two.passage.chunk_id) == ("default", 10, "o") and "2-3 months" in two.text
