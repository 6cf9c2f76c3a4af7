"""Fetch every resource URL of the index once and record what happened (the network part of
`advisor links check`; the records live in `rag.link_health`).

Bounded on every side: a number of requests at once (and at most two per host), a timeout per
request that covers connecting, the headers and the body, a total deadline after which the rest is
left unchecked, a body size limit (HTML only, read as a stream until </head>), and a redirect limit
with loop detection. Redirects are followed by hand so each hop is recorded.

Never run at answer time or during ingest: only this command and the UI's button call it.
"""

from __future__ import annotations

import asyncio
import errno
import socket
import time
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urljoin, urlsplit

from rag.link_health import (
    MAX_DESCRIPTION_CHARS,
    MAX_TITLE_CHARS,
    LinkCheckSummary,
    LinkHealth,
    LinkHealthStore,
    clean_page_text,
    now_utc,
)
from rag.page_head import parse_head
from rag.settings import Settings

Progress = Callable[[int, int, dict], None]  # (done, total, counts by status)
USER_AGENT = "Mozilla/5.0 (compatible; advisor-link-check/1.0; checks roadmap resource links)"
# An answer that means "you may not look", not "gone": the link is not called broken for it.
REFUSED = {401: "the site asks for a login", 403: "the site refused an automated check",
           407: "a proxy asks for a login", 429: "the site limits automated requests",
           999: "the site refused an automated check"}
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class CheckLimits:
    timeout_s: float = 10.0
    concurrency: int = 8
    per_host: int = 2
    deadline_s: float = 300.0
    max_body_bytes: int = 256 * 1024
    max_redirects: int = 10


@dataclass
class LinkCheckReport:
    summary: LinkCheckSummary
    records: list[LinkHealth]
    offline: bool = False  # no link answered at all: nothing was stored
    stored: bool = False

    def offline_message(self) -> str:
        first = next((r.reason for r in self.records if r.reason), "no answer")
        return (f"No network: none of the {len(self.records)} links could be reached ({first}); "
                "the stored link check was left unchanged.")


@dataclass
class _Hop:
    code: int
    location: str | None = None
    content_type: str = ""
    head: bytes = b""


def is_web_url(url: str | None) -> bool:
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return False
    return parts.scheme in {"http", "https"} and bool(parts.hostname)


class LinkChecker:
    def __init__(self, limits: CheckLimits | None = None):
        self.limits = limits or CheckLimits()

    def check(self, urls: list[str], progress: Progress | None = None) -> tuple[list[LinkHealth], int]:
        """One record per URL checked before the deadline, and how many were left unchecked."""
        return asyncio.run(self._check_all(list(dict.fromkeys(urls)), progress or (lambda *_: None)))

    async def _check_all(self, urls: list[str], progress: Progress) -> tuple[list[LinkHealth], int]:
        import httpx

        limits = self.limits
        gate = asyncio.Semaphore(max(1, limits.concurrency))
        hosts: dict[str, asyncio.Semaphore] = {}
        records: list[LinkHealth] = []
        counts = {"ok": 0, "redirected": 0, "broken": 0, "unreachable": 0}

        async def one(client, url: str) -> None:
            host = urlsplit(url).hostname or ""
            async with hosts.setdefault(host, asyncio.Semaphore(max(1, limits.per_host))), gate:
                record = await self._check_one(client, url)
            records.append(record)
            counts[record.status] += 1
            progress(len(records), len(urls), dict(counts))

        client = httpx.AsyncClient(
            follow_redirects=False, timeout=httpx.Timeout(limits.timeout_s),
            headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"},
            limits=httpx.Limits(max_connections=max(1, limits.concurrency)),
        )
        progress(0, len(urls), dict(counts))
        try:
            tasks = [asyncio.ensure_future(one(client, url)) for url in urls]
            if tasks:
                _, pending = await asyncio.wait(tasks, timeout=limits.deadline_s)
                for task in pending:
                    task.cancel()
                await asyncio.gather(*pending, return_exceptions=True)
        finally:
            await _close_quietly(client, limits.timeout_s)
        return records, len(urls) - len(records)

    async def _check_one(self, client, url: str) -> LinkHealth:
        import httpx

        checked_at = now_utc()
        chain: list[str] = []
        current = url
        if not is_web_url(url):
            return LinkHealth(url=url, status="unreachable", reason="not an http(s) URL", checked_at=checked_at)
        for _ in range(self.limits.max_redirects + 1):
            try:
                hop = await asyncio.wait_for(self._fetch(client, current), self.limits.timeout_s)
            except (asyncio.TimeoutError, httpx.TimeoutException):
                return _unreachable(url, chain, f"no answer within {self.limits.timeout_s:g} s", checked_at)
            except httpx.HTTPError as exc:
                return _unreachable(url, chain, _reason(exc), checked_at)
            if hop.location is None:
                return _finish(url, chain, current, hop, checked_at)
            target = urljoin(current, hop.location)
            if not is_web_url(target):
                return LinkHealth(url=url, status="broken", code=hop.code, final_url=current, redirects=chain,
                                  reason=f"redirects to a non-web address {target[:80]}", checked_at=checked_at)
            if target == url or target in chain:
                loop = " -> ".join([url, *chain, target][-4:])
                return LinkHealth(url=url, status="broken", code=hop.code, final_url=current, redirects=chain + [target],
                                  reason=f"redirect loop: {loop}", checked_at=checked_at)
            chain.append(target)
            current = target
        return LinkHealth(url=url, status="broken", code=hop.code, final_url=current, redirects=chain,
                          reason=f"more than {self.limits.max_redirects} redirects", checked_at=checked_at)

    async def _fetch(self, client, url: str) -> _Hop:
        async with client.stream("GET", url) as response:
            content_type = response.headers.get("content-type", "")
            location = response.headers.get("location") if response.is_redirect else None
            hop = _Hop(code=response.status_code, location=location, content_type=content_type)
            if location is None and response.status_code < 300 and content_type.split(";")[0].strip().lower() in HTML_TYPES:
                hop.head = await self._read_head(response)
            return hop

    async def _read_head(self, response) -> bytes:
        """The body up to </head> or the size limit, whichever comes first; the rest is never read."""
        body = bytearray()
        async for piece in response.aiter_bytes():
            body += piece
            if len(body) >= self.limits.max_body_bytes:
                return bytes(body[: self.limits.max_body_bytes])
            window = bytes(body[-len(piece) - 8:]).lower()
            if b"</head" in window or b"<body" in window:
                break
        return bytes(body)


