"""The runner, the reports and `advisor eval` end to end, on a few questions of the real dataset."""

from __future__ import annotations

import argparse
import json

import pytest

from evals.dataset import EvalItem, load_datasets
from evals.metrics import SUMMARY_KEYS
from evals.runner import run_eval, run_system, score_answer
from rag.models import Answer, Citation, Passage

SAMPLE_IDS = ["after-sql", "fu-after-dl-resources", "oos-cooking", "inj-ignore-previous"]


@pytest.fixture
def sample(tmp_path):
    items = [i for i in load_datasets() if i.id in SAMPLE_IDS]
    path = tmp_path / "sample.jsonl"
    path.write_text("".join(i.model_dump_json() + "\n" for i in items), encoding="utf-8")
    return items, path


def test_run_scores_ours_and_the_baseline(advisor, sample):
    items, _ = sample
    run = run_eval(advisor, items)
    summary = run.summary()
    assert summary["questions"] == 4 and summary["backend"] == "extractive"
    assert set(summary["metrics"]) == {"ours", "baseline"}
    for system in ("ours", "baseline"):
        assert set(summary["metrics"][system]) == set(SUMMARY_KEYS)
    by_id = {r.item.id: r for r in run.ours.results}
    assert by_id["oos-cooking"].metrics["citation_recall"] is None  # unanswerable: recall does not apply
    assert by_id["oos-cooking"].metrics["answerability_accuracy"] == 1.0
    base = {r.item.id: r for r in run.baseline.results}
    assert base["oos-cooking"].answer.answerable is True and base["oos-cooking"].metrics["answerability_accuracy"] == 0.0
    assert all(r.latency_ms > 0 for r in run.ours.results)
    assert set(run.ours.by_kind()) == {"next-step", "follow-up", "out-of-scope", "injection"}


class Fabricator:
    """A system that makes things up and cites passages it never retrieved."""

    name = "fabricator"

    def answer(self, question, history=None):
        real = Passage(chunk_id="p1", source="s", title="T", section="Step 3: SQL > What to Learn?", text="- Joins, subqueries.")
        fake = Citation(id=2, chunk_id="never-retrieved", source="s", title="T", section="Step 4: Mathematics", text="x", score=0.1)
        return Answer(
            question=question, answerable=True, intent="fact", retrieved=[real],
            answer="Quantum cooking is the next step [1]. Then learn knitting for 12 weeks [2]. Also juggling [7].",
            citations=[Citation(id=1, chunk_id="p1", source="s", title="T", section=real.section, text=real.text, score=0.9), fake],
        )


def test_metrics_fail_a_system_that_makes_things_up(advisor):
    item = next(i for i in load_datasets() if i.id == "after-sql")
    run = run_system(Fabricator(), [item], advisor.embedder, replay_history=False)
    m = run.results[0].metrics
    assert m["groundedness"] == 0.0 and m["citation_precision"] == 0.0
    assert m["marker_validity"] == pytest.approx(1 / 3, abs=1e-3)  # only [1] names a retrieved passage
    problems = "\n".join(run.results[0].problems)
    assert "unsupported claim [1]" in problems and "invalid markers [2, 7]" in problems
    assert m["keypoint_recall"] == 0.0 and m["retrieval_recall_at_k"] == 0.0


def test_score_answer_of_a_refusal(advisor):
    item = EvalItem(id="x", kind="fact", turns=["q"], cite=[["Step 4"]], mention=[["math"]], answerable=True)
    refusal = Answer(question="q", answer="I can't answer that from the roadmaps.", answerable=False, intent="out_of_scope")
    metrics, checks, _, problems = score_answer(item, refusal, advisor.embedder)
    assert checks == [] and metrics["groundedness"] is None and metrics["citation_precision"] is None
    assert metrics["citation_recall"] == 0.0 and metrics["answerability_accuracy"] == 0.0
    assert problems[0].startswith("expected an answer but refused")


