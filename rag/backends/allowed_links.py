"""The links an LLM answer may give, and the resource links it gets: only a catalogue entry's url or
a roadmap's own Markdown link (never one on an instruction-like line), compared in one normal form."""

from __future__ import annotations

import re
from typing import Iterable

from rag.extractive import CitationBook
from rag.grounding import plain
from rag.intents.injection import instruction_like
from rag.models import Passage, ResourceLink

URL = re.compile(r"https?://[^\s<>()\[\]{}\"'`|]+", re.I)
MD_LINK = re.compile(r"\[([^\]\n]{0,200})\]\((https?://[^)\s]+)\)")


def normalise_url(url: str) -> str:
    url = url.strip().rstrip(".,;:!?*_'\"")
    match = re.match(r"(?i)^(https?)://([^/]+)(.*)$", url)
    if not match:
        return url
    scheme, host, rest = match.groups()
    host = host.lower()
    host = host[4:] if host.startswith("www.") else host
    return f"{host}{rest}".rstrip("/")


def urls_in(passages: Iterable[Passage]) -> set[str]:
    """The URLs an answer may give: catalogue entries' urls and the roadmaps' own Markdown links,
    except links on an instruction-like line (an injected "visit https://..." is not a resource)."""
    found: set[str] = set()
    for p in passages:
        if p.url:
            found.add(normalise_url(p.url))
        suspicious = [line for line in p.text.split("\n") if instruction_like(line)]
        for link in p.links:
            url = link.get("url")
            anchor = (link.get("text") or "").strip()
            if url and not any(url in line or (anchor and anchor in line) for line in suspicious):
                found.add(normalise_url(url))
    return found


def resource_links(text: str, cited: list[Passage], shown: list[Passage], book: CitationBook) -> list[ResourceLink]:
    """The answer's resource links: the allowed URLs its text gives (titled by their Markdown label, else
    by the passage that lists them) and the catalogue entries it cites."""
    links: list[ResourceLink] = []
    seen: set[str] = set()

    def add(title: str, url: str, passage: Passage) -> None:
        key = normalise_url(url)
        if key in seen:
            return
        seen.add(key)
        links.append(ResourceLink(title=title, url=url, citation=book.number(passage),
                                  kind=passage.resource_kind, cost=passage.cost))

    labels = {normalise_url(m.group(2)): plain(m.group(1)) for m in MD_LINK.finditer(text)}
    for url in URL.findall(text):
        url = url.rstrip(".,;:!?*_")
        key = normalise_url(url)
        owner = next((p for p in cited + shown if key in urls_in([p])), None)
        if owner is not None:
            title = labels.get(key) or _resource_title(owner, key)
            add(title, owner.url if owner.url and normalise_url(owner.url) == key else url, owner)
    for passage in cited:
        if passage.kind == "resource" and passage.url:
            add(_resource_title(passage, normalise_url(passage.url)), passage.url, passage)
    return links




def _resource_title(passage: Passage, key: str) -> str:
    for link in passage.links:
        if normalise_url(link.get("url", "")) == key and link.get("text"):
            return link["text"]
    return passage.section.split(" > ")[-1] if passage.kind == "resource" else (passage.url or key)
