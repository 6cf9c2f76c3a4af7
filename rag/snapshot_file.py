"""The on-disk container of an index snapshot: a JSON header, then named sections of raw bytes.

Sections are numpy arrays (dtype and shape in the header) or UTF-8 JSON. Nothing in the file is
code: reading it can only give arrays, strings and numbers, so a snapshot found in an index folder
cannot run anything (unlike a pickle). Every section carries its CRC-32, so a torn or damaged file
is detected and rebuilt instead of answering from garbage. A file is written beside its final name
and renamed into place: a reader sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import json
import os
import struct
import uuid
import zlib
from pathlib import Path
from typing import Any

import numpy as np

MAGIC = b"ADVISOR-SNAPSHOT\n"
DTYPES = {"<f4", "<f8", "<i4", "<i8", "<u4", "<u8", "|u1", "|b1"}  # all a snapshot needs


class SnapshotFileError(ValueError):
    """The file is not a readable snapshot (damaged, truncated, or another format)."""


def write(path: Path, header: dict[str, Any], arrays: dict[str, np.ndarray], documents: dict[str, Any]) -> None:
    """Write `arrays` and the JSON `documents` (values, or bytes already encoded as JSON) under one
    header, atomically."""
    sections: list[tuple[dict, bytes | memoryview]] = []
    for name, array in arrays.items():
        array = np.ascontiguousarray(array)
        dtype = array.dtype.newbyteorder("<") if array.dtype.byteorder == ">" else array.dtype
        array = array.astype(dtype, copy=False)
        if dtype.str not in DTYPES:
            raise TypeError(f"section {name}: dtype {dtype.str} is not storable")
        sections.append(({"name": name, "dtype": dtype.str, "shape": list(array.shape)}, memoryview(array).cast("B")))
    for name, value in documents.items():
        data = value if isinstance(value, bytes) else json.dumps(value, separators=(",", ":")).encode("utf-8")
        sections.append(({"name": name, "json": True}, data))
    offset = 0
    for meta, data in sections:
        meta.update(offset=offset, length=len(data), crc32=zlib.crc32(data))
        offset += len(data)
    head = json.dumps({**header, "sections": [meta for meta, _ in sections]}).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(temporary, "wb") as out:
            out.write(MAGIC + struct.pack("<Q", len(head)) + head)
            for _, data in sections:
                out.write(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


class SnapshotReader:
    """An open snapshot file: its header, and each section read (and checked) when asked for, so
    no more than one section's raw bytes are held at a time."""

    def __init__(self, path: Path):
        try:
            self._file = open(path, "rb")
        except OSError as exc:
            raise SnapshotFileError(f"unreadable: {exc}") from exc
        try:
            if self._file.read(len(MAGIC)) != MAGIC:
                raise SnapshotFileError("not a snapshot file")
            (size,) = struct.unpack("<Q", _exactly(self._file, 8))
            if size > 1 << 26:
                raise SnapshotFileError("implausible header size")
            self.header: dict[str, Any] = json.loads(_exactly(self._file, size))
            self._sections = {meta["name"]: meta for meta in self.header["sections"]}
            self._base = len(MAGIC) + 8 + size
        except (KeyError, TypeError, ValueError, struct.error) as exc:
            self.close()
            raise exc if isinstance(exc, SnapshotFileError) else SnapshotFileError(f"unreadable header: {exc}") from exc

    def json_bytes(self, name: str) -> bytearray:
        """A JSON section's raw bytes (pydantic validates JSON bytes much faster than Python objects)."""
        meta = self._meta(name)
        if not meta.get("json"):
            raise SnapshotFileError(f"section {name} is not JSON")
        return self._read(meta)

    def json(self, name: str) -> Any:
        return json.loads(self.json_bytes(name))

    def array(self, name: str) -> np.ndarray:
        meta = self._meta(name)
        if meta.get("json"):
            raise SnapshotFileError(f"section {name} is not an array")
        return _array(meta, self._read(meta))

    def _meta(self, name: str) -> dict:
        if name not in self._sections:
            raise SnapshotFileError(f"no section {name}")
        return self._sections[name]

    def _read(self, meta: dict) -> bytearray:
        try:
            self._file.seek(self._base + int(meta["offset"]))
            data = bytearray(int(meta["length"]))
            if self._file.readinto(data) != len(data):
                raise SnapshotFileError("truncated")
        except (OSError, KeyError, TypeError, ValueError) as exc:
            raise exc if isinstance(exc, SnapshotFileError) else SnapshotFileError(f"unreadable: {exc}") from exc
        if zlib.crc32(data) != meta.get("crc32"):
            raise SnapshotFileError(f"section {meta['name']} is damaged (checksum)")
        return data

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "SnapshotReader":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _exactly(source, count: int) -> bytes:
    data = source.read(count)
    if len(data) != count:
        raise SnapshotFileError("truncated")
    return data


def _array(meta: dict, data: bytearray) -> np.ndarray:
    if meta["dtype"] not in DTYPES:
        raise SnapshotFileError(f"section {meta['name']}: unknown dtype {meta['dtype']!r}")
    dtype = np.dtype(meta["dtype"])
    shape = tuple(int(n) for n in meta["shape"])
    if int(np.prod(shape, dtype=np.int64)) * dtype.itemsize != len(data):
        raise SnapshotFileError(f"section {meta['name']}: size does not match its shape")
    return np.frombuffer(data, dtype=dtype).reshape(shape)
