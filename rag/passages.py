"""Every indexed passage, held as columns: a Passage object exists only while someone uses it.

At 100,000 passages a list of pydantic Passages costs ~310 MB and ~1 s to build (~2.6 KB each: a
dict, a fields-set and fresh strings per object). As columns (lists that share one string object per
distinct source, title, section or stage) the same passages take ~90 MB, and the ones an answer
reads (a few hundred) are made when it reads them.
"""

from __future__ import annotations

import json
from typing import Iterator, Sequence, overload

import numpy as np

from rag.literal_refs import literal_refs
from rag.models import Passage

TEXT_FIELDS = ("chunk_id", "text")  # distinct per passage
SHARED_FIELDS = ("source", "title", "section", "kind", "doc_id", "stage_title", "url", "resource_id",
                 "resource_kind", "cost", "links")  # repeated across passages: stored once per value


class PassageTable(Sequence[Passage]):
    def __init__(self, columns: dict[str, list], codes: dict[str, tuple[list, np.ndarray]] | None = None):
        """`codes`: per shared field, its distinct values and each passage's int32 code into them
        (what `encode` writes; derived when needed if not given)."""
        lengths = {len(values) for values in columns.values()}
        if set(columns) != {*TEXT_FIELDS, *SHARED_FIELDS, "stage_index"} or len(lengths) > 1:
            raise ValueError("passage columns are missing or of different lengths")
        self._columns = columns
        self._size = lengths.pop() if lengths else 0
        self._codes = dict(codes or {})

    @classmethod
    def from_passages(cls, passages: Sequence[Passage]) -> "PassageTable":
        shared: dict = {}
        columns: dict[str, list] = {name: [] for name in (*TEXT_FIELDS, *SHARED_FIELDS, "stage_index")}
        for passage in passages:
            for name in TEXT_FIELDS:
                columns[name].append(getattr(passage, name))
            for name in SHARED_FIELDS:
                value = json.dumps(passage.links) if name == "links" else getattr(passage, name)
                columns[name].append(shared.setdefault(value, value))
            columns["stage_index"].append(passage.stage_index)
        return cls(columns)

    def column(self, name: str) -> list:
        """One field of every passage, in order (read-only: it is the table's own list)."""
        return self._columns[name]

    def codes(self, name: str) -> tuple[list, np.ndarray]:
        """A shared field's distinct values and, per passage, the int32 code of its value."""
        if name not in self._codes:
            self._codes[name] = _encode(self._columns[name])
        return self._codes[name]

    def encode(self) -> tuple[dict, dict[str, np.ndarray]]:
        """Plain data for a file: JSON-able lists, and int32 codes into each shared field's values."""
        document: dict = {name: self._columns[name] for name in TEXT_FIELDS}
        document["stage_index"] = [-1 if s is None else s for s in self._columns["stage_index"]]
        arrays: dict[str, np.ndarray] = {}
        for name in SHARED_FIELDS:
            document[f"{name}_values"], arrays[name] = self.codes(name)
        return document, arrays

    @classmethod
    def decode(cls, document: dict, arrays: dict[str, np.ndarray]) -> "PassageTable":
        size = len(document["chunk_id"])
        columns: dict[str, list] = {name: list(document[name]) for name in TEXT_FIELDS}
        columns["stage_index"] = [None if s < 0 else int(s) for s in document["stage_index"]]
        shared: dict[str, tuple[list, np.ndarray]] = {}
        for name in SHARED_FIELDS:
            values, codes = document[f"{name}_values"], arrays[name]
            if len(codes) != size or (size and (int(codes.min()) < 0 or int(codes.max()) >= len(values))):
                raise ValueError(f"passage column {name} does not fit")
            columns[name] = np.asarray(values, dtype=object)[codes].tolist()  # shared string objects
            shared[name] = (values, codes)
        if any(not isinstance(v, str) for name in TEXT_FIELDS for v in columns[name]):
            raise ValueError("a passage id or text is not text")
        return cls(columns, shared)

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, index: int) -> Passage: ...

    @overload
    def __getitem__(self, index: slice) -> list[Passage]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._make(i) for i in range(*index.indices(self._size))]
        if index < 0:
            index += self._size
        if not 0 <= index < self._size:
            raise IndexError(index)
        return self._make(index)

    def __iter__(self) -> Iterator[Passage]:
        return (self._make(i) for i in range(self._size))

    def _make(self, i: int) -> Passage:
        c = self._columns
        return Passage(
            chunk_id=c["chunk_id"][i], source=c["source"][i], title=literal_refs(c["title"][i]),
            section=literal_refs(c["section"][i]), text=literal_refs(c["text"][i]), kind=c["kind"][i],
            doc_id=c["doc_id"][i], stage_index=c["stage_index"][i], stage_title=literal_refs(c["stage_title"][i]), url=c["url"][i], resource_id=c["resource_id"][i],
            resource_kind=c["resource_kind"][i], cost=c["cost"][i], links=json.loads(c["links"][i]),
        )


def codes(passages: Sequence[Passage], name: str) -> tuple[list, np.ndarray]:
    """A shared field's distinct values and each passage's code into them (see PassageTable.codes)."""
    if isinstance(passages, PassageTable):
        return passages.codes(name)
    return _encode(column(passages, name))


def _encode(values: list) -> tuple[list, np.ndarray]:
    found: dict = {}
    codes = np.asarray([found.setdefault(v, len(found)) for v in values], dtype=np.int32)
    return list(found), codes


def column(passages: Sequence[Passage], name: str) -> list:
    """One field of every passage, without making Passage objects when they are a PassageTable."""
    if isinstance(passages, PassageTable):
        return passages.column(name)
    return [getattr(passage, name) for passage in passages]
