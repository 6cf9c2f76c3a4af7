"""evals.routing: each dataset is answered from the corpus it declares, in an index of its own."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from evals.dataset import DatasetError
from evals.routing import Corpus, corpus_settings, dataset_spec, load_registry, sync_corpus
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
    for folder, text in (("a", "# A\n\nLearn ownership.\n"), ("b", "# B\n\nLearn borrowing.\n")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "roadmap.md").write_text(text)
    a = Corpus("dev", (tmp_path / "a",))
    b = Corpus("dev", (tmp_path / "b",))  # same name, other files: never the same index
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


def _clone(root: Path, roadmap: str) -> Corpus:
    """A checkout at `root` with one corpus folder, its registry naming it as a repository's does."""
    (root / "corpora" / "rust").mkdir(parents=True)
    (root / "corpora" / "rust" / "rust-roadmap.md").write_text(roadmap, encoding="utf-8")
    (root / "corpora" / "corpora.toml").write_text('[corpora]\nrust = ["rust"]\n[datasets]\nrust_qa = "rust"\n')
    return load_registry(root / "corpora")["rust_qa"]


RUST = ("# Rust Systems Roadmap\n\n## Step 1: Ownership\n\nLearn ownership, borrowing and lifetimes with the Rust Book.\n\n"
        "## Step 2: Concurrency\n\nAfter ownership, learn threads, channels and async with Tokio.\n")


def test_an_identical_corpus_in_another_checkout_has_the_same_key_and_any_change_a_new_one(tmp_path, monkeypatch):
    """The eval index is keyed by what it is built from, not by where the checkout is: a second clone
    reuses the first one's index; an edited file, another embedding model or pipeline version do not."""
    import ingest.sources

    monkeypatch.chdir(tmp_path)
    first = _clone(tmp_path / "one", RUST)
    monkeypatch.chdir(tmp_path / "one")
    key = first.key
    monkeypatch.chdir(tmp_path)
    second = _clone(tmp_path / "two", RUST)
    monkeypatch.chdir(tmp_path / "two")
    assert second.paths != first.paths and second.key == key
    (tmp_path / "two" / "corpora" / "rust" / "rust-roadmap.md").write_text(RUST.replace("Tokio", "smol"), encoding="utf-8")
    assert _fresh(second).key != key  # one changed word
    (tmp_path / "two" / "corpora" / "rust" / "rust-roadmap.md").write_text(RUST, encoding="utf-8")
    assert _fresh(second).key == key
    (tmp_path / "two" / "corpora" / "rust" / "extra.md").write_text("# Extra\n", encoding="utf-8")
    assert _fresh(second).key != key  # a file added
    (tmp_path / "two" / "corpora" / "rust" / "extra.md").unlink()
    settings = get_settings(state_dir=tmp_path / "state")
    other_model = settings.model_copy(update={"embedding_model": "another/model"})
    assert corpus_settings(second, other_model).db_dir != corpus_settings(second, settings).db_dir
    monkeypatch.setattr(ingest.sources, "PIPELINE_VERSION", "next")
    assert _fresh(second).key != key


def _fresh(corpus: Corpus) -> Corpus:
    return Corpus(corpus.name, corpus.paths, corpus.embedding_model)  # the key is read once per object


def test_a_changed_corpus_gets_a_new_index_started_from_the_last_one_and_only_the_change_is_embedded(tmp_path, monkeypatch):
    """A second checkout with the same corpus syncs nothing; an edited file is redone alone, in an index
    of its own (the old one stays for the checkouts still on the old corpus); a removed file leaves."""
    settings = get_settings(db_dir=tmp_path / "unused", state_dir=tmp_path / "state")
    for root in ("one", "two"):
        monkeypatch.chdir(tmp_path)
        corpus = _clone(tmp_path / root, RUST)
        (tmp_path / root / "corpora" / "rust" / "python.md").write_text(
            "# Python Roadmap\n\n## Step 1: Syntax\n\nLearn Python syntax.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "one")
    own, report = sync_corpus(load_registry(tmp_path / "one" / "corpora")["rust_qa"], settings)
    assert (report.added, report.unchanged) == (2, 0)

    monkeypatch.chdir(tmp_path / "two")
    same, report = sync_corpus(load_registry(tmp_path / "two" / "corpora")["rust_qa"], settings)
    assert same.db_dir == own.db_dir and (report.added, report.updated, report.unchanged) == (0, 0, 2)

    (tmp_path / "two" / "corpora" / "rust" / "rust-roadmap.md").write_text(RUST.replace("Tokio", "smol"), encoding="utf-8")
    edited, report = sync_corpus(load_registry(tmp_path / "two" / "corpora")["rust_qa"], settings)
    assert edited.db_dir != own.db_dir and Path(own.db_dir).is_dir()
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 1, 0, 1)

    (tmp_path / "two" / "corpora" / "rust" / "python.md").unlink()
    changed, report = sync_corpus(load_registry(tmp_path / "two" / "corpora")["rust_qa"], settings)
    assert changed.db_dir not in (own.db_dir, edited.db_dir)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 1, 1)
    assert not [p for p in Path(own.db_dir).parent.iterdir() if p.name.startswith(".rust-") and p.is_dir()]  # no staging left

    from rag.stores import open_store

    texts = " ".join(p.text for p in open_store(changed).open_for_read().all_passages())
    assert "smol" in texts and "Tokio" not in texts and "Python syntax" not in texts
    old = " ".join(p.text for p in open_store(own).open_for_read().all_passages())
    assert "Tokio" in old and "Python syntax" in old  # the first checkout's index is as it was


def test_a_corpus_index_under_another_embedding_model_never_starts_from_this_models_copy(tmp_path, monkeypatch):
    """The same corpus embedded with another model gets an index of its own, embedded from scratch:
    the latest index of the corpus (this model's) is not copied in as its start."""
    from rag.embeddings import resolve_model_dir
    from rag.settings import BUNDLED_MODEL, BUNDLED_MODEL_SHA256

    monkeypatch.chdir(tmp_path)
    corpus = _clone(tmp_path / "one", RUST)
    settings = get_settings(db_dir=tmp_path / "unused", state_dir=tmp_path / "state")
    first, report = sync_corpus(corpus, settings)
    assert report.added == 1
    other_model = tmp_path / "other-model"  # the same weights under another name: another model to the index
    shutil.copytree(resolve_model_dir(BUNDLED_MODEL), other_model)
    other = settings.model_copy(update={"embedding_model": str(other_model), "embedding_sha256": BUNDLED_MODEL_SHA256})
    own, report = sync_corpus(_fresh(corpus), other)
    assert own.db_dir != first.db_dir
    assert (report.added, report.unchanged) == (1, 0)  # embedded with its own model, not copied
