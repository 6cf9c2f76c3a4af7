"""Helpers for the fault and bad-input tests: what a safe answer is, and a copy of the session index."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
URL = re.compile(r"https?://[^\s)\]>\"'<]+")


def corpus_urls() -> set[str]:
    """Every URL the corpus and the catalogue contain (the only ones an answer may show)."""
    urls = {r["url"] for r in yaml.safe_load((ROOT / "corpus/resources.yaml").read_text())["resources"] if r.get("url")}
    for path in (ROOT / "corpus").iterdir():
        if path.suffix in {".md", ".txt"}:
            urls |= set(URL.findall(path.read_text(encoding="utf-8")))
    return {u.rstrip(".,;:") for u in urls}


def assert_safe_answer(answer, known_urls: set[str]) -> None:
    """Every [n] names a citation of a retrieved passage; no URL outside the corpus; no markup
    from the question comes back as live HTML or a javascript: link."""
    ids = {c.id for c in answer.citations}
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert markers <= ids, (markers, ids, answer.answer[:500])
    retrieved = {p.chunk_id for p in answer.retrieved}
    assert all(c.chunk_id in retrieved for c in answer.citations)
    for url in URL.findall(answer.answer):
        assert url.rstrip(".,;:") in known_urls, url
    for resource in answer.resources:
        assert resource.url in known_urls and resource.citation in ids
    lowered = answer.answer.lower()
    assert "<script" not in lowered and "javascript:" not in lowered and "onerror=" not in lowered
    assert isinstance(answer.answerable, bool)


@pytest.fixture(scope="session")
def known_urls() -> set[str]:
    return corpus_urls()


@pytest.fixture
def index_copy(corpus_index, tmp_path) -> Path:
    """A private, writable copy of the session's corpus index (same keys: corpus/...)."""
    target = tmp_path / "index-copy"
    shutil.copytree(corpus_index, target, ignore=shutil.ignore_patterns("*.lock", "state"))
    return target
