"""One place builds the store: `rag.stores.open_store`. Everything else gets a `VectorStore`, and the
Chroma store provides every member of that protocol, so another store is one class and one line."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from rag.settings import get_settings
from rag.store import IndexStore
from rag.stores import open_store
from rag.vector_store import VectorStore

ROOT = Path(__file__).resolve().parents[2]


def protocol_members() -> list[str]:
    return sorted({n for n in vars(VectorStore) if not n.startswith("_")} | set(VectorStore.__annotations__))


def test_open_store_gives_a_store_with_every_member_of_the_protocol(tmp_path):
    store = open_store(get_settings(db_dir=tmp_path / "index"))
    assert isinstance(store, IndexStore) and store.settings.db_dir == tmp_path / "index"
    for name in protocol_members():
        assert hasattr(store, name), f"{type(store).__name__} lacks {name}"
        if callable(getattr(VectorStore, name, None)):
            wanted = inspect.signature(getattr(VectorStore, name)).parameters
            given = inspect.signature(getattr(IndexStore, name)).parameters
            assert [p for p in wanted if p != "self"] == [p for p in given if p != "self"][: len(wanted) - 1], name
    assert not store.exists() and store.modified_at() is None  # nothing is created by asking


def test_only_the_factory_constructs_the_chroma_store():
    allowed = {"rag/stores.py", "rag/store.py"}
    found = []
    for package in ("ingest", "rag", "app", "evals"):
        for path in (ROOT / package).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "IndexStore":
                    if relative not in allowed:
                        found.append(f"{relative}:{node.lineno}")
    assert not found, f"IndexStore(...) built outside rag/stores.py: {found}"
