"""Safe rendering of document and model text for the Streamlit UI (pure functions, no Streamlit).

Everything that reaches the page from the corpus or from a model goes through here:

- `safe_markdown(text)` keeps Markdown formatting (lists, bold, tables, http/https links) but makes
  HTML inert (`<` and `>` become entities, so `<script>` shows as text), turns links and images to any
  other scheme (`javascript:`, `data:`, relative paths) into plain text, kills reference-style link
  definitions and remote images, and stops `$` from starting LaTeX.
- `plain_inline(text)` escapes every Markdown character: for titles and section paths.
- `safe_url(url)` returns the URL only when it is an absolute http(s) URL.
- `StreamSanitizer` applies `safe_markdown` to a token stream without ever splitting a construct.

Streamlit never renders raw HTML unless asked (`unsafe_allow_html`, which this app never passes with
document text); these functions are the second wall, and they keep the Markdown source itself clean.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator
from urllib.parse import quote, urlsplit

from rag.literal_refs import outside_code, without_code

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# `](` followed by an http(s) destination without spaces, optional balanced parentheses, an
# optional quoted title, and the closing parenthesis.
_SAFE_LINK_TAIL = re.compile(
    r"""\]\(\s*(?P<url>https?://(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))+)(?:\s+"[^"\n]*")?\s*\)""",
    re.IGNORECASE,
)
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:$>])")
_CITATION_MARKER = re.compile(r"\[(\d{1,3})\]")
BADGED = re.compile(r"(?<![\\\w])\[(\d{1,3})\](?!\()")


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) URL with a host and no whitespace or controls."""
    if not url or not isinstance(url, str):
        return None
    candidate = url.strip()
    if not candidate or any(c.isspace() for c in candidate) or _CONTROL.search(candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc or parts.netloc.startswith("@"):
        return None
    return candidate


def link_target(url: str) -> str:
    """An http(s) URL made safe to put inside Markdown `( )`: parentheses, quotes, backslashes,
    angle brackets and spaces percent-encoded; everything already-encoded kept."""
    return quote(url, safe="/:?#[]@!$&'*+,;=%~-._")


def _escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def safe_markdown(text: str | None) -> str:
    """Markdown that renders the same formatting but cannot run code or open non-http(s) links."""
    if not text:
        return ""
    out = _CONTROL.sub(" ", str(text))
    out = _escape_html(out)
    out = out.replace("$", "\\$")
    out = out.replace("![", "!&#91;")  # no images: they would fetch remote content
    out = out.replace("]:", "]&#58;")  # no reference-style link definitions

    pieces: list[str] = []
    position = 0
    for match in re.finditer(r"\]\(", out):
        start = match.start()
        if start < position:
            continue
        safe = _SAFE_LINK_TAIL.match(out, start)
        if safe:
            url = safe.group("url").replace("\\", "")
            pieces.append(out[position:start] + "](" + link_target(url) + ")")
            position = safe.end()
        else:
            pieces.append(out[position:start] + "]&#40;")  # the link syntax is broken: plain text
            position = start + 2
    pieces.append(out[position:])
    return "".join(pieces)


def plain_inline(text: str | None) -> str:
    """Text shown literally on one line: every Markdown and HTML character escaped."""
    if not text:
        return ""
    flat = " ".join(_CONTROL.sub(" ", str(text)).split())
    flat = _MARKDOWN_SPECIALS.sub(r"\\\1", flat)
    return flat.replace("&", "&amp;").replace("<", "&lt;")


def markdown_link(label: str, url: str | None) -> str:
    """`[label](url)` for http(s) URLs; otherwise the label and the URL as inert text."""
    target = safe_url(url)
    if target:
        return f"[{plain_inline(label)}]({link_target(target)})"
    if url:
        return f"{plain_inline(label)} ({plain_inline(url)})"
    return plain_inline(label)


def shorten(text: str, limit: int) -> tuple[str, bool]:
    """Text cut at a word boundary near `limit` characters, and whether it was cut. (A link cut in
    half loses its closing parenthesis, so `safe_markdown` shows it as text: it fails safe.)"""
    text = text.strip()
    if len(text) <= limit:
        return text, False
    cut = text.rfind(" ", 0, limit)
    cut = cut if cut > limit * 0.6 else limit
    return text[:cut].rstrip() + " …", True


def badge_markers(markdown: str, color: str = "blue") -> str:
    """Show the [n] citation markers of (already safe) Markdown as small badges."""
    return outside_code(markdown, lambda piece: BADGED.sub(rf":{color}-badge[\1]", piece))  # never inside code


def citation_markers(text: str) -> list[int]:
    """The distinct [n] citation markers of an answer, in order of first use."""
    seen: list[int] = []
    for match in _CITATION_MARKER.finditer(without_code(text or "")):
        number = int(match.group(1))
        if number not in seen:
            seen.append(number)
    return seen


def cost_label(cost: str | None) -> tuple[str, str]:
    """(label, badge colour) for a resource's cost."""
    value = (cost or "").strip().lower()
    if value == "free":
        return "Free", "green"
    if value in {"paid", "subscription"}:
        return "Paid", "orange"
    if value in {"freemium", "free-tier", "free tier", "partly free"}:
        return "Freemium", "blue"
    return ("Cost unknown", "gray") if not value or value == "unknown" else (value.capitalize(), "gray")


def kind_label(kind: str | None) -> str:
    return (kind or "resource").replace("-", " ").replace("_", " ").capitalize()


class StreamSanitizer:
    """Sanitise a stream of text pieces: emit only whole runs up to the last whitespace, so a link,
    `](`, `]:` or `![` is never split between two sanitised pieces. Emitting the pieces one after the
    other gives exactly `safe_markdown` of each run (the full answer is re-rendered at the end)."""

    def __init__(self) -> None:
        self._buffer = ""

    def feed(self, piece: str) -> str:
        self._buffer += piece
        cut = max(self._buffer.rfind(c) for c in (" ", "\n", "\t"))
        if cut < 0:
            return ""
        ready, self._buffer = self._buffer[: cut + 1], self._buffer[cut + 1 :]
        return safe_markdown(ready)

    def flush(self) -> str:
        rest, self._buffer = self._buffer, ""
        return safe_markdown(rest)

    def wrap(self, pieces: Iterable[str]) -> Iterator[str]:
        for piece in pieces:
            out = self.feed(piece)
            if out:
                yield out
        tail = self.flush()
        if tail:
            yield tail
