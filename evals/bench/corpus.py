"""The bench's in-process figures on the real corpus: ingest against the bare encoder, the no-op
re-sync, warm retrieval and answers."""

from __future__ import annotations

import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

from evals.bench.common import QUESTIONS, log, percentiles

INGEST_ROUNDS = 3
ANSWER_PASSES = 3


@contextmanager
def timed_calls(owner, name: str, sink: list[float]):
    """Temporarily wrap owner.name so each call's wall time is appended to sink."""
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            sink.append(time.perf_counter() - started)

    setattr(owner, name, wrapper)
    try:
        yield sink
    finally:
        setattr(owner, name, original)


def measure_ingest(corpus: Path, workdir: Path) -> tuple[dict, Path]:
    """Full ingest vs the bare encoder, alternated INGEST_ROUNDS times; the median round's ratio."""
    import torch

    from ingest.pipeline import sync
    from rag.embeddings import Embedder
    from rag.settings import get_settings
    from rag.stores import open_store

    threads = max(1, os.cpu_count() or 1)  # what ingest.pipeline gives the encoder
    settings = get_settings(db_dir=workdir / "warmup", state_dir=workdir / "state")
    embedder = Embedder(settings, threads=threads)
    started = time.perf_counter()
    embedder.embed_documents(["warm up the model"])
    model_load_s = time.perf_counter() - started
    embedder.set_threads(threads)

    # Warm every import and code path, and the encoder on these very texts (oneDNN prepares a
    # kernel per new input shape), with one full ingest outside the timings; it also gives the texts.
    sync([corpus], settings)
    store = open_store(settings)
    texts = store.open_for_read().documents()
    embedder.embed_documents(texts)

    ingest_runs, encode_runs, parts = [], [], []
    report = None
    db = workdir / "ingest-0"
    for round_ in range(INGEST_ROUNDS):
        db = workdir / f"ingest-{round_}"
        shutil.rmtree(db, ignore_errors=True)
        round_settings = get_settings(db_dir=db, state_dir=workdir / "state")
        encode_times: list[float] = []
        upsert_times: list[float] = []
        with timed_calls(Embedder, "embed_documents", encode_times), timed_calls(type(store), "upsert", upsert_times):
            started = time.perf_counter()
            report = sync([corpus], round_settings)
            ingest_runs.append(time.perf_counter() - started)
        parts.append({"encode_in_ingest_s": sum(encode_times), "upsert_s": sum(upsert_times)})
        started = time.perf_counter()
        embedder.embed_documents(texts)
        encode_runs.append(time.perf_counter() - started)
        log(f"ingest round {round_ + 1}: ingest {ingest_runs[-1]:.2f} s, encode {encode_runs[-1]:.2f} s")

    # Each round's ingest is set against the encode that follows it at once, so drift in machine
    # load (other processes on these 2 cores) hits both sides of a ratio alike; the median round counts.
    ratios = [i / e for i, e in zip(ingest_runs, encode_runs)]
    best = sorted(range(len(ratios)), key=ratios.__getitem__)[len(ratios) // 2]
    ingest_s, encode_s = ingest_runs[best], encode_runs[best]
    chunks = report.chunks if report else 0
    other = ingest_s - parts[best]["encode_in_ingest_s"] - parts[best]["upsert_s"]
    result = {
        "chunks": chunks,
        "documents": report.documents if report else 0,
        "seconds": round(ingest_s, 2),
        "encode_seconds": round(encode_s, 2),
        "chunks_per_s": round(chunks / ingest_s, 2),
        "raw_encode_chunks_per_s": round(len(texts) / encode_s, 2),
        "overhead_ratio": round(ratios[best], 3),
        "round_ratios": [round(r, 3) for r in ratios],
        "breakdown_s": {
            "encode_in_ingest": round(parts[best]["encode_in_ingest_s"], 2),
            "upsert": round(parts[best]["upsert_s"], 2),
            "other": round(other, 2),
        },
        "runs_s": {"ingest": [round(x, 2) for x in ingest_runs], "encode": [round(x, 2) for x in encode_runs]},
        "encoder_threads": threads,
        "model_load_s": round(model_load_s, 2),
        "torch_threads": torch.get_num_threads(),
    }
    return result, db


def measure_resync(corpus: Path, db: Path, workdir: Path, runs: int = 3) -> dict:
    from ingest.pipeline import sync
    from rag.settings import get_settings

    settings = get_settings(db_dir=db, state_dir=workdir / "state")
    times, embedded = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        report = sync([corpus], settings)
        times.append(time.perf_counter() - started)
        embedded += report.embedded
    times.sort()
    return {"median_s": round(times[len(times) // 2], 3), "runs_s": [round(t, 3) for t in times], "embedded": embedded}


def measure_answers(db: Path, workdir: Path) -> dict:
    """Warm retrieval and answers over QUESTIONS, on the thread count the ask path uses."""
    from rag.advisor import Advisor
    from rag.settings import get_settings

    settings = get_settings(db_dir=db, state_dir=workdir / "state")
    started = time.perf_counter()
    advisor = Advisor(settings)
    open_s = time.perf_counter() - started
    advisor.embedder.set_threads(settings.embedding_threads)
    retriever = advisor.retriever

    def fresh() -> None:  # the retriever caches query vectors; every timed call embeds its query
        retriever.__dict__.pop("_query_cache", None)

    for question in QUESTIONS:  # warm-up pass
        advisor.answer(question)
    embed, retrieve, answer, evidence = [], [], [], []
    answerable = 0
    for _ in range(ANSWER_PASSES):
        for question in QUESTIONS:
            t = time.perf_counter()
            advisor.embedder.embed_query(question)
            embed.append((time.perf_counter() - t) * 1000)
            fresh()
            t = time.perf_counter()
            retriever.search(question)
            retrieve.append((time.perf_counter() - t) * 1000)
            fresh()
            t = time.perf_counter()
            got = advisor.answer(question)
            answer.append((time.perf_counter() - t) * 1000)
            evidence.append(got.timings_ms.get("retrieve", 0.0))
            answerable += got.answerable
    return {
        "retrieve_ms": percentiles(retrieve),
        "answer_ms": percentiles(answer),
        "embed_query_ms": percentiles(embed),
        "evidence_ms": percentiles(evidence),
        "questions": len(QUESTIONS),
        "answerable_share": round(answerable / len(answer), 3),
        "advisor_open_s": round(open_s, 2),
        "query_threads": settings.embedding_threads,
    }


