"""A real `chroma run` server on loopback, for tests of the client/server path."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def chroma_server(path: Path, port: int | None = None):
    port = port or free_port()
    chroma = Path(sys.executable).with_name("chroma")
    log = open(path.parent / f"chroma-{port}.log", "w")
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"chroma run did not start: {(path.parent / f'chroma-{port}.log').read_text()}")
                time.sleep(0.2)
        yield port, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def replayed_records(index_dir: Path, collection: str) -> int:
    """Write-log records of a collection that its vector segment has not persisted: what every new
    process that opens the index reads back and replays before its first read."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(f"file:{index_dir / 'chroma.sqlite3'}?mode=ro", uri=True)) as db:
        return db.execute(
            "SELECT COUNT(*) FROM embeddings_queue q JOIN collections c ON q.topic LIKE '%/' || c.id "
            "JOIN segments s ON s.collection = c.id AND s.scope = 'VECTOR' "
            "LEFT JOIN max_seq_id m ON m.segment_id = s.id WHERE c.name = ? AND q.seq_id > COALESCE(m.seq_id, 0)",
            (collection,),
        ).fetchone()[0]
