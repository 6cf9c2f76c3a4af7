"""Every link of a roadmap as a catalogue resource, so resource answers work on any folder.

A hand-written catalogue entry (corpus/resources.yaml) for the same URL wins: the roadmap's own copy
is not made. Links that are not learning resources (profiles, job boards, social sites, badges) are
classified as such and, like their hand-written counterparts, get no passage of their own.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Callable
from urllib.parse import urlparse

from ingest.catalogue import describe, load_catalogue
from ingest.chunking import Chunk, chunk_id, split_to_budget
from ingest.links import classify, cost_in, host_of
from ingest.navigation import is_navigation
from ingest.stages import strip_symbols
from ingest.structure import LINK, ParsedDocument, clean_inline
from rag.intents import instruction_like
from rag.models import CatalogueResource, Recommendation, RoadmapStructure

RESOURCE_ID_PREFIX = "resource-"  # chunk ids of derived resources, so a manifest can count them unread
CATALOGUE_DOC_ID = "resources"
CATALOGUE_TITLE = "Resource catalogue"


def url_key(url: str) -> str:
    """The same resource whatever the spelling: host case, "www.", a trailing slash, a fragment."""
    parsed = urlparse(url.strip())
    host = (parsed.hostname or "").lower().removeprefix("www.")
    path = parsed.path.rstrip("/")
    return f"{host}{path}" + (f"?{parsed.query}" if parsed.query else "")


def handwritten_urls(paths: list[Path], load: Callable[[Path], list[CatalogueResource]] = load_catalogue) -> set[str]:
    """URL keys of every entry of the catalogues given; an unreadable catalogue adds none (the
    sync reports it when it reaches it). `load`: the sync passes its own, which reads a file once."""
    from ingest.loaders import UnreadableSource

    keys: set[str] = set()
    for path in paths:
        try:
            keys.update(url_key(entry.url) for entry in load(path) if entry.url)
        except UnreadableSource:
            continue
    return keys


def with_catalogues(roadmap_hash: str, catalogue_hashes: list[str]) -> str:
    """A roadmap's hash covers the catalogues beside it: a hand-written entry may replace one of its links."""
    if not catalogue_hashes:
        return roadmap_hash
    return hashlib.sha256("|".join([roadmap_hash, *sorted(catalogue_hashes)]).encode()).hexdigest()


def derive_resources(parsed: ParsedDocument, handwritten: set[str]) -> list[CatalogueResource]:
    """One resource per distinct URL of the roadmap not catalogued by hand, with every stage that links it."""
    structure = parsed.structure
    lines_of: dict[str, list[str]] = {}  # url -> the lines that link it, in document order (as the links are)
    for section in parsed.sections:
        for line in section.lines:
            for _, url in LINK.findall(line):
                lines_of.setdefault(url, []).append(line)
    found: dict[str, CatalogueResource] = {}
    for link in structure.links:
        key = url_key(link.url)
        occurrences = lines_of.get(link.url, [])
        line = occurrences.pop(0) if len(occurrences) > 1 else (occurrences[0] if occurrences else "")
        kind, learning = classify(link.url, link.text)
        if link.stage_index is None and kind not in SELF_EVIDENT and not _listed(line, link.section):
            learning = False  # a link in the prose around the stages ("the repo", "this spreadsheet") is navigation
        if is_navigation(link.text, link.url):
            learning = False  # a language switcher, a badge, a sponsor or "back to top" link steers, it does not teach
        if instruction_like(line) or instruction_like(link.text):
            learning = False  # a link planted in a line addressed to a model is no recommendation
        link.learning = learning  # kept with the structure, for listings
        if not key or key in handwritten or instruction_like(line) or instruction_like(link.text):
            continue
        where = _where(structure, link.stage_index, link.section)
        entry = found.get(key)
        if entry is not None:
            if where and all(r.stage != where for r in entry.recommended_by):
                entry.recommended_by.append(Recommendation(roadmap=structure.doc_id, stage=where))
            entry.learning_resource = entry.learning_resource or learning  # listed in a stage after all
            continue
        found[key] = CatalogueResource(
            id=_resource_id(link.text, key),
            title=link.text[:200] or key,
            url=link.url,
            kind=kind,
            provider=host_of(link.url),
            cost=cost_in(line),
            topics=_topics(structure, link.stage_index, link.section),
            recommended_by=[Recommendation(roadmap=structure.doc_id, stage=where)] if where else [],
            learning_resource=learning,
            description=_description(line, link.text),
        )
    return list(found.values())


NAVIGATION_SECTION = re.compile(
    r"\b(team|contributors?|contributing|how to contribute|community|code of conduct|licen[cs]e|acknowledg|"
    r"sponsors?|support|contact|about the author|authors?)\b", re.I)
