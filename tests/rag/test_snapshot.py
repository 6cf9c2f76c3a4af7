"""The index snapshot (rag.snapshot): read back from its file it answers exactly as when it was
derived from the index; a stale, damaged or unwritable snapshot never breaks an answer; a reload
swaps one snapshot for another as one reference, and an answer under way keeps reading its own."""

from __future__ import annotations

import logging
import shutil
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from rag.retrieval import RetrievalFilter
from rag.settings import get_settings

QUESTIONS = [
    "What should I learn after PyTorch?",
    "Any resources for learning LangChain?",
    "Compare NLP & LLMs with computer vision",
    "What is RAG?",
    "How do I bake sourdough bread?",
]


@pytest.fixture
def index(corpus_index, tmp_path) -> Path:
    """A private copy of the session's corpus index, without any snapshot a test saved in it."""
    target = tmp_path / "index"
    shutil.copytree(corpus_index, target, ignore=shutil.ignore_patterns("*.lock", "state", "snapshots"))
    return target


def settings_for(db: Path):
    return get_settings(db_dir=db, state_dir=db.parent / "state")


def open_advisor(db: Path):
    from rag.advisor import Advisor

    return Advisor(settings_for(db))


def answer_content(answer) -> dict:
    data = answer.to_contract()
    data.pop("timings_ms")
    return data


def test_a_snapshot_read_from_its_file_answers_exactly_as_one_derived_from_the_index(index):
    from rag.snapshot import snapshot_path

    built = open_advisor(index)
    assert built.snapshot.origin == "built"
    assert snapshot_path(built.settings, built.snapshot.generation).is_file()
    read = open_advisor(index)
    assert read.snapshot.origin == "read"

    assert [p.model_dump() for p in read.snapshot.passages] == [p.model_dump() for p in built.snapshot.passages]
    assert read.structures == built.structures
    assert read.lexical.idf == built.lexical.idf and read.lexical.vocabulary == built.lexical.vocabulary
    from rag.roadmap import stage_stems

    for roadmap in built.structures:  # every stage's stems as stemming the stage gives them
        for stage in roadmap.stages:
            expected = tuple(set(part) for part in stage_stems(stage))
            assert read.finder._stage_stems.stems_of((roadmap.doc_id, stage.index)) == expected
            assert built.finder._stage_stems.stems_of((roadmap.doc_id, stage.index)) == expected
    for roadmap in read.structures:  # a roadmap's links read back as its stages' own objects
        own = [link for stage in roadmap.stages for link in stage.links]
        assert all(any(link is mine for mine in own) for link in roadmap.links if link in own)
    filters = [None, RetrievalFilter(kind="resource"), RetrievalFilter(doc_id=built.structures[0].doc_id, stage_index=3)]
    for question in QUESTIONS:
        for flt in filters:
            got = [(p.chunk_id, p.score) for p in read.retriever.search(question, filter=flt)]
            assert got == [(p.chunk_id, p.score) for p in built.retriever.search(question, filter=flt)]
        assert answer_content(read.answer(question)) == answer_content(built.answer(question))


def test_a_stale_snapshot_is_rebuilt_and_says_why(index, caplog):
    from rag.passages import PassageTable
    from rag.snapshot import load, save, snapshot_path

    first = open_advisor(index)
    path = snapshot_path(first.settings, first.snapshot.generation)
    data = load(path, first.settings, generation=first.snapshot.generation, passages=len(first.snapshot.passages))
    # an older index's snapshot under the current generation's name
    fewer = replace(data, passages=PassageTable.from_passages(data.passages[:-1]))
    save(path, fewer, first.settings)

    with caplog.at_level(logging.WARNING, logger="rag.snapshot"):
        second = open_advisor(index)
    assert second.snapshot.origin == "built" and len(second.snapshot.passages) == len(first.snapshot.passages)
    assert "stale" in caplog.text and "rebuilding" in caplog.text
    assert open_advisor(index).snapshot.origin == "read"  # the rebuilt file is good again


def test_a_snapshot_of_an_older_format_is_rebuilt_and_says_why(index, caplog):
    from rag.snapshot import FORMAT, snapshot_path
    from rag.snapshot_file import SnapshotReader, write

    first = open_advisor(index)
    path = snapshot_path(first.settings, first.snapshot.generation)
    with SnapshotReader(path) as current:
        header = {key: value for key, value in current.header.items() if key != "sections"}
    write(path, {**header, "format": FORMAT - 1}, {}, {})  # what an older release left there

    with caplog.at_level(logging.WARNING, logger="rag.snapshot"):
        second = open_advisor(index)
    assert second.snapshot.origin == "built" and f"its format is {FORMAT - 1}" in caplog.text
    assert answer_content(second.answer(QUESTIONS[0])) == answer_content(first.answer(QUESTIONS[0]))
    assert open_advisor(index).snapshot.origin == "read"


