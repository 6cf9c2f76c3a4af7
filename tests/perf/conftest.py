"""Helpers for the concurrency tests: a private copy of the session index and a changed corpus laid
out so that its source keys match the index's (`corpus/...` relative to the working directory)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

EXTRA_ROADMAP = (
    "# Systems Programming Roadmap\n"
    "## Step 1: Rust\n- Ownership, borrowing and lifetimes\n- Cargo and crates\n"
    "## Step 2: WebAssembly\n- wasm runtimes and WASI\n"
)

# Runs `ingest.pipeline.sync` in a child process; prints one JSON line with timings and the report.
# argv: corpus dir, db dir, state dir, "synthetic" | "real". With "synthetic" the embedder is
# evals.bench.synthetic.SyntheticEmbedder (the lock and the store do not care what vectors mean).
SYNC_WORKER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    if sys.argv[4] == "synthetic":
        import rag.embeddings
        from evals.bench.synthetic import SyntheticEmbedder
        rag.embeddings.Embedder = SyntheticEmbedder
    from ingest.pipeline import sync
    from rag.settings import get_settings
    settings = get_settings(db_dir=sys.argv[2], state_dir=sys.argv[3])
    print(json.dumps({"event": "ready", "t": time.time()}), flush=True)
    called = time.time()
    report = sync([Path(sys.argv[1])], settings)
    print(json.dumps({"event": "done", "called": called, "returned": time.time(), "report": report.to_json()}),
          flush=True)
    """
)

# Answers the questions of argv[1] (a JSON list) over and over with the Advisor the environment
# configures, until the file argv[2] exists; then once more. One JSON line per answer (its
# fingerprint, or the error), tagged with the phase: "during" the other process's write, or "after".
ASK_WORKER = textwrap.dedent(
    """
    import json, os, sys
    from rag.advisor import get_advisor
    questions, stop = json.loads(sys.argv[1]), sys.argv[2]
    advisor = get_advisor()

    def ask(question, phase):
        try:
            a = advisor.answer(question)
            line = {"q": question, "phase": phase, "answer": a.answer, "cites": [c.chunk_id for c in a.citations],
                    "titles": [c.title for c in a.citations]}
        except Exception as exc:
            line = {"q": question, "phase": phase, "error": f"{exc.__class__.__name__}: {exc}"}
        print(json.dumps(line), flush=True)

    print(json.dumps({"event": "ready"}), flush=True)
    while not os.path.exists(stop):
        for question in questions:
            ask(question, "during")
    for question in questions:
        ask(question, "after")
    """
)


def child_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env.update(HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false", ANONYMIZED_TELEMETRY="False",
               PYTHONPATH=str(ROOT), **extra)
    return env


def start_python(script: str, *args: str, cwd: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *args], cwd=cwd, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


@pytest.fixture
def workspace(corpus_index, tmp_path) -> Path:
    """tmp/index (a copy of the session index) and tmp/corpus (a copy of the corpus): run a child
    from tmp and its source keys are corpus/..., the same as the index's."""
    shutil.copytree(corpus_index, tmp_path / "index", ignore=shutil.ignore_patterns("*.lock", "state"))
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    return tmp_path


def change_corpus(corpus: Path, *, deletions: bool = True) -> None:
    """Add a roadmap; with deletions, also rewrite part of one (its old passages are removed)."""
    (corpus / "systems-programming.md").write_text(EXTRA_ROADMAP, encoding="utf-8")
    if deletions:
        path = corpus / "genai-engineer-roadmap.md"
        path.write_text(path.read_text(encoding="utf-8").replace("LangChain", "LangKettle"), encoding="utf-8")
