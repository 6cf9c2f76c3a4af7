"""The `advisor ingest` summary is readable in an ordinary terminal."""

from __future__ import annotations

import shutil

from tests.conftest import ROOT


def test_ingest_prints_a_summary_that_fits_an_80_column_terminal(corpus_index, tmp_path, monkeypatch, capsys):
    from app.cli import main

    db = tmp_path / "index"
    shutil.copytree(corpus_index, db)
    monkeypatch.chdir(ROOT)  # the session index keys its sources as corpus/...
    assert main(["ingest", "--db", str(db), "corpus"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == f"Index synced: {db}"
    assert "2 roadmaps and 71 resources" in out and "3 unchanged" in out and "0 passages embedded" in out
    assert all(len(line) <= 80 for line in lines[1:]) and "…" not in out, out
