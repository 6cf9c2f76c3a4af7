"""evals.dataset: the project's dataset is valid and complete; malformed files fail with a line number."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from evals.dataset import KNOWN_KINDS, DatasetError, EvalItem, assign_split, default_datasets, load_dataset, load_datasets
from evals.routing import dataset_spec
from evals.runner import load_thresholds
from evals.suite import gate_policy

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "evals" / "datasets" / "dev_roadmaps_qa.jsonl"
DEV2 = ROOT / "evals" / "datasets" / "dev2_roadmaps_qa.jsonl"
DEV3 = ROOT / "evals" / "datasets" / "dev3_roadmaps_qa.jsonl"
DEV4 = ROOT / "evals" / "datasets" / "dev4_roadmaps_qa.jsonl"
DEV5 = ROOT / "evals" / "datasets" / "dev5_roadmaps_qa.jsonl"
DEV6 = ROOT / "evals" / "datasets" / "dev6_roadmaps_qa.jsonl"
PROBE = ROOT / "evals" / "datasets" / "probe_roadmaps_qa.jsonl"
BLIND = ROOT / "evals" / "datasets" / "blind_roadmaps_qa.jsonl"
SEEDS_BLIND = ROOT / "evals" / "datasets" / "seeds_blind_qa.jsonl"
BLIND2 = ROOT / "evals" / "datasets" / "blind2_roadmaps_qa.jsonl"
SEEDS_BLIND2 = ROOT / "evals" / "datasets" / "seeds_blind2_qa.jsonl"
SEEDS3 = ROOT / "evals" / "datasets" / "seeds3_qa.jsonl"
PINNED = {"ns-lc-after-sft": "tune", "oos-near-salary": "test"}


def _corpus_text(dataset: Path) -> str:
    """The text of the roadmap files the dataset's registered corpus holds (a PDF's, an HTML page's or a
    reStructuredText file's as the loader reads it: a cite string is matched against what ingest made of
    the page, not its tags or markup)."""
    from ingest.loaders import load_file

    spec = dataset_spec(dataset)
    assert spec.corpus is not None, f"{dataset.name} declares no corpus in evals/datasets/corpora.toml"
    files = [f for p in spec.corpus.paths for f in ([p] if p.is_file() else sorted(p.rglob("*")))
             if f.suffix in {".md", ".txt", ".markdown", ".pdf", ".html", ".rst"}]
    assert files
    return "\n".join(load_file(f).text if f.suffix in {".pdf", ".html", ".rst"} else f.read_text(encoding="utf-8")
                     for f in files).lower()


@pytest.mark.parametrize("dataset", default_datasets(), ids=lambda p: p.stem)
def test_each_dataset_covers_every_kind(dataset):
    items = load_dataset(dataset)
    kinds = Counter(i.kind for i in items)
    assert len(items) >= 40
    assert set(KNOWN_KINDS) <= set(kinds), kinds
    for item in items:
        if item.kind in {"out-of-scope", "injection"} and "wrapped" not in item.tags:
            assert not item.answerable, item.id
        else:  # answerable, including an injection wrapped around a real question: its real part is scored
            assert item.answerable and item.cite and item.mention, item.id
    assert all(len(i.turns) >= 2 for i in items if i.kind == "follow-up")


@pytest.mark.parametrize("dataset", default_datasets(), ids=lambda p: p.stem)
def test_every_cite_string_is_in_the_datasets_own_corpus(dataset):
    """A cite group that no passage of the dataset's corpus could meet would make recall fail for nothing."""
    corpus = _corpus_text(dataset)
    missing = [(i.id, s) for i in load_dataset(dataset) for g in i.cite for s in g if s.lower() not in corpus]
    assert not missing


def test_dev_cite_strings_are_in_the_indexed_passages(dev_advisor):
    """...and survive ingest: each one is in some passage's section path or text, where metrics look."""
    haystacks = [f"{p.section}\n{p.text}".lower() for p in dev_advisor.store.all_passages()]
    missing = [(i.id, s) for i in load_dataset(DEV) for g in i.cite for s in g
               if not any(s.lower() in h for h in haystacks)]
    assert not missing


def test_dev_dataset_is_the_honest_protocol():
    items = load_dataset(DEV)
    assert len(items) >= 60 and len({i.id for i in items}) == len(items)
    tags = Counter(t for i in items for t in i.tags)
    assert tags["plan"] >= 3 and tags["near-domain"] >= 3
    wrapped = [i for i in items if "wrapped" in i.tags]
    assert wrapped and all(i.kind == "injection" and i.answerable for i in wrapped)
    # only its own corpus: the seeds' roadmaps are not part of it, nor the licence files beside the dev ones
    paths = [p.as_posix() for p in dataset_spec(DEV).corpus.paths]
    assert sorted(Path(p).parent.name for p in paths) == ["llm-course", "ossu-computer-science", "ossu-data-science"]
    assert all(p.endswith("/README.md") for p in paths)


