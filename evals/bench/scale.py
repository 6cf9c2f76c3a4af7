"""One point of the scale benchmark, run in its own process: `python -m evals.bench.scale N WORKDIR
[BUDGET_S] [--reuse | --build-only]` (`--reuse`: measure the index an earlier run left in WORKDIR, no
rebuild; `--build-only`: build it and open it once, which saves its snapshot).

It writes synthetic roadmaps of about N passages, stores them with synthetic vectors in a fresh
embedded Chroma (streamed one file at a time, upserted in batches, so memory stays bounded), opens
the real Advisor over it (BM25 over every passage, the real HybridRetriever, the roadmap-aware
answerer) and prints one JSON object. A separate process per point keeps the memory figures clean
and lets the parent bound its time. No torch: the embedder is `SyntheticEmbedder`.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path

from evals.bench.common import QUESTIONS, dir_mb, hwm_mb, percentiles, reset_hwm
from evals.bench.synthetic import SyntheticEmbedder, write_corpus

UPSERT_BATCH = 5000  # Chroma's per-call overhead is ~40% of the cost at 1,000; its limit is ~5,400


def approximate_tokens(text: str) -> int:
    """Word pieces, over-estimated from words (the real tokenizer costs ~1 ms per passage, which
    is ingest cost measured elsewhere, not store or retrieval cost)."""
    return 2 * len(text.split()) + 2


def build_index(corpus: Path, settings) -> dict:
    """Parse and chunk each synthetic roadmap with the real parser and chunker and upsert its
    passages with synthetic vectors in batches; one manifest record per roadmap."""
    from ingest.chunking import chunk_document
    from ingest.doc_ids import doc_id_for
    from ingest.loaders import load_file
    from ingest.pipeline import source_key
    from ingest.structure import parse_document
    from rag.stores import open_store
    from rag.vector_store import ManifestEntry

    embedder = SyntheticEmbedder(settings)
    store = open_store(settings).open_for_write(rebuild=True, dimension=embedder.dimension)
    limit = min(UPSERT_BATCH, store.max_batch_size())
    batch: list = []
    taken: set[str] = set()
    files = passages = 0

    def flush() -> None:
        if batch:
            store.upsert([c.id for c in batch], [c.text for c in batch], [c.metadata for c in batch],
                         embedder.embed_documents([c.text for c in batch]))
            batch.clear()

    manifests: list = []

    def flush_manifests() -> None:
        """The manifest records, written 100 at a time (one call each cost ~80 ms at 10,000 passages)."""
        if manifests:
            store.put_manifests(manifests)
            manifests.clear()

    for path in sorted(corpus.glob("*.md")):
        key = source_key(path)
        loaded = load_file(path)
        parsed = parse_document(loaded.text, doc_id=doc_id_for(key, taken), source=key, markdown=True,
                                fallback_title=path.stem)
        chunks = chunk_document(parsed, max_tokens=settings.chunk_tokens, count=approximate_tokens,
                                source_hash=key)
        for chunk in chunks:
            batch.append(chunk)
            if len(batch) >= limit:
                flush()
        flush()
        manifests.append(ManifestEntry(source=key, hash=key, chunk_ids=[c.id for c in chunks],
                                       structure=parsed.structure))
        if len(manifests) >= 100:
            flush_manifests()
        files += 1
        passages += len(chunks)
    flush_manifests()
    store.bump_generation()  # as a sync does: readers (and their snapshots) belong to a generation
    if store.sources() != files:
        raise RuntimeError("the synthetic manifest records do not read back")
    return {"files": files, "passages": store.count()}


def index_mb(settings) -> float:
    """The store's own files (the snapshot beside them is counted apart)."""
    root = Path(settings.db_dir)
    total = sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and "snapshots" not in p.relative_to(root).parts)
    return round(total / 2**20, 1)


def snapshot_mb(settings) -> float:
    folder = Path(settings.db_dir) / "snapshots"
    return dir_mb(folder) if folder.is_dir() else 0.0


def timed_answer(advisor, question: str, timeout_s: float) -> float | None:
    """Milliseconds for one answer, or None when it is still running after timeout_s (the worker
    then reports what it has and exits; the answer thread dies with the process)."""
    box: dict = {}

    def run() -> None:
        started = time.perf_counter()
        try:
            advisor.answer(question)
        except Exception as exc:  # reported, not mistaken for a slow answer
            box["error"] = exc
            return
        box["ms"] = (time.perf_counter() - started) * 1000

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(max(0.1, timeout_s))
    if "error" in box:
        raise box["error"]
    return box.get("ms")