@pytest.mark.parametrize("part", ["stem_postings", "roadmap_links"])
def test_a_snapshot_whose_parts_do_not_fit_together_is_rebuilt(index, caplog, part):
    """Checksums pass (the file was written whole), yet its parts disagree: refused, not read."""
    import numpy as np

    from rag.snapshot import snapshot_path
    from rag.snapshot_file import SnapshotReader, write

    first = open_advisor(index)
    path = snapshot_path(first.settings, first.snapshot.generation)
    with SnapshotReader(path) as current:
        header = {key: value for key, value in current.header.items() if key != "sections"}
        sections = {meta["name"]: (current.json_bytes(meta["name"]) if meta.get("json") else current.array(meta["name"]))
                    for meta in current.header["sections"]}
    if part == "stem_postings":  # a stage number past the last stage
        sections[part] = np.full_like(sections[part], 10**6)
    else:  # each roadmap's links point past its stages' links
        sections[part] = [[10**6] for _ in first.structures]
    write(path, header, {k: v for k, v in sections.items() if isinstance(v, np.ndarray)},
          {k: bytes(v) if isinstance(v, bytearray) else v for k, v in sections.items() if not isinstance(v, np.ndarray)})

    with caplog.at_level(logging.WARNING, logger="rag.snapshot"):
        second = open_advisor(index)
    assert second.snapshot.origin == "built"
    assert ("do not fit together" if part == "stem_postings" else "points past its stages' links") in caplog.text
    assert answer_content(second.answer(QUESTIONS[0])) == answer_content(first.answer(QUESTIONS[0]))


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "not a snapshot", "empty", "pickle"])
def test_a_damaged_snapshot_never_breaks_an_answer(index, caplog, damage):
    import pickle

    from rag.snapshot import snapshot_path

    first = open_advisor(index)
    expected = answer_content(first.answer(QUESTIONS[0]))
    path = snapshot_path(first.settings, first.snapshot.generation)
    raw = path.read_bytes()
    damaged = {
        "truncated": raw[: len(raw) // 2],
        "flipped byte": raw[: len(raw) // 2] + bytes([raw[len(raw) // 2] ^ 0xFF]) + raw[len(raw) // 2 + 1:],
        "not a snapshot": b"\x00garbage" * 1000,
        "empty": b"",
        "pickle": pickle.dumps({"passages": []}),
    }[damage]
    path.write_bytes(damaged)

    with caplog.at_level(logging.WARNING, logger="rag.snapshot"):
        advisor = open_advisor(index)
    assert advisor.snapshot.origin == "built"
    assert "rebuilding it from the index" in caplog.text and str(path) in caplog.text
    assert answer_content(advisor.answer(QUESTIONS[0])) == expected
    assert path.read_bytes() != damaged


def test_an_index_folder_that_cannot_hold_a_snapshot_still_answers(index, caplog):
    (index / "snapshots").write_text("a file where the snapshot folder would go")
    with caplog.at_level(logging.WARNING, logger="rag.snapshot"):
        advisor = open_advisor(index)
    assert advisor.snapshot.origin == "built" and "Could not save the index snapshot" in caplog.text
    assert advisor.answer(QUESTIONS[0]).citations


def test_a_new_generation_gets_its_own_snapshot_and_the_old_one_goes(index):
    from rag.snapshot import snapshot_path

    advisor = open_advisor(index)
    old = advisor.snapshot
    old_path = snapshot_path(advisor.settings, old.generation)
    advisor.store.bump_generation()  # what a sync that changed the index does
    assert advisor.refresh()
    new = advisor.snapshot
    assert new is not old and new.generation != old.generation and new.origin == "built"
    assert snapshot_path(advisor.settings, new.generation).is_file() and not old_path.exists()
    assert old.lexical is old.retriever.lexical and old.finder.retriever is old.retriever  # the old one intact


def test_snapshots_are_kept_by_index_collection_and_generation(tmp_path):
    from rag.snapshot import snapshot_path

    embedded = get_settings(db_dir=tmp_path / "db", state_dir=tmp_path / "state")
    assert snapshot_path(embedded, "g1") == tmp_path / "db" / "snapshots" / "roadmaps" / "g1.snapshot"
    server = get_settings(db_dir=tmp_path / "db", state_dir=tmp_path / "state", chroma_host="10.0.0.5", chroma_port=8000)
    path = snapshot_path(server, "g1")
    assert path.parent.parent.parent == tmp_path / "state" / "snapshots" and path.name == "g1.snapshot"
    others = {snapshot_path(server.model_copy(update={"collection": "other"}), "g1"), snapshot_path(server, "g2"),
              snapshot_path(server.model_copy(update={"chroma_port": 8001}), "g1"), snapshot_path(embedded, "g1")}
    assert path not in others and len(others) == 4
    assert ".." not in snapshot_path(server, "../../etc/passwd").relative_to(tmp_path / "state").parts


def test_a_reload_swaps_one_snapshot_while_answers_run(index):
    """Readers answer while the index is reloaded over and over: every answer is whole and the same
    (the pipeline reads `advisor.snapshot` once per answer), and a replaced snapshot stays intact."""
    advisor = open_advisor(index)
    expected = {q: answer_content(advisor.answer(q)) for q in QUESTIONS}
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader() -> None:
        try:
            while not stop.is_set():
                for question in QUESTIONS:
                    assert answer_content(advisor.answer(question)) == expected[question]
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for thread in threads:
        thread.start()
    seen = {advisor.snapshot.generation}
    try:
        for _ in range(3):
            advisor.store.bump_generation()
            advisor.refresh()
            seen.add(advisor.snapshot.generation)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    assert not errors, errors[0]
    assert len(seen) == 4

    # a snapshot an answer already holds stays whole and usable after the swap
    held = advisor.snapshot
    advisor.refresh(force=True)
    assert advisor.snapshot is not held and advisor.lexical is advisor.snapshot.lexical
    assert held.finder.retriever is held.retriever and held.retriever.lexical is held.lexical
    for question in QUESTIONS:
        old = [(p.chunk_id, p.score) for p in held.retriever.search(question)]
        assert old == [(p.chunk_id, p.score) for p in advisor.retriever.search(question)]