@pytest.mark.parametrize("dataset", [DEV, DEV2, DEV3, DEV4, DEV5, DEV6, SEEDS3], ids=lambda p: p.stem)
def test_dev_splits_come_from_the_id_hash_and_cover_every_kind(dataset):
    items = load_dataset(dataset)
    assert [i.id for i in items if i.split != assign_split(i.id)] == []  # nobody moved a question by hand
    by_kind: dict[str, set] = {}
    for item in items:
        by_kind.setdefault(item.kind, set()).add(item.split)
    assert all(splits == {"tune", "test"} for splits in by_kind.values()), by_kind
    assert 0.35 <= sum(i.split == "test" for i in items) / len(items) <= 0.65
    assert {i.split for i in items if "wrapped" in i.tags} == {"tune", "test"}


def test_dev2_is_a_second_tunable_dev_set_over_its_own_three_roadmaps(dev2_advisor):
    """Tune half for tuning, frozen test half: report-only but not held out; one roadmap only as a PDF;
    every cite string survives ingest into some passage's section path or text."""
    policy = gate_policy(load_thresholds(), DEV2.stem)
    assert not policy.gated and not policy.held_out and policy.note
    items = load_dataset(DEV2)
    assert len(items) >= 64 and len({i.id for i in items}) == len(items)
    tags = Counter(t for i in items for t in i.tags)
    assert tags["plan"] >= 3 and tags["near-domain"] >= 3 and tags["wrapped"] >= 2
    assert any(len(i.turns) >= 2 and i.kind == "injection" for i in items)  # a multi-turn injection
    paths = dataset_spec(DEV2).corpus.paths
    assert sorted(p.parent.name for p in paths) == ["data-science-masters", "ml-for-beginners", "pytorch-deep-learning"]
    assert any(p.suffix == ".pdf" for p in paths) and not any(p.name.startswith("LICENSE") for p in paths)
    haystacks = [f"{p.section}\n{p.text}".lower() for p in dev2_advisor.store.all_passages()]
    missing = [(i.id, s) for i in items for g in i.cite for s in g if not any(s.lower() in h for h in haystacks)]
    assert not missing


@pytest.mark.parametrize("dataset, advisor, folders, suffixes, near_domain", [
    (DEV3, "dev3_advisor", ["coding-interview-university", "practical-ai", "practical-rl"], {".html", ".md"}, 3),
    (DEV4, "dev4_advisor", ["ml-engineer-prep", "road-to-ml", "sb3-rl-tips"], {".md", ".pdf", ".rst"}, 4),
    (DEV5, "dev5_advisor", ["cs231n-notes", "genai-for-beginners", "tuning-playbook"], {".html", ".md", ".pdf"}, 4),
    (DEV6, "dev6_advisor", ["awesome-datascience", "genai-genius", "llms-from-scratch"], {".html", ".md"}, 4),
], ids=["dev3", "dev4", "dev5", "dev6"])
def test_a_later_dev_set_is_tunable_over_its_own_three_roadmaps(request, dataset, advisor, folders, suffixes, near_domain):
    """Tune half for tuning, frozen test half: report-only but not held out; roadmaps in formats of
    their own (dev3 one only as an HTML page; dev4 one only as a PDF, one only as reStructuredText; dev5
    one only as a Jekyll-rendered HTML page, one only as a PDF; dev6 one only as an HTML page);
    roadmaps no other dataset's corpus holds; every cite string survives ingest into a passage (the
    split rules: test_dev_splits_come_from_the_id_hash_and_cover_every_kind)."""
    policy = gate_policy(load_thresholds(), dataset.stem)
    assert not policy.gated and not policy.held_out and policy.note
    items = load_dataset(dataset)
    assert len(items) >= 72 and len({i.id for i in items}) == len(items)
    kinds = Counter(i.kind for i in items)
    assert kinds["next-step"] >= 12 and kinds["follow-up"] >= 12 and kinds["plan"] >= 8 and kinds["injection"] >= 8
    assert kinds["compare"] >= 6 and kinds["out-of-scope"] >= 6
    tags = Counter(t for i in items for t in i.tags)
    assert tags["plan"] >= 8 and tags["near-domain"] >= near_domain and tags["wrapped"] >= 4
    assert any(len(i.turns) >= 2 and i.kind == "injection" for i in items)  # a multi-turn injection
    paths = dataset_spec(dataset).corpus.paths
    assert sorted(p.parent.name for p in paths) == folders
    assert {p.suffix for p in paths} == suffixes and not any(p.name.startswith("LICENSE") for p in paths)
    others = {p.parent.name for d in default_datasets() if d.stem != dataset.stem and dataset_spec(d).corpus
              for p in dataset_spec(d).corpus.paths}
    assert others.isdisjoint(p.parent.name for p in paths)
    haystacks = [f"{p.section}\n{p.text}".lower() for p in request.getfixturevalue(advisor).store.all_passages()]
    missing = [(i.id, s) for i in items for g in i.cite for s in g if not any(s.lower() in h for h in haystacks)]
    assert not missing


