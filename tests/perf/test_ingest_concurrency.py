"""Ingest and answers at the same time: readers never fail, writers are serialised, the final state
is consistent; on the embedded index (one machine, several processes) and on a `chroma run` server."""

from __future__ import annotations

import collections
import shutil
import threading
import time
from pathlib import Path

import pytest

from evals.bench.common import QUESTIONS
from rag.settings import get_settings
from tests.perf.conftest import (ASK_WORKER, SYNC_WORKER, change_corpus, child_env, json_lines,
                                 start_python)

pytestmark = pytest.mark.slow
READER_THREADS = 3


def answer_all(advisor, questions, errors: collections.Counter) -> int:
    done = 0
    for question in questions:
        try:
            advisor.answer(question)
        except Exception as exc:
            errors[f"{exc.__class__.__name__}: {str(exc)[:160]}"] += 1
        done += 1
    return done


def test_an_embedded_reader_survives_an_ingest_by_another_process(workspace):
    from rag.advisor import Advisor
    from rag.store import IndexStore

    settings = get_settings(db_dir=workspace / "index", state_dir=workspace / "state")
    reader = Advisor(settings)
    reader.answer(QUESTIONS[0])
    change_corpus(workspace / "corpus")
    writer = start_python(SYNC_WORKER, "corpus", str(workspace / "index"), str(workspace / "state"), "real",
                          cwd=workspace, env=child_env())
    # Three threads share the reader, as the sessions of one Streamlit app do: one of them triggers
    # the reload while the others are mid-answer.
    per_thread = [collections.Counter() for _ in range(READER_THREADS)]
    answered = [0] * READER_THREADS
    deadline = time.monotonic() + 240

    def keep_answering(n: int) -> None:
        while writer.poll() is None and time.monotonic() < deadline:
            answered[n] += answer_all(reader, QUESTIONS, per_thread[n])

    threads = [threading.Thread(target=keep_answering, args=(n,)) for n in range(READER_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    during, after = sum(per_thread, collections.Counter()), collections.Counter()
    answered = sum(answered)
    out, err = writer.communicate(timeout=60)
    done = [line for line in json_lines(out) if line.get("event") == "done"]
    if writer.returncode != 0 or not done:
        pytest.fail(f"the writer failed ({writer.returncode}): {err[-2000:]}")
    report = done[0]["report"]
    if not (report["documents"] == 3 and report["added"] == 1 and report["updated"] >= 1):
        pytest.fail(f"unexpected writer report {report}")

    # The final state is consistent: a process that opens the index afresh sees all of the write.
    fresh_copy = workspace / "index-after"
    shutil.copytree(workspace / "index", fresh_copy, ignore=shutil.ignore_patterns("*.lock"))
    fresh_settings = get_settings(db_dir=fresh_copy, state_dir=workspace / "state")
    store = IndexStore(fresh_settings).open_for_read()
    texts = store.chunks.get(where={"source": "corpus/genai-engineer-roadmap.md"}, include=["documents"])["documents"]
    changed = any("LangKettle" in t for t in texts) and not any("LangChain" in t for t in texts)
    if store.chunks.count() != report["chunks"] or not changed:
        pytest.fail("the index after the write is not what the writer reported")
    rust = Advisor(fresh_settings).answer("What should I learn after Rust?")
    if not any(c.title == "Systems Programming Roadmap" for c in rust.citations):
        pytest.fail(f"a fresh reader does not see the new roadmap: {rust.answer[:300]}")

    # The reader that was open all along keeps answering: it reloads on the new index generation.
    answer_all(reader, QUESTIONS + ["What is LangChain?", "Resources for LangChain", "What comes after Step 10?"],
               after)
    assert not during and not after, {"answered_during_write": answered, "during": dict(during),
                                      "after": dict(after)}


def test_two_concurrent_syncs_are_serialised_by_the_lock_and_end_consistent(tmp_path):
    from evals.bench.synthetic import write_corpus
    from rag.store import IndexStore

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3000, steps=10)  # ~6 roadmaps, ~3,000 passages: a few seconds of writing
    db, state = tmp_path / "index", tmp_path / "state"
    workers = [start_python(SYNC_WORKER, str(corpus), str(db), str(state), "synthetic", cwd=tmp_path,
                            env=child_env()) for _ in range(2)]
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err[-2000:]
        results.append(next(line for line in json_lines(out) if line.get("event") == "done"))

    first, second = sorted(results, key=lambda r: r["returned"])
    assert first["report"]["embedded"] == first["report"]["chunks"] > 2500
    assert second["report"]["embedded"] == 0 and second["report"]["unchanged"] == first["report"]["added"]
    # The second was called while the first was writing and returned only after it: it waited.
    assert second["called"] < first["returned"] <= second["returned"]
    waited = (second["returned"] - second["called"]) - second["report"]["seconds"]
    assert waited > 0.5 * first["report"]["seconds"], (waited, first["report"]["seconds"])

    store = IndexStore(get_settings(db_dir=db, state_dir=state)).open_for_read()
    manifest = store.manifest()
    ids = set(store.chunks.get(include=[])["ids"])
    assert len(manifest) == len(list(corpus.glob("*.md")))
    assert ids == {cid for entry in manifest.values() for cid in entry.chunk_ids}
    assert len(ids) == first["report"]["chunks"]


@pytest.mark.server
def test_server_clients_keep_answering_while_another_process_ingests(workspace, advisor):
    """3 client processes ask 20 questions each, over and over, against `chroma run` while a 4th
    process adds a roadmap; then each asks them once more. No client ever fails, and every answer
    is the answer of the index before the write or of the index after it (no torn state)."""
    import json

    from rag.advisor import Advisor
    from tests.chroma_server import chroma_server

    questions = QUESTIONS[:20]
    data = workspace / "server-data"
    shutil.move(workspace / "index", data)
    change_corpus(workspace / "corpus", deletions=False)
    stop = workspace / "stop-asking"

    def fingerprint(answer) -> tuple:
        return answer.answer, [c.chunk_id for c in answer.citations]

    with chroma_server(data) as (port, _server):
        settings = get_settings(chroma_host="127.0.0.1", chroma_port=port, state_dir=workspace / "state")
        before = {q: fingerprint(Advisor(settings).answer(q)) for q in questions}
        env = child_env(ADVISOR_CHROMA_HOST="127.0.0.1", ADVISOR_CHROMA_PORT=str(port),
                        ADVISOR_STATE_DIR=str(workspace / "state"))
        clients = [start_python(ASK_WORKER, json.dumps(questions[n:] + questions[:n]), str(stop), cwd=workspace,
                                env=env) for n in (0, 7, 14)]
        writer = start_python(SYNC_WORKER, "corpus", str(workspace / "unused"), str(workspace / "state"), "real",
                              cwd=workspace, env=env)
        w_out, w_err = writer.communicate(timeout=400)
        stop.touch()
        outputs = [client.communicate(timeout=400) for client in clients]

        assert writer.returncode == 0, w_err[-2000:]
        report = next(line for line in json_lines(w_out) if line.get("event") == "done")["report"]
        assert report["added"] == 1 and report["removed"] == 0 and report["documents"] == 3
        fresh = Advisor(settings)
        after = {q: fingerprint(fresh.answer(q)) for q in questions}
        rust = fresh.answer("What should I learn after Rust?")
        assert any(c.title == "Systems Programming Roadmap" for c in rust.citations)
        assert fresh.store.chunks.count() == report["chunks"]

    torn, phases = [], collections.Counter()
    for client, (out, err) in zip(clients, outputs):
        assert client.returncode == 0, err[-2000:]
        lines = [line for line in json_lines(out) if "q" in line]
        errors = [line for line in lines if "error" in line]
        assert not errors, errors[:3]
        assert sum(line["phase"] == "after" for line in lines) == len(questions)
        for line in lines:
            phases[line["phase"]] += 1
            if (line["answer"], line["cites"]) not in (before[line["q"]], after[line["q"]]):
                torn.append((line["phase"], line["q"]))
    assert not torn, f"{len(torn)} of {sum(phases.values())} answers match neither index state: {torn[:4]}"
