"""`advisor plan` end to end on the corpus index: the issue's request, its files, and its errors."""

from __future__ import annotations

import datetime as dt
import json
import re

from icalendar import Calendar

from app.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["plan", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_issues_request_gives_an_ordered_cited_plan_within_budget_and_a_valid_calendar(corpus_index, tmp_path, capsys):
    ics, markdown = tmp_path / "plan.ics", tmp_path / "plan.md"
    code, out, err = run(capsys, "--goal", "generative AI engineer", "--know", "python,sql,git", "--hours-per-week", "10",
                         "--weeks", "12", "--json", "--db", str(corpus_index), "--ics", str(ics),
                         "--markdown", str(markdown), "--start", "2027-01-04")
    assert code == 0, err
    plan = json.loads(out)
    assert set(plan) == {"roadmap", "source", "goal", "hours_per_week", "weeks", "known", "order", "skipped", "items",
                         "later", "whole", "guide", "citations", "answer"}
    assert plan["order"] == "stages"
    assert set(plan["items"][0]) == {"stage", "index", "start_week", "end_week", "hours", "of_hours", "estimate", "learn",
                                     "learn_citations", "resources", "citation"}
    assert set(plan["citations"][0]) == {"id", "chunk_id", "source", "title", "section", "url", "text", "score"}
    assert {"Step 1: Programming Fundamentals", "Step 2: Learn GitHub", "Step 3: SQL"} <= {s["stage"] for s in plan["skipped"]}
    assert [i["index"] for i in plan["items"]] == sorted(i["index"] for i in plan["items"])
    assert sum(i["hours"] for i in plan["items"]) <= 120
    ids = {c["id"] for c in plan["citations"]}
    assert all(i["citation"] in ids and set(i["learn_citations"]) <= ids for i in plan["items"])
    assert {int(n) for n in re.findall(r"\[(\d+)\]", plan["answer"])} <= ids
    assert all(i["estimate"]["kind"] in {"roadmap", "default"} for i in plan["items"])
    assert all(set(i["estimate"]) >= {"kind", "text", "paced"} for i in plan["items"])
    events = list(Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert [str(e["SUMMARY"]).split(" (Week")[0] for e in events] == [i["stage"] for i in plan["items"]]
    assert events[0].decoded("DTSTART") == dt.date(2027, 1, 4)
    text = markdown.read_text(encoding="utf-8")
    assert text.startswith("# Learning plan: generative AI engineer") and "## Sources" in text
    assert "(2027-01-04 to " in text


def test_the_plain_output_shows_the_plan_and_its_sources(corpus_index, capsys):
    code, out, _ = run(capsys, "--goal", "gen ai engineer", "--done", "Step 1,Step 2", "--db", str(corpus_index))
    assert code == 0
    assert "Step 3: SQL" in out and "Sources" in out and "marked this stage as done" in out


def test_bad_input_gets_one_actionable_line_and_no_traceback(corpus_index, tmp_path, capsys):
    code, _, err = run(capsys, "--goal", "marine biologist", "--db", str(corpus_index))
    assert code == 2 and err.startswith("error: No roadmap in the index matches the goal") and "--roadmap" in err
    code, _, err = run(capsys, "--goal", "gen ai engineer", "--done", "Step 42", "--db", str(corpus_index))
    assert code == 2 and "names no stage of this roadmap" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "--goal", "gen ai", "--db", str(corpus_index), "--ics", str(tmp_path / "no" / "such" / "x.ics"))
    assert code == 2 and err.startswith("error: Cannot write") and "Traceback" not in err
    code, _, err = run(capsys, "--goal", "gen ai", "--db", str(tmp_path / "empty"))
    assert code == 1 and "advisor ingest" in err and "--rebuild" not in err


def test_out_of_range_numbers_and_dates_are_refused_by_the_parser(capsys):
    import pytest

    for args in (["--hours-per-week", "0"], ["--weeks", "many"], ["--start", "next monday"]):
        with pytest.raises(SystemExit) as stop:
            main(["plan", "--goal", "x", *args])
        assert stop.value.code == 2
        assert "error:" in capsys.readouterr().err
