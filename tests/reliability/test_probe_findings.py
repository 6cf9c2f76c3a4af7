"""Defects an independent probe found (issue 11), each reproduced the way the probe met it."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from ingest.pipeline import sync
from rag.settings import get_settings
from rag.store import IndexStore

ROOT = Path(__file__).resolve().parents[2]
GOOD = "# Good Roadmap\n## Step 1: Python\n- Variables and loops\n## Step 2: SQL\n- Joins and window functions\n"
SOURCES = re.compile(r"^source:")


def sources_in(settings) -> set[str]:
    return set(IndexStore(settings).open_for_read().manifest())


# -- 1. a file name that is not UTF-8 ------------------------------------------------------------
def test_a_non_utf8_file_name_is_indexed_and_nothing_else_is_touched(tmp_path, capsys):
    from app.cli import main

    corpus, db = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "good.md").write_text(GOOD, encoding="utf-8")
    assert main(["ingest", "--json", "--db", str(db), str(corpus)]) == 0
    capsys.readouterr()
    (corpus / os.fsdecode(b"caf\xe9.md")).write_bytes(b"# Cafe Roadmap\n## Stage 1: Espresso\n- beans and grinders\n")

    code = main(["ingest", "--json", "--db", str(db), str(corpus)])
    out, err = capsys.readouterr()

    assert code == 0, err
    report = json.loads(out)
    assert report["added"] == 1 and report["unchanged"] == 1 and report["removed"] == 0, report
    assert report["documents"] == 2
    names = {Path(key).name for key in sources_in(get_settings(db_dir=db))}
    assert names == {"good.md", "caf\\xe9.md"}  # the undecodable byte, spelled the same on every run
    assert main(["ingest", "--json", "--db", str(db), str(corpus)]) == 0
    assert json.loads(capsys.readouterr()[0])["unchanged"] == 2


def test_no_error_message_recommends_a_command_that_destroys_the_index(tmp_path):
    from rag.errors import IndexCorruptError, ModelMismatchError

    db = str(tmp_path / "my-index")
    for error in (IndexCorruptError(db, "InvalidArgumentError: Invalid where clause"),
                  ModelMismatchError("model-a", 384, "model-b", 768, where=db)):
        message = str(error)
        assert "--rebuild" not in message and "rm " not in message, message
        assert f"--db {db}" in message, message


# -- 4. history and dataset files that never end or nest without end -----------------------------
def run_cli(*args: str, timeout: float = 60.0):
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, env=env)


def test_a_history_of_dev_zero_is_a_one_line_error_not_an_endless_read(tmp_path):
    result = run_cli("ask", "What should I learn after PyTorch?", "--history", "/dev/zero",
                     "--db", str(tmp_path / "index"))

    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr.count("\n") == 1 and "/dev/zero" in result.stderr and "limit" in result.stderr


@pytest.mark.parametrize("suffix", ["history.json", "dataset.jsonl"])
def test_json_nested_200000_levels_deep_is_a_one_line_error(tmp_path, suffix):
    deep = tmp_path / suffix
    deep.write_text("[" * 200_000 + "]" * 200_000)
    if suffix == "history.json":
        result = run_cli("ask", "What should I learn after PyTorch?", "--history", str(deep),
                         "--db", str(tmp_path / "index"))
    else:
        from evals.dataset import DatasetError, load_dataset

        with pytest.raises(DatasetError, match="nested too deeply"):
            load_dataset(deep)
        return

    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr[-2000:]
    assert "nested too deeply" in result.stderr


# -- 2. ingesting one folder keeps the sources of another -----------------------------------------
def test_ingesting_another_folder_keeps_the_first_and_prune_removes_it(tmp_path, capsys):
    from app.cli import main

    first, other, db = tmp_path / "corpus", tmp_path / "other-roadmaps", tmp_path / "index"
    first.mkdir()
    other.mkdir()
    (first / "good.md").write_text(GOOD)
    (first / "doomed.md").write_text(GOOD.replace("Good", "Doomed").replace("loops", "recursion"))
    (other / "good.md").write_text(GOOD.replace("Good", "Other").replace("SQL", "Spark"))

    def ingest(*args: str) -> dict:
        assert main(["ingest", "--json", "--db", str(db), *args]) == 0
        return json.loads(capsys.readouterr()[0])

    ingest(str(first))
    report = ingest(str(other))
    assert (report["added"], report["removed"], report["kept"], report["documents"]) == (1, 0, 2, 3), report
    keys = sources_in(get_settings(db_dir=db))
    assert len(keys) == 3
    structures = IndexStore(get_settings(db_dir=db)).open_for_read().structures()
    assert len({s.doc_id for s in structures}) == 3  # the new good.md did not take the kept one's id

    (first / "doomed.md").unlink()  # a vanished file under a given root is removed
    report = ingest(str(first))
    assert (report["removed"], report["kept"], report["unchanged"]) == (1, 1, 1), report

    assert main(["ingest", "--db", str(db), str(other)]) == 0
    assert "1 sources kept from other paths" in capsys.readouterr()[0]

    report = ingest("--prune", str(other))
    assert (report["removed"], report["kept"], report["documents"]) == (1, 0, 1), report
    assert {Path(k).parent.name for k in sources_in(get_settings(db_dir=db))} == {"other-roadmaps"}


# -- 3. a Chroma server that accepts connections and never answers --------------------------------
@pytest.mark.server
@pytest.mark.parametrize("command", [["ask", "What should I learn after PyTorch?"], ["ingest", "corpus"]])
def test_a_frozen_chroma_server_is_a_clear_error_in_bounded_time(command, tmp_path, monkeypatch):
    import subprocess

    from tests.rag.backends.servers import SilentServer

    with SilentServer() as frozen:
        monkeypatch.setenv("ADVISOR_CHROMA_HOST", "127.0.0.1")
        monkeypatch.setenv("ADVISOR_CHROMA_PORT", str(frozen.port))
        monkeypatch.setenv("ADVISOR_STORE_TIMEOUT_S", "3")
        try:
            result = run_cli(*command, timeout=90)
        except subprocess.TimeoutExpired:
            pytest.fail(f"advisor {command[0]} still waited for the frozen server after 90 s")

    assert result.returncode == 1, result.stderr[-2000:]
    assert "Cannot reach the Chroma server" in result.stderr and "no answer within 3 s" in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr[-2000:]
