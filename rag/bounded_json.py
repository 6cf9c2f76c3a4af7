"""User-supplied JSON files read within limits: `--history /dev/zero` must not read forever, and a
document nested 200,000 levels deep must be a one-line error, not a RecursionError traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

MAX_HISTORY_BYTES = 1 << 20  # a long conversation is tens of kilobytes
MAX_DATASET_BYTES = 16 << 20


def read_limited(path: str | Path, limit: int) -> str:
    """The file's text, reading at most `limit` bytes. Raises ValueError with a one-line reason."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ValueError(exc.strerror or str(exc)) from exc
    if len(data) > limit:
        raise ValueError(f"it is larger than the limit of {limit // 1024:,} KB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"it is not UTF-8 text (byte {exc.start})") from exc


def loads(text: str) -> Any:
    """json.loads; nesting deeper than Python can parse is a ValueError like any other bad JSON."""
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise ValueError("the JSON is nested too deeply") from exc
