"""evals.routing: each dataset is answered from the corpus it declares, in an index of its own."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from evals.dataset import DatasetError
from evals.routing import Corpus, corpus_settings, dataset_spec, load_registry
from rag.settings import get_settings

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT / "evals" / "datasets"


def test_the_project_datasets_declare_their_corpora():
    seeds = dataset_spec(DATASETS / "roadmap_qa.jsonl").corpus
    dev = dataset_spec(DATASETS / "dev_roadmaps_qa.jsonl").corpus
    assert seeds.paths == ((ROOT / "corpus").resolve(),)
    assert [p.relative_to(ROOT).as_posix() for p in dev.paths] == [
        "evals/corpora/dev/llm-course/README.md", "evals/corpora/dev/ossu-computer-science/README.md",
        "evals/corpora/dev/ossu-data-science/README.md"]
    assert seeds.key != dev.key


def test_a_dataset_without_an_entry_uses_the_given_index(tmp_path):
    (tmp_path / "mine.jsonl").write_text("")
    assert dataset_spec(tmp_path / "mine.jsonl").corpus is None


def test_each_corpus_gets_its_own_index_under_the_state_dir(tmp_path):
    settings = get_settings(db_dir=tmp_path / "user-index", state_dir=tmp_path / "state")
    a = Corpus("dev", (tmp_path / "a",))
    b = Corpus("dev", (tmp_path / "b",))  # same name elsewhere: never the same index
    assert corpus_settings(a, settings).db_dir == tmp_path / "state" / "eval-indexes" / a.key
    assert corpus_settings(a, settings).db_dir != corpus_settings(b, settings).db_dir
    assert corpus_settings(a, settings).collection == settings.collection  # a folder of its own is enough
    server = get_settings(chroma_host="127.0.0.1", state_dir=tmp_path / "state")
    assert corpus_settings(a, server).collection == f"{server.collection}-eval-{a.key}"


@pytest.mark.parametrize(
    "registry, message",
    [
        ('[corpora]\nx = ["nowhere"]\n[datasets]\nd = "x"\n', "does not exist"),
        ('[corpora]\nx = ["."]\n[datasets]\nd = "y"\n', "which [corpora] does not define"),
        ('[corpora]\nx = []\n', "non-empty list"),
        ("[corpora\n", "Cannot read"),
    ],
)
def test_a_broken_registry_says_what_to_fix(tmp_path, registry, message):
    (tmp_path / "corpora.toml").write_text(registry)
    with pytest.raises(DatasetError, match=message.replace("[", r"\[")) as err:
        load_registry(tmp_path)
    assert "corpora.toml" in str(err.value)


def _question(id_, text, cite, mention):
    return json.dumps({"id": id_, "kind": "fact", "turns": [text], "cite": [cite], "mention": [mention], "answerable": True})


def test_advisor_eval_answers_each_dataset_from_its_own_corpus(tmp_path, capsys):
    """Two datasets over two corpora: every citation comes from the dataset's own corpus, the user's
    index is never created or synced into, and a second run reuses both indexes."""
    from app.cli import main

    data = tmp_path / "data"
    (data / "ds").mkdir(parents=True)
    shutil.copy(ROOT / "evals/corpora/dev/ossu-data-science/README.md", data / "ds" / "README.md")
    (data / "rust").mkdir()
    (data / "rust" / "rust-roadmap.md").write_text(
        "# Rust Systems Roadmap\n\n## Step 1: Ownership\n\nLearn ownership, borrowing and lifetimes with the Rust Book.\n\n"
        "## Step 2: Concurrency\n\nAfter ownership, learn threads, channels and async with Tokio.\n", encoding="utf-8")
    (data / "corpora.toml").write_text('[corpora]\nds = ["ds"]\nrust = ["rust"]\n[datasets]\nds_qa = "ds"\nrust_qa = "rust"\n')
    (data / "ds_qa.jsonl").write_text(
        _question("ds-start", "where do I start with the data science curriculum?", ["What is Data Science"], ["Data Science"]) + "\n"
        + _question("ds-rust", "what comes after ownership in rust?", ["Concurrency"], ["Tokio"]) + "\n")
    (data / "rust_qa.jsonl").write_text(
        _question("rust-next", "what comes after ownership in rust?", ["Concurrency"], ["Tokio"]) + "\n")
    user_index = tmp_path / "user-index"
    args = ["eval", "--dataset", str(data / "ds_qa.jsonl"), "--dataset", str(data / "rust_qa.jsonl"),
            "--db", str(user_index), "--no-baseline", "--json", "--output", str(tmp_path / "answers.jsonl")]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)

    answers = [json.loads(line) for line in (tmp_path / "answers.jsonl").read_text().splitlines()]
    sources = {(a["dataset"], c["source"].split("/")[-2]) for a in answers for c in a["citations"]}
    assert ("ds_qa", "ds") in sources and ("rust_qa", "rust") in sources
    assert {folder for dataset, folder in sources if dataset == "ds_qa"} == {"ds"}  # rust is not in its corpus
    assert {folder for dataset, folder in sources if dataset == "rust_qa"} == {"rust"}
    by_id = {a["id"]: a for a in answers}
    assert "Tokio" not in by_id["ds-rust"]["answer"]
    assert not user_index.exists()  # the user's index is neither created nor synced into

    ds, rust = first["datasets"]["ds_qa"], first["datasets"]["rust_qa"]
    assert ds["index"] != rust["index"] and "eval-indexes" in ds["index"]
    assert "1 added" in ds["sync"] and "1 added" in rust["sync"]

    assert main(args) == 0
    second = json.loads(capsys.readouterr().out)
    for name in ("ds_qa", "rust_qa"):
        assert second["datasets"][name]["index"] == first["datasets"][name]["index"]
        assert "0 added, 0 updated, 0 removed, 1 unchanged" in second["datasets"][name]["sync"]