def _finish(url: str, chain: list[str], final: str, hop: _Hop, checked_at) -> LinkHealth:
    base = dict(url=url, code=hop.code, final_url=final, redirects=chain, checked_at=checked_at,
                content_type=hop.content_type.split(";")[0].strip().lower())
    if hop.code in REFUSED:
        return LinkHealth(status="unreachable", reason=REFUSED[hop.code], **base)
    if hop.code >= 300:
        return LinkHealth(status="broken", reason=_http_reason(hop.code), **base)
    head = parse_head(hop.head, hop.content_type) if hop.head else None
    return LinkHealth(
        status="redirected" if chain and final != url else "ok",
        title=clean_page_text(head.title, MAX_TITLE_CHARS) if head else "",
        description=clean_page_text(head.description, MAX_DESCRIPTION_CHARS) if head else "",
        **base,
    )


def _unreachable(url: str, chain: list[str], reason: str, checked_at) -> LinkHealth:
    return LinkHealth(url=url, status="unreachable", reason=reason, redirects=chain,
                      final_url=chain[-1] if chain else None, checked_at=checked_at)


def _http_reason(code: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(code).phrase.lower()
    except ValueError:
        return f"HTTP {code}"


def _reason(exc: Exception) -> str:
    """The cause in words: the operating system's error when there is one (connection refused,
    name not resolved, network unreachable), else httpx's."""
    import httpx

    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, socket.gaierror):
            return "the host name does not resolve"
        if isinstance(cause, OSError) and cause.errno in _ERRNO_WORDS:
            return _ERRNO_WORDS[cause.errno]
        cause = cause.__cause__ or cause.__context__
    text = (str(exc) or exc.__class__.__name__)[:120]
    if isinstance(exc, httpx.ConnectError):
        return ("TLS error: " if "ssl" in text.lower() or "certificate" in text.lower() else "cannot connect: ") + text
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the server broke the connection: " + text
    return f"{exc.__class__.__name__}: {text}"


_ERRNO_WORDS = {
    errno.ECONNREFUSED: "connection refused", errno.ENETUNREACH: "network unreachable",
    errno.EHOSTUNREACH: "host unreachable", errno.ECONNRESET: "connection reset",
    errno.ETIMEDOUT: "connection timed out",
}


async def _close_quietly(client, timeout_s: float) -> None:
    try:
        await asyncio.wait_for(client.aclose(), timeout_s)
    except Exception:  # noqa: BLE001 - closing is best effort; every result is already recorded
        pass


# -- the whole run ------------------------------------------------------------------------------
def index_urls(settings: Settings) -> list[str]:
    """Every http(s) URL the index recommends: resource passages and links inside roadmap passages."""
    from rag.stores import open_store

    store = open_store(settings).open_for_read()
    urls: list[str] = []
    for passage in store.all_passages():
        if passage.kind == "resource" and passage.url:
            urls.append(passage.url)
        urls.extend(link.get("url", "") for link in passage.links)
    return sorted({u for u in urls if is_web_url(u)})


def run_link_check(settings: Settings, limits: CheckLimits | None = None, *, progress: Progress | None = None,
                   urls: list[str] | None = None, checker: LinkChecker | None = None) -> LinkCheckReport:
    """Check the index's links and store the results, unless nothing answered (offline), in which
    case nothing is stored and `offline` says so."""
    started = time.perf_counter()
    checked_at = now_utc()
    urls = index_urls(settings) if urls is None else urls
    records, unchecked = (checker or LinkChecker(limits)).check(urls, progress)
    summary = LinkCheckSummary.of(records, checked_at=checked_at, seconds=time.perf_counter() - started,
                                  unchecked=unchecked)
    report = LinkCheckReport(summary=summary, records=records)
    if records and all(r.status == "unreachable" and r.code is None for r in records):
        report.offline = True
        return report
    if records:
        LinkHealthStore.for_settings(settings).save(records, summary, indexed=set(urls))
        report.stored = True
    return report