@pytest.mark.parametrize("dataset", default_datasets(), ids=lambda p: p.stem)
def test_a_held_out_dataset_is_all_test_and_report_only(dataset):
    """`held_out = true` in thresholds.toml: a frozen probe nobody tunes on, so it has no tune half
    (the tune/test split rules do not apply) and it never gates a change."""
    policy = gate_policy(load_thresholds(), dataset.stem)
    if not policy.held_out:
        return
    assert not policy.gated and policy.note
    assert {i.split for i in load_dataset(dataset)} == {"test"}


def test_the_probe_is_declared_held_out_over_its_own_four_roadmaps():
    assert gate_policy(load_thresholds(), PROBE.stem).held_out
    paths = dataset_spec(PROBE).corpus.paths
    assert sorted(p.parent.name for p in paths) == ["100-days-of-ml-code", "ml-interviews", "nlp-roadmap",
                                                    "start-machine-learning"]
    assert any(p.suffix == ".pdf" for p in paths)  # one roadmap only as a PDF: structure from layout


def test_the_blind_sets_are_held_out_each_over_its_own_corpus():
    """The blind roadmaps are loaded alone (one only as a PDF); the seeds' blind questions ask the seeds."""
    assert gate_policy(load_thresholds(), BLIND.stem).held_out and gate_policy(load_thresholds(), SEEDS_BLIND.stem).held_out
    paths = dataset_spec(BLIND).corpus.paths
    assert sorted(p.parent.name for p in paths) == ["data-engineering-cookbook", "deep-learning-roadmap", "mlops-basics",
                                                    "visual-slam-roadmap"]
    assert any(p.suffix == ".pdf" for p in paths) and not any(p.name.startswith("LICENSE") for p in paths)
    assert dataset_spec(SEEDS_BLIND).corpus.paths == dataset_spec(ROOT / "evals" / "datasets" / "roadmap_qa.jsonl").corpus.paths


def test_the_seeds_blind_questions_are_new():
    """Not one question of the tuned-on seeds dataset asked again."""
    tuned = {t.strip().lower() for i in load_dataset(ROOT / "evals" / "datasets" / "roadmap_qa.jsonl") for t in i.turns}
    assert not [i.id for i in load_dataset(SEEDS_BLIND) if i.turns[-1].strip().lower() in tuned]
    asked = tuned | {t.strip().lower() for i in load_dataset(SEEDS_BLIND) for t in i.turns}
    assert not [i.id for i in load_dataset(SEEDS_BLIND2) if i.turns[-1].strip().lower() in asked]


def test_seeds3_is_a_tunable_set_of_new_seed_questions(advisor):
    """Session 9's seed questions: over the shipped corpus, report-only but not held out (tune half for
    reading, test half frozen), none a question already asked by the other seed sets, every kind and
    subset represented, every cite string in some indexed passage's section path or text."""
    policy = gate_policy(load_thresholds(), SEEDS3.stem)
    assert not policy.gated and not policy.held_out and policy.note
    seeds = ROOT / "evals" / "datasets" / "roadmap_qa.jsonl"
    assert dataset_spec(SEEDS3).corpus.paths == dataset_spec(seeds).corpus.paths
    items = load_dataset(SEEDS3)
    assert 70 <= len(items) <= 90 and len({i.id for i in items}) == len(items)
    asked = {t.strip().lower() for d in (seeds, SEEDS_BLIND, SEEDS_BLIND2) for i in load_dataset(d) for t in i.turns}
    assert not [i.id for i in items if i.turns[-1].strip().lower() in asked]
    kinds = Counter(i.kind for i in items)
    assert min(kinds.values()) >= 8 and kinds["fact"] >= 12
    tags = Counter(t for i in items for t in i.tags)
    assert tags["plan"] >= 6 and tags["near-domain"] >= 4 and tags["wrapped"] >= 4
    assert any(len(i.turns) >= 2 and i.kind == "injection" for i in items)  # a multi-turn injection
    assert any(len(i.turns) >= 2 and i.kind == "plan" for i in items)  # a re-plan
    haystacks = [f"{p.section}\n{p.text}".lower() for p in advisor.store.all_passages()]
    missing = [(i.id, s) for i in items for g in i.cite for s in g if not any(s.lower() in h for h in haystacks)]
    assert not missing


