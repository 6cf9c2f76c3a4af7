"""What the last link check found, stored beside the index and read without any network.

`advisor links check` (see `rag.link_check`) writes one record per resource URL; answers, cards,
plans and the next ingest read them here. The store is one JSON file, replaced atomically: beside
an embedded index (`<db>.links.json`), or in the state directory for a Chroma server.

Text fetched from a page is a stranger's words: it is flattened to one plain line, stripped of
Markdown and HTML syntax, cut short, dropped when it addresses a model, and always shown labelled
as the page's own words with the date it was fetched.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from rag.models import Answer, Passage, ResourceLink
from rag.settings import Settings

log = logging.getLogger(__name__)

LinkStatus = Literal["ok", "redirected", "broken", "unreachable"]
STATUSES: tuple[LinkStatus, ...] = ("ok", "redirected", "broken", "unreachable")
STORE_VERSION = 1
MAX_TITLE_CHARS = 160
MAX_DESCRIPTION_CHARS = 300
# How a fetched description is introduced wherever it is shown or indexed.
PAGE_WORDS_LABEL = "The page describes itself"
# Lines of a catalogue passage that are facts, not a description (see ingest.catalogue.describe).
_FACT_PREFIXES = ("Topics:", "Recommended in:", "Link:", PAGE_WORDS_LABEL)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_MARKUP = re.compile(r"[<>\[\]`*|#$\\]")


def now_utc() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def clean_page_text(text: str | None, limit: int) -> str:
    """A title or description from a web page as one inert line: no controls, no Markdown or HTML
    syntax, no instructions to a model, at most `limit` characters (cut at a word)."""
    from rag.intents import instruction_like

    if not text:
        return ""
    flat = " ".join(_MARKUP.sub(" ", _CONTROL.sub(" ", text)).split())
    if not flat or instruction_like(flat):
        return ""
    if len(flat) > limit:
        cut = flat.rfind(" ", 0, limit)
        flat = flat[: cut if cut > limit * 0.6 else limit].rstrip(" ,;:") + "…"
    return flat


class LinkHealth(BaseModel):
    """One URL as the last check saw it."""

    url: str
    status: LinkStatus
    code: int | None = None  # the final HTTP status, when the server answered
    reason: str = ""  # why it is broken or unreachable, in words
    final_url: str | None = None
    redirects: list[str] = Field(default_factory=list)  # each Location followed, in order
    content_type: str = ""
    title: str = ""
    description: str = ""
    checked_at: datetime
    described_at: datetime | None = None  # first check that fetched this same description

    @property
    def checked_on(self) -> str:
        return self.checked_at.date().isoformat()

    @property
    def broken(self) -> bool:
        return self.status == "broken"

    def problem(self) -> str | None:
        """One line for the problems list (None when the link is fine)."""
        if self.status == "ok":
            return None
        if self.status == "redirected":
            return f"redirected: {self.url} -> {self.final_url}"
        code = f" (HTTP {self.code})" if self.code else ""
        return f"{self.status}{code}: {self.url}: {self.reason}" if self.reason else f"{self.status}{code}: {self.url}"


class LinkCheckSummary(BaseModel):
    """The figures of one run of `advisor links check`."""

    checked_at: datetime
    seconds: float = 0.0
    checked: int = 0
    ok: int = 0
    redirected: int = 0
    broken: int = 0
    unreachable: int = 0
    unchecked: int = 0  # links the total deadline left unchecked (their earlier records are kept)
    problems: list[str] = Field(default_factory=list)

    @classmethod
    def of(cls, records: list[LinkHealth], *, checked_at: datetime, seconds: float, unchecked: int = 0) -> "LinkCheckSummary":
        counts = {status: sum(1 for r in records if r.status == status) for status in STATUSES}
        problems = [p for p in (r.problem() for r in records) if p]
        return cls(checked_at=checked_at, seconds=round(seconds, 3), checked=len(records), unchecked=unchecked,
                   problems=problems, **counts)

    def to_json(self) -> dict:
        keys = ("checked", "ok", "redirected", "broken", "unreachable", "unchecked", "seconds", "problems")
        data = {key: getattr(self, key) for key in keys}
        data["checked_at"] = self.checked_at.isoformat()
        return data


class LinkHealthBook:
    """The stored records, read-only: what answers, cards, plans and ingest consult."""

    def __init__(self, records: dict[str, LinkHealth] | None = None, last_run: LinkCheckSummary | None = None):
        self.records = records or {}
        self.last_run = last_run

    def get(self, url: str | None) -> LinkHealth | None:
        return self.records.get(url) if url else None

    def is_broken(self, url: str | None) -> bool:
        """True when the last check found this URL broken (a plan leaves such links out)."""
        record = self.get(url)
        return bool(record and record.broken)

    def page_description(self, url: str | None) -> str:
        """The page's own description, labelled with its date, or "" (for a resource without one)."""
        record = self.get(url)
        if not record or not record.description or record.status not in {"ok", "redirected"}:
            return ""
        when = (record.described_at or record.checked_at).date().isoformat()
        return f'{PAGE_WORDS_LABEL} (fetched {when}): "{record.description}"'

    def fingerprint(self) -> str:
        """Changes exactly when an indexed description would change (for ingest's source hashes)."""
        described = sorted((url, self.page_description(url)) for url in self.records if self.page_description(url))
        return hashlib.sha256(json.dumps(described).encode()).hexdigest()[:16] if described else ""


