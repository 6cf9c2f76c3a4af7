"""The resource catalogue: a YAML list of resources the roadmaps recommend, validated on load."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from ingest.loaders import UnreadableSource
from rag.models import CatalogueResource

CATALOGUE_SUFFIXES = {".yaml", ".yml"}
# libyaml's parser when PyYAML was built with it (several times faster on a large catalogue); the
# same safe constructors either way
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def is_catalogue(path: Path) -> bool:
    return path.suffix.lower() in CATALOGUE_SUFFIXES


def load_catalogue(path: Path) -> list[CatalogueResource]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UnreadableSource(path, f"not a readable YAML catalogue ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("resources"), list):
        raise UnreadableSource(path, "a catalogue needs a top-level 'resources:' list")
    try:
        entries = [CatalogueResource.model_validate(item) for item in data["resources"]]
    except ValidationError as exc:
        first = exc.errors()[0]
        raise UnreadableSource(path, f"invalid entry at {first['loc']}: {first['msg']}") from exc
    ids = [entry.id for entry in entries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise UnreadableSource(path, f"duplicate resource ids: {', '.join(duplicates)}")
    return entries


def describe(entry: CatalogueResource, roadmap_titles: dict[str, str], page_words: str = "") -> str:
    """The passage a resource is retrieved and cited by. `page_words`: the page's own description
    from the last link check, labelled and dated, used only when the entry has none of its own."""
    where = "; ".join(
        f"{rec.stage} ({roadmap_titles.get(rec.roadmap, rec.roadmap)})" for rec in entry.recommended_by
    )
    facts = [f"{entry.title}: {entry.kind.replace('-', ' ')}"]
    if entry.provider:
        facts.append(f"by {entry.provider}")
    facts.append(f"cost: {entry.cost}")
    facts.append(f"level: {entry.level}")
    lines = [", ".join(facts) + "."]
    if entry.topics:
        lines.append("Topics: " + ", ".join(t.replace("-", " ") for t in entry.topics) + ".")
    if where:
        lines.append(f"Recommended in: {where}.")
    if entry.description:
        lines.append(" ".join(entry.description.split()))
    elif page_words:
        lines.append(page_words)
    if entry.url:
        lines.append(f"Link: {entry.url}")
    return "\n".join(lines)
