"""The bench's figures that need a fresh process: cold starts, and each scale point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from evals.bench.common import log

COLD_ROUNDS = 2
SCALE_TIMEOUT_S = 900.0
COLD_QUESTION = "What should I learn after PyTorch?"
# What a fresh `advisor ask` imports that is not ours (the numpy query encoder needs neither torch
# nor sentence-transformers; tests/rag/test_query_encoder.py proves they stay unimported).
# chromadb.api.rust is what chromadb.PersistentClient imports on first use.
BARE_IMPORTS = ("numpy", "pydantic_settings", "tokenizers", "threadpoolctl", "bm25s", "langchain_core.runnables",
                "langchain_core.retrievers", "chromadb", "chromadb.api.rust")


def child_hwm_mb(pid: int) -> float:
    """VmHWM of a live child. (ru_maxrss of a child is useless here: Linux carries the parent's
    peak at fork over into the child's maxrss, and this parent holds the model.)"""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0]) / 1024
    except (OSError, IndexError, ValueError):
        return 0.0


def run_child(command: list[str], *, env: dict, cwd: Path, timeout: float) -> tuple[float, int, float, str]:
    """Wall seconds, exit code, peak RSS (MB, sampled every 10 ms) and stdout of one fresh process."""
    started = time.perf_counter()
    peak = 0.0
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True)
        deadline = started + timeout
        while True:
            pid, status, _usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, child_hwm_mb(process.pid))
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, _usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.01)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        if process.returncode != 0:
            stdout += "\n" + err.read().decode("utf-8", "replace")[-2000:]
    return wall, process.returncode, round(peak, 1), stdout


def child_env(db: Path, workdir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env.update(HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false", ANONYMIZED_TELEMETRY="False",
               ADVISOR_DB_DIR=str(db), ADVISOR_STATE_DIR=str(workdir / "state"))
    return env


def advisor_command() -> list[str]:
    script = Path(sys.executable).with_name("advisor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "app.cli"]


def measure_cold(db: Path, workdir: Path, root: Path) -> dict:
    env = child_env(db, workdir)
    commands = {
        "torch_import": [sys.executable, "-c", "import torch"],
        "bare_import": [sys.executable, "-c", "import " + ", ".join(BARE_IMPORTS)],
        "cold_ask": advisor_command() + ["ask", "--json", COLD_QUESTION],
    }
    runs: dict[str, list[float]] = {name: [] for name in commands}
    rss: dict[str, float] = {name: 0.0 for name in commands}
    for round_ in range(COLD_ROUNDS):  # interleaved, so drift in machine load hits all three
        for name, command in commands.items():
            wall, code, peak, stdout = run_child(command, env=env, cwd=root, timeout=180)
            if code != 0:
                raise RuntimeError(f"{name} failed ({code}): {stdout[-1500:]}")
            if name == "cold_ask":
                answer = json.loads(stdout.strip().splitlines()[-1])
                if not answer.get("citations"):
                    raise RuntimeError(f"cold ask gave no citations: {stdout[:500]}")
            runs[name].append(wall)
            rss[name] = max(rss[name], peak)
        log(f"cold round {round_ + 1}: " + ", ".join(f"{n} {runs[n][-1]:.2f} s" for n in commands))
    best = {name: min(values) for name, values in runs.items()}
    return {
        "cold_ask_s": round(best["cold_ask"], 2),
        "bare_import_s": round(best["bare_import"], 2),
        "torch_import_s": round(best["torch_import"], 2),
        "runs_s": {name: [round(v, 2) for v in values] for name, values in runs.items()},
        "peak_rss_mb": rss,
        "command": " ".join(commands["cold_ask"][-3:]),
    }


def measure_scale(passages: int, workdir: Path, root: Path) -> dict:
    """Two processes: one builds the index and opens it once (deriving and saving its snapshot, what
    the first open after a sync pays), a fresh one reopens it and measures queries and memory."""
    env = child_env(workdir / f"scale-{passages}" / "index", workdir)
    budget = "60" if passages <= 20_000 else "30"  # bound the time answers may take
    command = [sys.executable, "-m", "evals.bench.scale", str(passages), str(workdir / f"scale-{passages}"), budget]
    result: dict = {"requested": passages, "synthetic_embeddings": True}
    walls = []
    for stage in ("--build-only", "--reuse"):
        wall, code, _peak, stdout = run_child(command + [stage], env=env, cwd=root, timeout=SCALE_TIMEOUT_S)
        walls.append(wall)
        got: dict = {}
        for line in stdout.splitlines():  # the worker prints the result so far after each stage
            if line.startswith("{"):
                try:
                    got = json.loads(line)
                except ValueError:
                    pass
        if stage == "--reuse":
            got = {k: v for k, v in got.items() if k not in {"reused_index", "build_peak_rss_mb", "peak_rss_mb"}}
        result.update(got)
        if code != 0:
            result["error"] = f"{stage} stopped after {wall:.0f} s (exit {code}): " + stdout[-800:]
            break
    if "advisor_peak_rss_mb" in result:
        result["peak_rss_mb"] = max(result.get("build_peak_rss_mb", 0.0), result.get("first_open_peak_rss_mb", 0.0),
                                    result["advisor_peak_rss_mb"])
    result["wall_s"] = round(sum(walls), 1)
    return result