class LinkHealthStore:
    def __init__(self, path: Path):
        self.path = Path(path)

    @classmethod
    def for_settings(cls, settings: Settings) -> "LinkHealthStore":
        if settings.chroma_host:
            name = f"links-{settings.chroma_host}-{settings.chroma_port}-{settings.collection}.json"
            return cls(Path(settings.state_dir) / name)
        db = Path(settings.db_dir)
        return cls(db.parent / f"{db.name}.links.json")

    def load(self) -> LinkHealthBook:
        """The stored records; an absent or unreadable file is an empty book (links unchecked)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            records = {url: LinkHealth.model_validate(r) for url, r in data.get("links", {}).items()}
            last = data.get("last_run")
            return LinkHealthBook(records, LinkCheckSummary.model_validate(last) if last else None)
        except FileNotFoundError:
            return LinkHealthBook()
        except (OSError, ValueError, AttributeError, ValidationError) as exc:
            log.warning("ignoring the unreadable link-check results in %s: %s", self.path, exc)
            return LinkHealthBook()

    def save(self, records: list[LinkHealth], summary: LinkCheckSummary, *, indexed: set[str]) -> None:
        """Store a run: its records replace earlier ones, URLs it could not reach before the deadline
        keep their earlier record, URLs no longer in the index are dropped."""
        previous = self.load().records
        merged = {url: r for url, r in previous.items() if url in indexed}
        for record in records:
            before = previous.get(record.url)
            if record.description and before and before.description == record.description:
                record = record.model_copy(update={"described_at": before.described_at or before.checked_at})
            merged[record.url] = record
        data = {
            "version": STORE_VERSION,
            "last_run": summary.model_dump(mode="json"),
            "links": {url: merged[url].model_dump(mode="json", exclude_none=True) for url in sorted(merged)},
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=1)
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


_CACHE: dict[Path, tuple[tuple[int, int], LinkHealthBook]] = {}
_CACHE_LOCK = threading.Lock()


def load_link_health(settings: Settings) -> LinkHealthBook:
    """The book for this index, re-read only when the file changed (one stat per call)."""
    store = LinkHealthStore.for_settings(settings)
    try:
        stat = store.path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        return LinkHealthBook()
    with _CACHE_LOCK:
        cached = _CACHE.get(store.path)
        if cached and cached[0] == stamp:
            return cached[1]
    book = store.load()
    with _CACHE_LOCK:
        _CACHE[store.path] = (stamp, book)
    return book


def is_broken(url: str | None, settings: Settings) -> bool:
    """Whether the last check found `url` broken, for callers that hold settings (plans)."""
    return load_link_health(settings).is_broken(url)


def broken_links(settings: Settings):
    """`is_broken` for one index, re-reading the stored check whenever it changes (for plans)."""
    return lambda url: is_broken(url, settings)


# -- answers --------------------------------------------------------------------------------------
def broken_note(record: LinkHealth) -> str:
    return f"link broken when checked on {record.checked_on}"


def has_own_description(passage: Passage) -> bool:
    """A catalogue passage carries a description written for it (not only facts and a link)."""
    lines = [line.strip() for line in passage.text.split("\n")[1:]]
    return any(line and not line.startswith(_FACT_PREFIXES) for line in lines)


def with_link_health(answer: Answer, book: LinkHealthBook, passages: list[Passage]) -> Answer:
    """The answer with each resource's last check applied: a broken link is marked in the resource
    and after its every Markdown link in the text; a resource without a description of its own
    gets the page's (labelled, dated). Idempotent; an empty book changes nothing."""
    if not book.records or not answer.resources:
        return answer
    described = {p.url for p in passages if p.kind == "resource" and p.url and has_own_description(p)}
    resources: list[ResourceLink] = []
    text = answer.answer
    for resource in answer.resources:
        record = book.get(resource.url)
        if record is None:
            resources.append(resource)
            continue
        update: dict = {"health": record.status, "checked": record.checked_on}
        if resource.url not in described and book.page_description(resource.url):
            update["page_description"] = book.page_description(resource.url)
        if record.broken:
            text = _mark_links(text, resource.url, broken_note(record))
        resources.append(resource.model_copy(update=update))
    return answer.model_copy(update={"resources": resources, "answer": text})


def _mark_links(text: str, url: str, note: str) -> str:
    marker = f" ({note})"
    pattern = re.compile(re.escape(f"]({url})") + f"(?!{re.escape(marker)})")
    return pattern.sub(lambda m: m.group(0) + marker, text)


def resource_notes(resource: ResourceLink) -> list[str]:
    """What a card or terminal shows under a resource: its broken mark and the page's own words."""
    notes = []
    if resource.health == "broken" and resource.checked:
        notes.append(f"link broken when checked on {resource.checked}")
    if resource.page_description:
        notes.append(resource.page_description)
    return notes