def test_advisor_eval_command_writes_everything(advisor, sample, tmp_path, capsys, corpus_index):
    from evals.cli import run

    _, path = sample
    args = argparse.Namespace(dataset=[str(path)], db=str(corpus_index), backend=None, output=str(tmp_path / "out" / "answers.jsonl"),
                              report=str(tmp_path / "out" / "report.md"), no_baseline=False, judge=False, json=True)
    assert run(args) == 0
    summary = json.loads(capsys.readouterr().out)
    assert list(summary) == ["questions", "backend", "metrics", "datasets"] and summary["questions"] == 4
    assert list(summary["metrics"]["ours"]) == list(SUMMARY_KEYS)
    assert list(summary["metrics"]["baseline"]) == list(SUMMARY_KEYS)
    sample = summary["datasets"]["sample"]  # no corpus declared beside it: answered from --db
    assert sample["corpus"] is None and sample["index"] == str(corpus_index) and sample["gated"]
    assert list(sample["splits"]) == ["all"] and sample["splits"]["all"]["metrics"] == summary["metrics"]

    lines = [json.loads(line) for line in (tmp_path / "out" / "answers.jsonl").read_text().splitlines()]
    assert [line["id"] for line in lines] == [i for i in [*load_ids(path)]]
    for line in lines:
        assert {"question", "answer", "answerable", "intent", "citations", "resources", "backend", "model", "timings_ms"} <= set(line)
        assert "groundedness" in line["metrics"] and "baseline" in line and line["dataset"] == "sample"

    report = (tmp_path / "out" / "report.md").read_text()
    assert "![sample: ours vs baseline](report-sample.png)" in report
    for heading in ("## Datasets and splits", "## Gate", "## Dataset `sample`", "### Per kind",
                    "### The five worst questions", "## Method"):
        assert heading in report
    assert report.count("\n#### ") == 4  # five worst, of four questions
    assert (tmp_path / "out" / "report-sample.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    from rag.settings import get_settings

    latest = json.loads((get_settings().state_dir / "reports" / "latest-summary.json").read_text())
    assert latest["metrics"] == summary["metrics"] and "generated_at" in latest and "passed" in latest["gate"]
    assert latest["datasets"] == summary["datasets"] and "report_only" in latest["gate"]


def load_ids(path):
    return [json.loads(line)["id"] for line in path.read_text().splitlines()]


def test_advisor_eval_from_the_command_line_without_baseline(advisor, sample, capsys, corpus_index):
    from app.cli import main

    _, path = sample
    assert main(["eval", "--dataset", str(path), "--db", str(corpus_index), "--no-baseline", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert list(summary["metrics"]) == ["ours"]


def test_advisor_eval_console_table(advisor, sample, capsys, corpus_index):
    from app.cli import main

    _, path = sample
    assert main(["eval", "--dataset", str(path), "--db", str(corpus_index), "--no-baseline"]) == 0
    out = capsys.readouterr().out
    assert "Grounding eval: 4 questions" in out and "Gate:" in out and "Worst questions: sample" in out


def test_bad_dataset_is_a_user_error(advisor, tmp_path, capsys, corpus_index):
    from app.cli import main

    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n")
    assert main(["eval", "--dataset", str(bad), "--db", str(corpus_index)]) == 2
    assert f"{bad}:1: not valid JSON" in capsys.readouterr().err


def test_judge_without_endpoint_is_a_user_error(advisor, sample, capsys, corpus_index):
    from app.cli import main

    _, path = sample
    assert main(["eval", "--dataset", str(path), "--db", str(corpus_index), "--judge"]) == 1
    assert "OPENAI_BASE_URL" in capsys.readouterr().err


def test_score_answer_says_what_the_search_found_first_and_how_much_of_it_the_answer_cites(advisor):
    from rag.models import Citation, Passage

    found = Passage(chunk_id="a", source="s", title="t", section="Step 4: Math", text="linear algebra")
    other = Passage(chunk_id="b", source="s", title="t", section="Step 9: Projects", text="build things")
    item = EvalItem(id="x", kind="fact", turns=["q"], cite=[["Step 4"], ["Step 9"]], answerable=True)
    cited = Citation(id=1, chunk_id="b", source="s", title="t", section=other.section, text=other.text, score=0.5)
    answer = Answer(question="q", answer="Build things [1].", answerable=True, intent="fact", citations=[cited])
    answer.retrieved = answer.searched = [found, other]
    metrics, _, _, problems = score_answer(item, answer, advisor.embedder)
    assert metrics["search_recall_at_4"] == 1.0 and metrics["search_cited_at_4"] == 0.5
    assert metrics["search_topic_recall_at_4"] == 1.0  # a fact question: every group is the search's to find
    assert metrics["citation_recall"] == 0.5 and "cite group ['Step 4'] was retrieved but not cited" in problems
    following = item.model_copy(update={"kind": "next-step", "turns": ["what comes after step 4?"], "cite": [["Step 4"], ["Step 5"]]})
    metrics, _, _, _ = score_answer(following, answer.model_copy(update={"intent": "next_step"}), advisor.embedder)
    assert metrics["search_recall_at_4"] == 0.5 and metrics["search_topic_recall_at_4"] == 1.0  # Step 5 is structural
