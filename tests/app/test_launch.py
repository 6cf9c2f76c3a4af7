"""`advisor app`: the command it runs and the environment it passes."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app import launch


def test_command_runs_the_script_headless_on_the_given_address():
    cmd = launch.command("127.0.0.1", 8599)
    assert cmd[:4] == [sys.executable, "-m", "streamlit", "run"]
    assert Path(cmd[4]) == launch.ROOT / "app" / "streamlit_app.py" and Path(cmd[4]).is_file()
    options = dict(zip(cmd[5::2], cmd[6::2]))
    assert options["--server.address"] == "127.0.0.1"
    assert options["--server.port"] == "8599"
    assert options["--server.headless"] == "true"
    assert options["--browser.gatherUsageStats"] == "false"


def test_environment_passes_db_and_project_root(tmp_path):
    env = launch.environment(str(tmp_path / "idx"), base={"PYTHONPATH": "/other", "PATH": "/bin"})
    assert env["ADVISOR_DB_DIR"] == str((tmp_path / "idx").resolve())
    assert env["PYTHONPATH"].split(os.pathsep) == [str(launch.ROOT), "/other"]
    assert env["HF_HUB_OFFLINE"] == "1"
    assert "ADVISOR_DB_DIR" not in launch.environment(None, base={})


def test_run_execs_streamlit(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(launch.os, "execve", lambda path, args, env: calls.append((path, args, env)))
    monkeypatch.setattr(launch.os, "name", "posix")
    monkeypatch.setattr(launch.subprocess, "Popen", lambda *a, **k: (_ for _ in ()).throw(AssertionError("no child")))
    launch.run(argparse.Namespace(host="0.0.0.0", port=9000, db=str(tmp_path)))
    path, args, env = calls[0]
    assert path == sys.executable and "--server.port" in args and args[args.index("--server.port") + 1] == "9000"
    assert env["ADVISOR_DB_DIR"] == str(tmp_path.resolve())


def test_cli_app_command_reaches_launch(monkeypatch):
    from app.cli import main

    seen = []
    monkeypatch.setattr(launch, "run", lambda args: seen.append(args) or 0)
    assert main(["app", "--host", "127.0.0.1", "--port", "8600", "--db", "/tmp/x"]) == 0
    assert (seen[0].host, seen[0].port, seen[0].db) == ("127.0.0.1", 8600, "/tmp/x")
