"""Answer Markdown that is safe in any renderer: no raw HTML, links and images only to http(s).

Text from the corpus or a model may carry `<script>`, `<img onerror=...>` or `[x](javascript:...)`.
The app escapes them, but an answer's Markdown also goes to JSON, the HTTP API and other renderers.
HTML tags and comments are dropped (a script or style element with its content), and autolinks to
anything but http(s); any `<` left that could still open HTML becomes `‹`. A link or image to anything but an absolute
http(s) URL keeps only its text; a reference definition to one is dropped. The result is stable:
applying it twice changes nothing.
"""

from __future__ import annotations

import re

_SCRIPT = re.compile(r"<\s*(script|style|iframe|object|embed|template|noscript)\b[^>]*>.*?<\s*/\s*\1\s*>",
                     re.I | re.S)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)|<!\[CDATA\[.*?(?:\]\]>|$)", re.S)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<[!?][^<>]*>")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)>")
_OPENER = re.compile(r"<(?=[A-Za-z/!?])")
_LINK_START = re.compile(r"(!?)\[((?:[^\[\]\n]|\[[^\[\]\n]*\]){0,500})\]\(")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s.*)?$", re.M)


def safe_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) URL with a host; otherwise None."""
    if not url:
        return None
    candidate = url.strip()
    if re.match(r"(?i)^https?://[^\s/?#@][^\s]*$", candidate) and not re.search(r"[\x00-\x1f\x7f<>\"]", candidate):
        return candidate
    return None


def _destination_end(text: str, start: int) -> tuple[str, int] | None:
    """The destination of a link whose `(` ends just before `start`, and the index after its `)`."""
    depth, i = 0, start
    while i < len(text) and text[i] != "\n":
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return text[start:i], i + 1
            depth -= 1
        i += 1
    return None


def _links(text: str) -> str:
    out: list[str] = []
    position = 0
    for match in _LINK_START.finditer(text):
        if match.start() < position:
            continue
        found = _destination_end(text, match.end())
        if found is None:
            continue
        inner, end = found
        destination = inner.strip().split(None, 1)[0] if inner.strip() else ""
        destination = destination[1:-1] if destination.startswith("<") and destination.endswith(">") else destination
        if safe_url(destination):
            continue
        out.append(text[position:match.start()] + match.group(2))  # the label, as text
        position = end
    out.append(text[position:])
    return "".join(out)


def safe_markdown(text: str) -> str:
    if not text:
        return text
    out = _SCRIPT.sub("", text)
    out = _COMMENT.sub("", out)
    out = _TAG.sub("", out)
    out = _AUTOLINK.sub(lambda m: m.group(0) if safe_url(m.group(1)) else "", out)
    out = _OPENER.sub("‹", out)
    out = _REFERENCE.sub(lambda m: m.group(0) if safe_url(m.group(1)) else "", out)
    return _links(out)
