"""Document ids of roadmaps: a stable slug per source, kept across runs and unique in the index."""

from __future__ import annotations

import hashlib
import re

from ingest.naming import naming_stem
from ingest.sources import Source


def doc_id_for(key: str, taken: set[str]) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", naming_stem(key).lower()).strip("-") or "document"
    if slug in taken:
        slug = f"{slug}-{hashlib.sha256(key.encode()).hexdigest()[:6]}"
    taken.add(slug)
    return slug


def assign_doc_ids(roadmaps: list[Source], manifest: dict, reserved: set[str] = frozenset()) -> dict[str, str]:
    """Each roadmap's document id. A source already indexed keeps its id (an unchanged source is not
    parsed again, so its passages and structure keep naming it); a new one gets a slug of its file
    name that no other source has, e.g. `corpus/a/x.md` added beside `corpus/b/x.md` gets `x-1a2b3c`."""
    taken: set[str] = set(reserved)  # the ids of sources kept from other paths
    doc_ids: dict[str, str] = {}
    for source in roadmaps:
        entry = manifest.get(source.key)
        if entry is not None and entry.structure is not None and entry.structure.doc_id not in taken:
            doc_ids[source.key] = entry.structure.doc_id
            taken.add(entry.structure.doc_id)
    for source in roadmaps:
        if source.key not in doc_ids:
            doc_ids[source.key] = doc_id_for(source.key, taken)
    return {source.key: doc_ids[source.key] for source in roadmaps}
