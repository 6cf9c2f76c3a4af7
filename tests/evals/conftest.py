"""Eval fixtures: the dev corpora's own index, built once per session through the same routing
`advisor eval` uses (evals/datasets/corpora.toml -> evals/routing.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEV_DATASET = ROOT / "evals" / "datasets" / "dev_roadmaps_qa.jsonl"


@pytest.fixture(scope="session")
def eval_state(tmp_path_factory) -> Path:
    """A state dir whose eval-indexes/ holds the dev corpus's index (the seeds use corpus_index)."""
    from evals.routing import dataset_spec, sync_corpus
    from rag.settings import get_settings

    state = tmp_path_factory.mktemp("eval-state")
    previous = os.getcwd()
    os.chdir(ROOT)
    try:
        spec = dataset_spec(DEV_DATASET)
        _, report = sync_corpus(spec.corpus, get_settings(db_dir=state / "unused", state_dir=state))
    finally:
        os.chdir(previous)
    assert report.documents == 3 and report.chunks > 50
    return state


@pytest.fixture
def dev_settings(eval_state):
    from rag.settings import get_settings

    return get_settings(db_dir=eval_state / "unused", state_dir=eval_state)


@pytest.fixture
def dev_advisor(dev_settings):
    """The extractive advisor over the dev corpora alone."""
    from evals.routing import corpus_settings, dataset_spec
    from rag.advisor import get_advisor

    return get_advisor(corpus_settings(dataset_spec(DEV_DATASET).corpus, dev_settings))


def _own_index_advisor(tmp_path_factory, stem: str, documents: int):
    """The extractive advisor over one dataset's registered corpus alone, synced into a fresh state dir
    the way `advisor eval` syncs it."""
    from evals.routing import corpus_settings, dataset_spec, sync_corpus
    from rag.advisor import get_advisor
    from rag.settings import get_settings

    state = tmp_path_factory.mktemp(f"eval-state-{stem}")
    previous = os.getcwd()
    os.chdir(ROOT)
    try:
        spec = dataset_spec(ROOT / "evals" / "datasets" / f"{stem}.jsonl")
        settings = get_settings(db_dir=state / "unused", state_dir=state)
        _, report = sync_corpus(spec.corpus, settings)
    finally:
        os.chdir(previous)
    assert report.documents == documents and report.chunks > 50
    return get_advisor(corpus_settings(spec.corpus, settings))


@pytest.fixture(scope="session")
def dev2_advisor(tmp_path_factory):
    """The extractive advisor over the second dev set's three roadmaps alone (one a PDF)."""
    return _own_index_advisor(tmp_path_factory, "dev2_roadmaps_qa", 3)


@pytest.fixture(scope="session")
def dev3_advisor(tmp_path_factory):
    """The extractive advisor over the third dev set's three roadmaps alone (one an HTML page)."""
    return _own_index_advisor(tmp_path_factory, "dev3_roadmaps_qa", 3)


@pytest.fixture(scope="session")
def dev4_advisor(tmp_path_factory):
    """The extractive advisor over the fourth dev set's three roadmaps alone (a PDF and a reST file among them)."""
    return _own_index_advisor(tmp_path_factory, "dev4_roadmaps_qa", 3)


@pytest.fixture(scope="session")
def dev5_advisor(tmp_path_factory):
    """The extractive advisor over the fifth dev set's three roadmaps alone (an HTML page and a PDF among them)."""
    return _own_index_advisor(tmp_path_factory, "dev5_roadmaps_qa", 3)


@pytest.fixture(scope="session")
def dev6_advisor(tmp_path_factory):
    """The extractive advisor over the sixth dev set's three roadmaps alone (an HTML page among them)."""
    return _own_index_advisor(tmp_path_factory, "dev6_roadmaps_qa", 3)
