"""How a stored record (its id, the embedded text, its metadata) becomes a `Passage`: the store's
reads use it, and so may another store."""

from __future__ import annotations

import json

from rag.literal_refs import literal_refs
from rag.models import Passage

SHARED_METADATA = ("source", "title", "doc_id", "kind", "stage_title", "resource_kind", "cost")


def passage_from_record(chunk_id: str, document: str, metadata: dict, score: float = 0.0) -> Passage:
    body = document.split("\n", 1)[1] if "\n" in document else document
    stage_index = metadata.get("stage_index", -1)
    return Passage(
        chunk_id=chunk_id,
        source=metadata.get("source", ""),
        title=literal_refs(metadata.get("title", "")),  # a heading's "[1]" as well
        section=literal_refs(metadata.get("section", "")),
        text=literal_refs(body),  # a document's own "[1]" never reads as an answer's marker
        kind=metadata.get("kind", "roadmap"),
        doc_id=metadata.get("doc_id", ""),
        stage_index=None if stage_index is None or stage_index < 0 else int(stage_index),
        stage_title=literal_refs(metadata.get("stage_title", "")),
        url=metadata.get("url") or None,
        resource_id=metadata.get("resource_id") or None,
        resource_kind=metadata.get("resource_kind") or None,
        cost=metadata.get("cost") or None,
        links=json.loads(metadata.get("links") or "[]"),
        score=score,
    )
