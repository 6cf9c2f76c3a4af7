"""The answer object of the design brief, exactly, and the grounding guarantees behind it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = [
    "What should I learn after PyTorch?",
    "Compare NLP & LLMs with computer vision",
    "Resources for SQL?",
    "What does a Gen AI engineer do?",
    "What's the capital of Peru?",
]
KEYS = {"question", "answer", "answerable", "intent", "citations", "resources", "backend", "model", "timings_ms"}


def corpus_urls() -> set[str]:
    urls = {r["url"] for r in yaml.safe_load((ROOT / "corpus/resources.yaml").read_text())["resources"] if r.get("url")}
    for path in (ROOT / "corpus").glob("*.md"):
        urls |= set(re.findall(r"\]\((https?://[^)\s]+)\)", path.read_text(encoding="utf-8")))
    return urls


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_marker_names_a_retrieved_citation_and_every_url_is_in_the_corpus(advisor, question):
    answer = advisor.answer(question)
    data = answer.to_contract()
    assert KEYS <= set(data) and set(data) - KEYS <= {"suggestions", "grounding", "notice"}
    assert set(data["timings_ms"]) == {"retrieve", "generate", "total"}
    ids = {c["id"] for c in data["citations"]}
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", data["answer"])}
    assert markers == ids  # every marker names a citation, and every citation is used
    assert [c["id"] for c in data["citations"]] == list(range(1, len(ids) + 1))
    retrieved = {p.chunk_id for p in answer.retrieved}
    for citation in data["citations"]:
        assert citation["chunk_id"] in retrieved
        assert set(citation) == {"id", "chunk_id", "source", "title", "section", "url", "text", "score"}
    known = corpus_urls()
    for resource in data["resources"]:
        assert resource["url"] in known and resource["citation"] in ids
    for url in re.findall(r"https?://[^\s)\]]+", data["answer"]):
        assert url in known, url


def test_extractive_answers_are_deterministic(advisor, corpus_index):
    from rag.advisor import Advisor
    from rag.settings import get_settings

    fresh = Advisor(get_settings(db_dir=corpus_index))
    for question in QUESTIONS:
        first, second, third = advisor.answer(question), advisor.answer(question), fresh.answer(question)
        strip = lambda a: {k: v for k, v in a.to_contract().items() if k != "timings_ms"}  # noqa: E731
        assert strip(first) == strip(second) == strip(third)


def test_cli_ask_json_prints_the_contract(corpus_index, tmp_path):
    history = tmp_path / "history.json"
    history.write_text(json.dumps([{"role": "user", "content": "Tell me about the NLP & LLMs option"}]))
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "ask", "How does computer vision compare?", "--history", str(history),
         "--db", str(corpus_index), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = [l for l in result.stdout.splitlines() if l.strip()]
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert KEYS <= set(data) and data["intent"] == "compare"
    sections = " ".join(c["section"] for c in data["citations"])
    assert "Option A: NLP & LLMs" in sections and "Option B: Computer Vision" in sections


def test_cli_errors_are_actionable(tmp_path, corpus_index):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)

    missing = run("ask", "What next?", "--db", str(tmp_path / "none"))
    assert missing.returncode == 1 and f"advisor ingest --db {tmp_path / 'none'}" in missing.stderr
    empty = run("ask", "   ", "--db", str(corpus_index))
    assert empty.returncode == 2 and "empty" in empty.stderr
    huge = run("ask", "x" * 5000, "--db", str(corpus_index))
    assert huge.returncode == 2 and "limit is 2,000" in huge.stderr
    unknown = run("ask", "hi", "--backend", "gpt9")
    assert unknown.returncode == 2 and "invalid choice" in unknown.stderr
