"""Throughput of `advisor serve` under a burst: N concurrent chat completions against a real server.

    python scripts/bench_serve.py --db DIR [--requests 50] [--rounds 3] [--max-running 2]

Starts `advisor serve` on a free loopback port, sends `--requests` different questions at once,
`--rounds` times, then asks them one by one, and prints one JSON object: answers per second and
p50/p95 request latency of the first burst (later bursts hit the query-embedding cache and are
reported apart), errors, and whether every burst answer equals the one-by-one answer. The client runs on the same machine, so
on a 2-core box it competes with the server for the CPU: the figures are a floor.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
TOPICS = ["PyTorch", "SQL", "Python", "GitHub", "statistics", "machine learning", "deep learning", "NLP",
          "computer vision", "generative models", "LLMs", "RAG", "vector databases", "MLOps", "Docker",
          "Kubernetes", "prompt engineering", "fine-tuning", "transformers", "reinforcement learning",
          "time series", "data visualization", "linear algebra", "cloud deployment", "LangChain"]
# 50 different questions: the advisor caches query embeddings, so repeating a few would measure the cache
QUESTIONS = [f"What should I learn after {t}?" for t in TOPICS] + [f"Resources for {t}?" for t in TOPICS]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--max-running", type=int, default=2)
    args = parser.parse_args()

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    server = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--db", args.db, "--port", str(port),
                               "--max-running", str(args.max_running)], cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the server did not start")
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)

        client = httpx.Client(timeout=120, limits=httpx.Limits(max_connections=args.requests))

        def ask(question: str) -> tuple[int, str, float]:
            started = time.perf_counter()
            response = client.post(f"{url}/v1/chat/completions",
                                   json={"model": "career-advisor", "messages": [{"role": "user", "content": question}]})
            elapsed = (time.perf_counter() - started) * 1000
            content = response.json()["choices"][0]["message"]["content"] if response.status_code == 200 else ""
            return response.status_code, content, elapsed

        ask("What should I learn first?")  # warm-up: lazy imports, the first query
        burst_questions = [QUESTIONS[i % len(QUESTIONS)] for i in range(args.requests)]
        rates, latencies, results_by_round, errors = [], [], [], 0
        with ThreadPoolExecutor(args.requests) as pool:
            for _ in range(args.rounds):  # round 1 embeds every question; later rounds hit the embedding cache
                started = time.perf_counter()
                results = list(pool.map(ask, burst_questions))
                rates.append(len(results) / (time.perf_counter() - started))
                latencies.append([r[2] for r in results])
                results_by_round.append(results)
                errors += sum(r[0] != 200 for r in results)
        alone = {q: ask(q) for q in dict.fromkeys(burst_questions)}
        same = all(r[1] == alone[q][1] for results in results_by_round for r, q in zip(results, burst_questions))
        print(json.dumps({
            "requests": args.requests, "distinct_questions": len(set(burst_questions)), "rounds": args.rounds,
            "max_running": args.max_running,
            "answers_per_s": round(rates[0], 1), "p50_ms": round(percentile(latencies[0], 0.5), 1),
            "p95_ms": round(percentile(latencies[0], 0.95), 1),
            "cached_rounds_answers_per_s": [round(r, 1) for r in rates[1:]],
            "cached_rounds_p95_ms": [round(percentile(x, 0.95), 1) for x in latencies[1:]],
            "one_by_one_p50_ms": round(statistics.median(a[2] for a in alone.values()), 1),
            "errors": errors, "same_answers_as_one_by_one": same,
        }))
    finally:
        server.terminate()
        server.wait(20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
