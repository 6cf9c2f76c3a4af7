"""Find the files under the paths given to ingest, and say why each thing that is not a file is left out.

Symlinked folders are followed (a linked folder of roadmaps is indexed) but each real folder is read
once, so a link back to an ancestor is a warning, not an endless walk. Links that point nowhere or
at themselves, FIFOs, sockets, devices and folders that cannot be listed are warnings naming the
path. Nothing here opens a file: a FIFO can never block the walk.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

Lister = Callable[[str], Iterable[os.DirEntry]]
_KINDS = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device"}


@dataclass
class Found:
    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (path, reason)


def _status(path: str) -> tuple[os.stat_result | None, str]:
    """The stat of what `path` points to, or None and why it cannot be followed."""
    try:
        return os.stat(path), ""
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, "symlink loop"
        if os.path.islink(path):
            return None, f"dangling symlink (points to {os.readlink(path)!r}, which does not exist)"
        return None, f"cannot read: {exc.strerror or exc}"


def _kind(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def walk(root: Path, lister: Lister = os.scandir) -> Found:
    """Regular files under `root` (or `root` itself), sorted; hidden entries (".name") are not visited."""
    found = Found()
    status, why = _status(str(root))
    if status is None:
        found.skipped.append((root, why))
        return found
    if stat.S_ISREG(status.st_mode):
        found.files.append(root)
        return found
    if not stat.S_ISDIR(status.st_mode):
        found.skipped.append((root, f"{_kind(status.st_mode)}, not a file"))
        return found
    visited = {(status.st_dev, status.st_ino)}
    folders = [str(root)]
    while folders:
        folder = folders.pop()
        try:
            entries = sorted(lister(folder), key=lambda e: e.name)
        except OSError as exc:
            found.skipped.append((Path(folder), f"cannot list the folder: {exc.strerror or exc}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            status, why = _status(entry.path)
            if status is None:
                found.skipped.append((Path(entry.path), why))
            elif stat.S_ISDIR(status.st_mode):
                if (status.st_dev, status.st_ino) in visited:
                    found.skipped.append((Path(entry.path), "symlink loop (links to a folder already read)"))
                else:
                    visited.add((status.st_dev, status.st_ino))
                    folders.append(entry.path)
            elif stat.S_ISREG(status.st_mode):
                found.files.append(Path(entry.path))
            else:
                found.skipped.append((Path(entry.path), f"{_kind(status.st_mode)}, not a file"))
    found.files.sort()
    return found
