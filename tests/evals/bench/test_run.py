"""`advisor bench --json` keeps the contract of issues 7 and 12: every key, each ratio computed from the
figures it names, the scale points marked synthetic. A tiny corpus and one small scale point keep
it to about a minute; the figures themselves are the bench's business, not a test's."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

ROADMAP = """# Tiny ML Roadmap

## Step 1: Python
- Syntax, functions and NumPy

## Step 2: PyTorch
- Tensors, autograd and training loops

## Step 3: MLOps
- MLflow, Docker and model serving
"""


def test_bench_json_has_every_figure_of_the_contract(tmp_path):
    from evals.bench.run import collect

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tiny.md").write_text(ROADMAP, encoding="utf-8")
    result = collect(scales=[600], workdir=tmp_path / "work", root=ROOT, corpus=corpus)

    ingest = result["ingest"]
    assert ingest["chunks"] >= 3 and ingest["chunks_per_s"] > 0 and ingest["raw_encode_chunks_per_s"] > 0
    assert ingest["overhead_ratio"] in ingest["round_ratios"]  # the median round's ratio
    assert result["resync_noop_s"] >= 0 and result["resync"]["embedded"] == 0  # nothing re-embedded
    for key in ("retrieve_ms", "answer_ms"):
        assert 0 < result[key]["p50"] <= result[key]["p95"]
    for key in ("cold_ask_s", "bare_import_s", "torch_import_s", "peak_rss_mb"):
        assert result[key] > 0
    targets = result["targets"]
    assert targets["cold_ask_over_torch_import"]["value"] == round(result["cold_ask_s"] / result["torch_import_s"], 3)
    assert targets["cold_ask_over_bare_import"]["value"] == round(result["cold_ask_s"] / result["bare_import_s"], 3)
    assert targets["overhead_ratio"]["value"] == ingest["overhead_ratio"]

    [point] = result["scale"]
    assert point["synthetic_embeddings"] is True and "random" in point["embeddings_note"]
    assert 500 <= point["passages"] <= 700 and point["index_mb"] > 0
    assert 0 < point["retrieve_ms"]["p50"] <= point["retrieve_ms"]["p95"]
    # the first open after the build derives and saves the snapshot; the measured reopen reads it
    assert point["snapshot"] == "read" and point["snapshot_mb"] > 0
    assert point["advisor_first_open_s"] > 0 and point["advisor_open_s"] > 0
    assert point["peak_rss_mb"] >= max(point["advisor_peak_rss_mb"], point["first_open_peak_rss_mb"])
