"""Sub-commands beyond ingest: ask, chat, eval, bench, app."""

from __future__ import annotations


def register(sub) -> None:
    return None
