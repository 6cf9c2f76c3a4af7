"""`advisor ask` and `advisor eval` with the language-model backends, end to end in a fresh process."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from tests.rag.backends.servers import needs_llama

pytestmark = [pytest.mark.slow]
SMALL = {"ADVISOR_CONTEXT_TOKENS": "1280", "ADVISOR_ANSWER_TOKENS": "128", "ADVISOR_DEADLINE_S": "240",
         "ADVISOR_REQUEST_TIMEOUT_S": "120"}


def advisor(*args: str, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app.cli", *args], env=env, capture_output=True, text=True,
                          timeout=timeout)


def base_env(corpus_index, **extra) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"ADVISOR_DB_DIR": str(corpus_index), "HF_HUB_OFFLINE": "1", **SMALL, **extra})
    return env


def assert_contract(data: dict) -> None:
    ids = {c["id"] for c in data["citations"]}
    assert {int(n) for n in re.findall(r"\[(\d+)\](?!\()", data["answer"])} <= ids
    assert all(r["citation"] in ids for r in data["resources"])
    assert set(data["timings_ms"]) >= {"retrieve", "generate", "total"}


def test_ask_with_the_openai_backend(corpus_index, llama_server):
    env = base_env(corpus_index, OPENAI_API_KEY=llama_server.api_key, OPENAI_BASE_URL=llama_server.base_url,
                   ADVISOR_OPENAI_MODEL="smollm2")
    result = advisor("ask", "--backend", "openai", "--json", "What should I learn after PyTorch?", env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert_contract(data)
    assert data["citations"] and "grounding" in data
    if data["backend"] == "openai":
        assert data["model"] == "smollm2"
    else:
        assert data["backend"] == "extractive" and "no statement supported" in data["notice"]


@needs_llama
def test_ask_with_the_local_backend(corpus_index):
    result = advisor("ask", "--backend", "local", "--json", "Resources for NLP?", env=base_env(corpus_index))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert_contract(data)
    assert data["intent"] == "resources" and data["backend"] in {"local", "extractive"}


def test_ask_without_a_key_says_what_to_do(corpus_index):
    env = base_env(corpus_index)
    env.pop("OPENAI_API_KEY", None)
    result = advisor("ask", "--backend", "openai", "What should I learn after PyTorch?", env=env)
    assert result.returncode == 1
    assert "error: The openai backend needs an API key" in result.stderr
    assert "OPENAI_API_KEY" in result.stderr and "--backend extractive" in result.stderr
    assert "Traceback" not in result.stderr


def test_eval_runs_through_the_openai_backend(corpus_index, llama_server, tmp_path):
    pytest.importorskip("evals.cli")
    dataset = tmp_path / "tiny.jsonl"
    dataset.write_text(
        json.dumps({"id": "after-pytorch", "kind": "next-step", "turns": ["What should I learn after PyTorch?"],
                    "cite": [["Step 7", "Natural Language Processing"]], "mention": [["NLP", "natural language"]],
                    "answerable": True}) + "\n"
        + json.dumps({"id": "pizza", "kind": "out-of-scope", "turns": ["What is the best pizza in Naples?"],
                      "cite": [], "mention": [], "answerable": False}) + "\n",
        encoding="utf-8",
    )
    env = base_env(corpus_index, OPENAI_API_KEY=llama_server.api_key, OPENAI_BASE_URL=llama_server.base_url,
                   ADVISOR_OPENAI_MODEL="smollm2", ADVISOR_STATE_DIR=str(tmp_path / "state"))
    output = tmp_path / "answers.jsonl"
    result = advisor("eval", "--dataset", str(dataset), "--backend", "openai", "--no-baseline", "--json",
                     "--output", str(output), env=env)
    assert result.returncode == 0, result.stderr
    json.loads(result.stdout.strip().splitlines()[-1])  # the summary object
    answers = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(answers) == 2
    assert {a["backend"] for a in answers} <= {"openai", "extractive"}
    for answer in answers:
        assert_contract(answer)
