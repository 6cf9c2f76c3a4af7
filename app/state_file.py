"""A state file the app keeps in SQLite (feedback, profiles) that cannot be used is one project
error naming the file, shown where that file's panel is, never a traceback over the chat; the file
is left as it is."""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path
from typing import Self


def unusable_file_is(error: type[Exception], label: str, also: tuple[type[Exception], ...] = ()):
    """A method decorator for a store with a `path`: SQLite and file errors (and `also`) become
    `error`, with a one-line reason."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (sqlite3.Error, OSError, *also) as exc:
                reason = " ".join(str(exc).split())[:160]
                raise error(f"The {label} file {self.path} cannot be used ({reason}); "
                            "the chat works without it.") from None

        return wrapper

    return decorate


class SqliteFile:
    """A store kept in one SQLite file of the state directory, its schema made on first use."""

    FILE_NAME: str
    SCHEMA: str
    ISOLATION: str | None = ""  # sqlite3's default (transactions); None for autocommit

    def __init__(self, path: Path | str):
        self.path = Path(path)

    @classmethod
    def in_dir(cls, state_dir: Path | str) -> Self:
        return cls(Path(state_dir) / cls.FILE_NAME)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=self.ISOLATION)
        conn.execute(self.SCHEMA)
        return conn