def test_the_session_4_blind_sets_are_held_out_each_over_its_own_corpus():
    """Three roadmaps none of the other corpora hold, one only as HTML and one only as a PDF; the seeds'
    second blind set asks the seeds."""
    policies = load_thresholds()
    assert gate_policy(policies, BLIND2.stem).held_out and gate_policy(policies, SEEDS_BLIND2.stem).held_out
    paths = dataset_spec(BLIND2).corpus.paths
    assert sorted(p.parent.name for p in paths) == ["hf-course-intro", "nn-zero-to-hero", "spinning-up-researcher"]
    assert {p.suffix for p in paths} == {".html", ".pdf", ".txt"} and not any(p.name.startswith("LICENSE") for p in paths)
    others = {p.parent.name for d in default_datasets() if d.stem != BLIND2.stem and dataset_spec(d).corpus
              for p in dataset_spec(d).corpus.paths}
    assert others.isdisjoint(p.parent.name for p in paths)
    assert dataset_spec(SEEDS_BLIND2).corpus.paths == dataset_spec(ROOT / "evals" / "datasets" / "roadmap_qa.jsonl").corpus.paths


def test_assign_split_is_a_stable_function_of_the_id_alone():
    """Pinned: changing the hash would silently move frozen test questions into the tune half."""
    assert assign_split("ns-lc-after-sft") == PINNED["ns-lc-after-sft"]
    assert assign_split("oos-near-salary") == PINNED["oos-near-salary"]
    assert assign_split("x") == assign_split("x")
    many = [assign_split(f"question-{n}") for n in range(400)]
    assert 0.4 <= many.count("test") / len(many) <= 0.6


def test_default_datasets_are_the_jsonl_files():
    assert [p.name for p in default_datasets()] == sorted(p.name for p in (ROOT / "evals" / "datasets").glob("*.jsonl"))


def test_the_scored_turn_is_the_last():
    item = EvalItem(id="x", kind="follow-up", turns=["a?", "b?"], cite=[["A"]], mention=[["b"]], answerable=True)
    assert item.question == "b?" and item.history_turns == ["a?"]


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "one JSON object"),
        ('{"id": "x", "kind": "fact", "turns": [], "answerable": true}', "turns"),
        ('{"id": "x", "kind": "fact", "turns": ["q"], "cite": [[]], "answerable": true}', "non-empty list"),
        ('{"id": "x", "kind": "fact", "turns": ["q"], "answerable": "yes please"}', "answerable"),
        ('{"id": "x", "kind": "oos", "turns": ["q"], "cite": [["A"]], "answerable": false}', "unanswerable"),
        ('{"id": "x", "kind": "fact", "turns": ["q"], "answerable": true, "extra": 1}', "extra"),
        ('{"id": "x", "kind": "fact", "turns": ["q"], "answerable": true, "split": "train"}', "split"),
    ],
)
def test_bad_lines_name_file_line_and_problem(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    good = json.dumps({"id": "ok", "kind": "fact", "turns": ["q"], "answerable": True})
    path.write_text(good + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(DatasetError) as err:
        load_dataset(path)
    assert f"{path}:2:" in str(err.value) and message in str(err.value)


def test_duplicate_ids_across_files_and_empty_files_are_errors(tmp_path):
    row = json.dumps({"id": "same", "kind": "fact", "turns": ["q"], "answerable": True})
    (tmp_path / "a.jsonl").write_text(row + "\n")
    (tmp_path / "b.jsonl").write_text(row + "\n")
    (tmp_path / "empty.jsonl").write_text("\n\n")
    with pytest.raises(DatasetError, match="appears twice"):
        load_datasets([tmp_path / "a.jsonl", tmp_path / "b.jsonl"])
    with pytest.raises(DatasetError, match="no questions"):
        load_dataset(tmp_path / "empty.jsonl")
    with pytest.raises(DatasetError, match="Cannot read"):
        load_dataset(tmp_path / "missing.jsonl")


def test_ids_are_unique_across_the_project_datasets():
    """`advisor eval` runs every dataset in one go and its answers file is keyed by id."""
    items = load_datasets()
    assert len({i.id for i in items}) == len(items) == sum(len(load_dataset(p)) for p in default_datasets())
