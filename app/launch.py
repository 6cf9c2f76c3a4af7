"""`advisor app`: start the Streamlit UI (`python -m streamlit run app/streamlit_app.py ...`).

The UI itself builds the index with a progress bar when there is none, so start-up never fails on a
fresh checkout. `--db` reaches the app as ADVISOR_DB_DIR; the project root goes on PYTHONPATH so the
script can import `rag` and `app` wherever the command is run from.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "app" / "streamlit_app.py"
THEME = {
    "theme.base": "light",
    "theme.primaryColor": "#4f46e5",
    "theme.backgroundColor": "#ffffff",
    "theme.secondaryBackgroundColor": "#f5f7fb",
    "theme.textColor": "#1e293b",
}


def command(host: str, port: int) -> list[str]:
    options = {
        "server.address": host,
        "server.port": str(port),
        "server.headless": "true",
        "server.fileWatcherType": "none",
        "server.runOnSave": "false",
        "browser.gatherUsageStats": "false",
        "client.toolbarMode": "minimal",
        **THEME,
    }
    cmd = [sys.executable, "-m", "streamlit", "run", str(SCRIPT)]
    for name, value in options.items():
        cmd += [f"--{name}", value]
    return cmd


def environment(db: str | None, base: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ if base is None else base)
    if db:
        env["ADVISOR_DB_DIR"] = str(Path(db).expanduser().resolve())
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("TOKENIZERS_PARALLELISM", "false")
    env.setdefault("ANONYMIZED_TELEMETRY", "False")
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    paths = [str(ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p and p != str(ROOT)]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


def run(args: argparse.Namespace) -> int:
    host = getattr(args, "host", None) or "127.0.0.1"
    port = int(getattr(args, "port", None) or 8501)
    cmd, env = command(host, port), environment(getattr(args, "db", None))
    print(f"Starting the advisor UI on http://{host}:{port} (Ctrl+C to stop)", file=sys.stderr, flush=True)
    if os.name == "posix":
        # Become the Streamlit server: signals (Ctrl+C, SIGTERM) reach it directly, no orphan child.
        sys.stdout.flush()
        os.execve(cmd[0], cmd, env)
        return 1  # not reached: execve replaces this process
    process = subprocess.Popen(cmd, env=env)  # pragma: no cover (non-POSIX)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        return process.wait()