SELF_EVIDENT = {"book", "video", "video-playlist", "paper"}  # learning material wherever a roadmap links it
RESOURCE_SECTION = re.compile(
    r"resource|course|book|read|tool|notebook|reference|link|video|tutorial|material|learn|paper|article|blog|"
    r"podcast|newsletter", re.I)
# a list item led by a link, or a line that is a link (with at most a ": what it is" after it)
LINK_LED = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+(?:\*\*|__)?\[|^\s*\[[^\]\n]+\]\([^)\s]+\)\s*(?:$|[:\-–—(])|"
                      r"^\s*(?:[-*+•]|\d+[.)])\s+[^\[\]\n]{1,80}?:\s*\[[^\]\n]+\]\([^)\s]+\)\s*$|"  # "- Name: URL"
                      r"^\s*(?:[-*+•]|\d+[.)])\s+[^\[\]\n]{1,80}?\s\[https?://[^\]\s]+\]\([^)\s]+\)\s*$")  # "- Name URL"


def _listed(line: str, section: str) -> bool:
    """A link listed as a resource: in a section about resources, led by the link, or a table row."""
    if NAVIGATION_SECTION.search(section.split(" > ")[-1] if section else ""):
        return False
    return bool(RESOURCE_SECTION.search(section) or LINK_LED.match(line) or line.count("|") >= 2)


def count_learning_resources(structure: RoadmapStructure) -> int:
    """Distinct learning resources a roadmap links (hand-written or not), for listings."""
    return len({url_key(l.url) for l in structure.links if l.learning})


def _where(structure: RoadmapStructure, stage_index: int | None, section: str) -> str:
    stage = structure.stage(stage_index) if stage_index is not None else None
    if stage is not None:
        return stage.title
    return section.split(" > ")[0] if section else ""


def _topics(structure: RoadmapStructure, stage_index: int | None, section: str) -> list[str]:
    stage = structure.stage(stage_index) if stage_index is not None else None
    names = [stage.title, stage.group] if stage is not None else section.split(" > ")[-1:]
    topics = []
    for name in names:
        name = re.sub(r"^\d{1,2}\s*[.)]\s*", "", strip_symbols(name or "")).strip().lower()
        if name and name not in {"main", "resources", "steps", "options", "quarters"} and name not in topics:
            topics.append(name.replace(" ", "-"))
    return topics


def _description(line: str, title: str) -> str:
    """What the roadmap says around the link, in its own words: not a checklist's box ("[X] Book: ..."
    said the title again) nor a URL written out ("- NumPy: https://numpy.org/learn/" said the link)."""
    text = re.sub(r"^\s*(?:[-*+•]|\d+[.)])\s+(?:\[[ xX]\]\s+)?", "", clean_inline(line))
    text = " ".join(re.sub(r"\bhttps?://\S+", " ", text).split()).strip(" :-–—|")
    if text.startswith(title):
        text = text[len(title):].strip(" :-–—|")
    return text if len(re.findall(r"[A-Za-z]{3,}", text)) >= 3 and text != title else ""


def _resource_id(title: str, key: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:48] or "link"
    return f"{slug}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"


def resource_chunks(entries: list[CatalogueResource], *, source: str, source_hash: str, titles: dict[str, str],
                    max_tokens: int, count: Callable[[str], int], pages=None, derived: bool = True) -> list[Chunk]:
    """The passages a resource is retrieved and cited by: one per learning resource. A roadmap's
    derived resources carry RESOURCE_ID_PREFIX and their source in the id (two roadmaps may link the
    same URL); a hand-written catalogue's entries are unique by their own id."""
    chunks = []
    for entry in entries:
        if not entry.learning_resource:
            continue
        section = f"Resources > {entry.title}"
        prefix = f"{CATALOGUE_TITLE} > {section}"
        body = describe(entry, titles, pages.page_description(entry.url) if pages else "")
        if count(f"{prefix}\n{body}") > max_tokens:
            body = split_to_budget(body.split("\n"), max_tokens - count(prefix), count)[0]
        text = f"{prefix}\n{body}"
        chunks.append(Chunk(
            id=RESOURCE_ID_PREFIX + chunk_id(CATALOGUE_DOC_ID, source, entry.id, text) if derived
            else chunk_id(CATALOGUE_DOC_ID, entry.id, text),
            text=text,
            body=body,
            metadata={
                "source": source, "doc_id": CATALOGUE_DOC_ID, "title": CATALOGUE_TITLE, "section": section,
                "stage_index": -1, "stage_title": "", "kind": "resource", "url": entry.url or "",
                "resource_id": entry.id, "resource_kind": entry.kind, "cost": entry.cost,
                "recommended_in": "; ".join(f"{r.roadmap}: {r.stage}" for r in entry.recommended_by),
                "links": "[]", "source_hash": source_hash,
            },
        ))
    return chunks
