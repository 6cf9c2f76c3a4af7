"""`advisor bench`: speed and memory, each figure set against its physical floor.

    advisor bench [--json] [--scale N ...]

- ingest: a full in-process ingest of corpus/ into a temp index (model already loaded) against the
  time the same process takes just to encode the same chunk texts with the same model
  (overhead_ratio = ingest / encode; the encoder is the floor, everything above it is overhead);
- resync_noop_s: a second sync with nothing changed;
- retrieve_ms / answer_ms: p50/p95 over a fixed question set, warm, query-embedding cache cleared;
- cold_ask_s: a fresh `advisor ask --json` process, against bare_import_s (a fresh process that only
  imports the heavy libraries the ask path needs) and torch_import_s (`python -c "import torch"`);
- peak_rss_mb: the largest peak resident memory of the bench process's corpus work and of the
  cold `advisor ask` processes;
- scale: synthetic roadmaps of N passages (default 10,000 and 100,000) with synthetic vectors,
  each measured in its own process (see evals.bench.scale).

Everything runs in a temp directory (kept under --db DIR when given) and offline. Progress goes to
stderr; with --json stdout carries exactly one JSON object.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from evals.bench.common import hwm_mb, log
from evals.bench.corpus import measure_answers, measure_ingest, measure_resync
from evals.bench.processes import measure_cold, measure_scale

DEFAULT_SCALES = (10_000, 100_000)
TARGETS = {
    "overhead_ratio": ("<=", 1.10),
    "resync_noop_s": ("<=", 2.0),
    "retrieve_p95_ms": ("<=", 50.0),
    "retrieve_p95_ms_at_100000": ("<=", 150.0),
    "answer_p50_ms": ("<=", 100.0),
    "cold_ask_over_bare_import": ("<=", 1.3),
    "cold_ask_over_torch_import": ("<=", 2.5),
    "peak_rss_mb": ("<=", 1200.0),
    "advisor_open_s_at_100000": ("<=", 3.0),  # a reopen, from the index snapshot
    "advisor_peak_rss_mb_at_100000": ("<=", 900.0),
    "answer_p50_ms_at_100000": ("<=", 200.0),
}


def evaluate(result: dict) -> dict:
    values = {
        "overhead_ratio": result["ingest"]["overhead_ratio"],
        "resync_noop_s": result["resync_noop_s"],
        "retrieve_p95_ms": result["retrieve_ms"]["p95"],
        "answer_p50_ms": result["answer_ms"]["p50"],
        "cold_ask_over_bare_import": round(result["cold_ask_s"] / result["bare_import_s"], 3),
        "cold_ask_over_torch_import": round(result["cold_ask_s"] / result["torch_import_s"], 3),
        "peak_rss_mb": result["peak_rss_mb"],
    }
    at_100k = next((s for s in result["scale"] if s.get("requested") == 100_000 and "retrieve_ms" in s), None)
    values["retrieve_p95_ms_at_100000"] = at_100k["retrieve_ms"]["p95"] if at_100k else None
    values["advisor_open_s_at_100000"] = at_100k.get("advisor_open_s") if at_100k else None
    values["advisor_peak_rss_mb_at_100000"] = at_100k.get("advisor_peak_rss_mb") if at_100k else None
    values["answer_p50_ms_at_100000"] = (at_100k.get("answer_ms") or {}).get("p50") if at_100k else None
    targets = {}
    for name, (op, limit) in TARGETS.items():
        value = values.get(name)
        targets[name] = {"value": value, "target": f"{op} {limit}", "met": None if value is None else value <= limit}
    return targets


def collect(*, scales: list[int], workdir: Path, root: Path, corpus: Path) -> dict:
    started = time.perf_counter()
    result: dict = {"command": "advisor bench --json" + "".join(f" --scale {n}" for n in scales)}
    log("ingest vs bare encoder")
    result["ingest"], db = measure_ingest(corpus, workdir)
    log("no-op resync")
    resync = measure_resync(corpus, db, workdir)
    result["resync_noop_s"] = resync["median_s"]
    result["resync"] = resync
    log("warm retrieval and answers")
    answers = measure_answers(db, workdir)
    result["retrieve_ms"] = answers.pop("retrieve_ms")
    result["answer_ms"] = answers.pop("answer_ms")
    result["answers"] = answers
    bench_peak = hwm_mb()
    log("cold starts")
    cold = measure_cold(db, workdir, root)
    result.update({k: cold[k] for k in ("cold_ask_s", "bare_import_s", "torch_import_s")})
    result["cold"] = {k: cold[k] for k in ("runs_s", "peak_rss_mb", "command")}
    result["peak_rss_mb"] = max(bench_peak, cold["peak_rss_mb"]["cold_ask"])
    result["rss_mb"] = {"bench_process": bench_peak, "cold_ask_process": cold["peak_rss_mb"]["cold_ask"],
                        "bare_import_process": cold["peak_rss_mb"]["bare_import"]}
    result["scale"] = []
    for passages in scales:
        log(f"scale {passages:,} passages (synthetic vectors)")
        result["scale"].append(measure_scale(passages, workdir, root))
    result["targets"] = evaluate(result)
    result["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                         "pythondontwritebytecode": bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))}
    result["bench_s"] = round(time.perf_counter() - started, 1)
    return result


def print_table(result: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="advisor bench")
    for column in ("figure", "value", "target", "met"):
        table.add_column(column)
    for name, target in result["targets"].items():
        met = "n/a" if target["met"] is None else ("met" if target["met"] else "MISSED")
        table.add_row(name, str(target["value"]), target["target"], met)
    Console().print(table)
    for point in result["scale"]:
        print(f"{point.get('passages', point.get('requested'))} passages (synthetic vectors): "
              f"retrieve p50/p95 {point.get('retrieve_ms')}, answer {point.get('answer_ms')}, "
              f"index {point.get('index_mb')} MB")


def run(args) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from rag.errors import InvalidCorpusError
    from rag.settings import get_settings

    root = Path.cwd()
    corpus = Path(get_settings().corpus_dir)
    if not corpus.is_dir():
        raise InvalidCorpusError(f"No corpus folder at {corpus.resolve()}; run `advisor bench` from the project root.")
    scales = list(args.scale) if getattr(args, "scale", None) else list(DEFAULT_SCALES)
    if getattr(args, "db", None):
        workdir = Path(args.db)
        workdir.mkdir(parents=True, exist_ok=True)
        result = collect(scales=scales, workdir=workdir, root=root, corpus=corpus)
    else:
        with tempfile.TemporaryDirectory(prefix="advisor-bench-") as tmp:
            result = collect(scales=scales, workdir=Path(tmp), root=root, corpus=corpus)
    if getattr(args, "json", False):
        print(json.dumps(result))
    else:
        print_table(result)
    return 0