def measure(passages: int, workdir: Path, *, answer_budget_s: float = 60.0, emit=lambda result: None,
            reuse: bool = False, build_only: bool = False) -> dict:
    """Every figure of one scale point; `emit` receives the result so far after each stage, so a
    parent that has to stop this process still gets what was measured. With `reuse`, an index this
    function built earlier in `workdir` is measured again without rebuilding it (the build figures
    are then absent): a before/after comparison of the query path on the same index. With
    `build_only`, it stops after the build and the first open (which derives and saves the index
    snapshot), so that a second process measures a reopen with memory figures of its own."""
    import rag.embeddings

    rag.embeddings.Embedder = SyntheticEmbedder  # the Advisor builds its embedder from here
    from rag.advisor import Advisor
    from rag.retrieval import RetrievalFilter
    from rag.settings import get_settings

    workdir.mkdir(parents=True, exist_ok=True)
    settings = get_settings(db_dir=workdir / "index", state_dir=workdir / "state", corpus_dir=workdir / "corpus")
    result: dict = {"requested": passages, "synthetic_embeddings": True,
                    "embeddings_note": "random 384-d unit vectors, not the model: store and retrieval cost only"}

    from rag.stores import open_store

    if reuse and open_store(settings).exists():
        store = open_store(settings).open_for_read()  # the Chroma client is opened (and imported) here
        result.update(reused_index=True, passages=store.count(), files=store.sources(), build_peak_rss_mb=0.0,
                      index_mb=index_mb(settings))
        del store
    else:
        started = time.perf_counter()
        write_corpus(workdir / "corpus", passages)
        result["generate_s"] = round(time.perf_counter() - started, 2)

        reset_hwm()
        started = time.perf_counter()
        built = build_index(workdir / "corpus", settings)
        result["build_s"] = round(time.perf_counter() - started, 2)
        result["passages"] = built["passages"]
        result["files"] = built["files"]
        result["build_passages_per_s"] = round(built["passages"] / result["build_s"], 1)
        result["build_peak_rss_mb"] = hwm_mb()
        result["index_mb"] = index_mb(settings)
    emit(result)

    reset_hwm()
    started, cpu = time.perf_counter(), time.process_time()
    advisor = Advisor(settings)
    opened = "advisor_first_open_s" if build_only else "advisor_open_s"
    result[opened] = round(time.perf_counter() - started, 2)
    result[opened.replace("_s", "_cpu_s")] = round(time.process_time() - cpu, 2)  # this process's CPU only
    result["snapshot"] = advisor.snapshot.origin  # "read": from its file; "built": derived from the index
    result["snapshot_mb"] = snapshot_mb(settings)
    if build_only:
        result["first_open_peak_rss_mb"] = hwm_mb()
        emit(result)
        return result
    emit(result)

    retriever = advisor.retriever
    only_roadmaps = RetrievalFilter(kind="roadmap")
    for question in QUESTIONS[:4]:  # warm up caches and lazy imports
        retriever.search(question)
    plain, filtered = [], []
    for _ in range(2):
        for question in QUESTIONS:
            retriever.__dict__.pop("_query_cache", None)
            t = time.perf_counter()
            retriever.search(question)
            plain.append((time.perf_counter() - t) * 1000)
            retriever.__dict__.pop("_query_cache", None)
            t = time.perf_counter()
            retriever.search(question, filter=only_roadmaps)
            filtered.append((time.perf_counter() - t) * 1000)
    result["retrieve_ms"] = percentiles(plain)
    result["retrieve_filtered_ms"] = percentiles(filtered)
    # The other filters the answerer uses, from broad to narrow: one stage of every roadmap, one
    # roadmap, resources only (none among the synthetic roadmaps), one stage of one roadmap.
    doc_id = advisor.structures[0].doc_id if advisor.structures else "none"
    filters = {"stage_index": RetrievalFilter(stage_index=3), "doc_id": RetrievalFilter(doc_id=doc_id),
               "kind=resource": RetrievalFilter(kind="resource"),
               "doc_id+stage_index": RetrievalFilter(doc_id=doc_id, stage_index=3)}
    by_filter: dict[str, list[float]] = {name: [] for name in filters}
    for question in QUESTIONS:
        for name, flt in filters.items():
            retriever.__dict__.pop("_query_cache", None)
            t = time.perf_counter()
            retriever.search(question, filter=flt)
            by_filter[name].append((time.perf_counter() - t) * 1000)
    result["retrieve_filtered_by_ms"] = {name: percentiles(values) for name, values in by_filter.items()}
    emit(result)

    answers: list[float] = []
    deadline = time.perf_counter() + answer_budget_s
    result["answer_budget_s"] = answer_budget_s
    for question in QUESTIONS:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            break
        retriever.__dict__.pop("_query_cache", None)
        took = timed_answer(advisor, question, remaining)
        if took is None:
            result["answer_timed_out"] = {"question": question, "after_s": round(remaining, 1)}
            break
        answers.append(took)
    result["answer_ms"] = percentiles(answers)
    result["answer_ms"]["max"] = round(max(answers), 1) if answers else None
    result["advisor_peak_rss_mb"] = hwm_mb()
    result["peak_rss_mb"] = max(result["build_peak_rss_mb"], result["advisor_peak_rss_mb"])
    emit(result)
    return result


def main(argv: list[str]) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    reuse = "--reuse" in argv  # measure an index built by an earlier run in the same WORKDIR again
    build_only = "--build-only" in argv  # build and open once (saving the snapshot), then stop
    argv = [a for a in argv if a not in {"--reuse", "--build-only"}]
    passages, workdir = int(argv[0]), Path(argv[1])
    budget = float(argv[2]) if len(argv) > 2 else 60.0
    measure(passages, workdir, answer_budget_s=budget, emit=lambda r: print(json.dumps(r), flush=True), reuse=reuse,
            build_only=build_only)
    sys.stdout.flush()
    os._exit(0)  # an answer thread that overran its budget must not keep the process alive


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
