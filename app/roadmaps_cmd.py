"""`advisor roadmaps`: what the index holds, each roadmap with its stages in order.

Read from the structure stored with each source (rag's store), so it shows exactly what answers
and plans are built on, without loading the embedding model.
"""

from __future__ import annotations

import argparse
import json

from pydantic import BaseModel

from rag.models import RoadmapStructure, StageEstimate

# a roadmap without ordered stages is a collection of sections, answered from them like any other
STAGELESS_NOTE = ("No ordered stages (the document gives no order): questions are answered from its sections, and a "
                  "plan takes its top-level sections in document order.")


class StageRow(BaseModel):
    title: str
    index: int
    group: str
    topics: int
    links: int
    estimate: StageEstimate | None = None


class RoadmapRow(BaseModel):
    title: str
    source: str
    doc_id: str
    stages: list[StageRow]
    resources: int  # distinct learning resources the roadmap links (profiles, social, badges left out)


def overview(structures: list[RoadmapStructure]) -> list[RoadmapRow]:
    from ingest.resources import count_learning_resources

    rows = []
    for structure in sorted(structures, key=lambda s: s.source):
        stages = [
            StageRow(title=s.title, index=s.index, group=s.group, topics=len(s.topics), links=len(s.links),
                     estimate=s.estimate)
            for s in sorted(structure.stages, key=lambda s: s.index)
        ]
        rows.append(RoadmapRow(title=structure.title, source=structure.source, doc_id=structure.doc_id,
                               stages=stages, resources=count_learning_resources(structure)))
    return rows


def estimate_text(estimate: StageEstimate | None) -> str:
    if estimate is None:
        return ""
    if estimate.hours_low is None:
        return estimate.text
    hours = f"{estimate.hours_low:g}" if estimate.hours_low == estimate.hours_high else (
        f"{estimate.hours_low:g}-{estimate.hours_high:g}")
    return f"{estimate.text} (~{hours} h)"


def register(sub) -> None:
    roadmaps = sub.add_parser("roadmaps", help="list the roadmaps in the index with their stages in order")
    roadmaps.add_argument("--db", help="index directory (default: .advisor/index)")
    roadmaps.add_argument("--json", action="store_true", help="print one JSON object")
    roadmaps.set_defaults(func=cmd_roadmaps)


def cmd_roadmaps(args: argparse.Namespace) -> int:
    from rag.settings import get_settings
    from rag.stores import open_store

    settings = get_settings(db_dir=args.db)
    rows = overview(open_store(settings).open_for_read().structures())
    if args.json:
        print(json.dumps({"roadmaps": [row.model_dump() for row in rows]}))
        return 0
    if not rows:
        print(f"The index at {settings.index_location()} holds no roadmap (only a resource catalogue).")
        return 0
    for row in rows:
        print(f"{row.title}")
        print(f"  source: {row.source} · id: {row.doc_id} · {len(row.stages)} stages · {row.resources} resources")
        if not row.stages:
            print(f"  {STAGELESS_NOTE}")
        group = None
        for stage in row.stages:
            if stage.group != group:
                group = stage.group
                print(f"  [{group}]")
            estimate = estimate_text(stage.estimate)
            print(f"    {stage.index:>3}  {stage.title} ({stage.topics} topics, {stage.links} links)"
                  + (f" · {estimate}" if estimate else ""))
        print()
    return 0
