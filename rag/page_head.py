"""The title and description in the <head> of an HTML page, decoded with the page's own charset.

Only the first bytes of a page reach here (the checker stops reading at a size limit); parsing stops
at </head> or <body>, so a huge or endless page costs no more than its head.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from html.parser import HTMLParser

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
# What browsers do (WHATWG Encoding): these labels mean windows-1252.
_BROWSER_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
                    "ascii": "cp1252", "iso8859-1": "cp1252", "l1": "cp1252"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
DESCRIPTION_KEYS = ("description", "og:description", "twitter:description")  # in order of preference
TITLE_KEYS = ("og:title", "twitter:title")


@dataclass
class PageHead:
    title: str = ""
    description: str = ""
    charset: str = "utf-8"


def _known(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    label = _BROWSER_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def choose_charset(body: bytes, content_type: str = "") -> str:
    """BOM, then the Content-Type header, then a <meta> in the first 4 KB, then UTF-8."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    header = _HEADER_CHARSET.search(content_type or "")
    found = _known(header.group(1)) if header else None
    if found:
        return found
    meta = _META_CHARSET.search(body[:4096])
    found = _known(meta.group(1).decode("ascii", "ignore")) if meta else None
    return found or "utf-8"


class _HeadParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.done = False
        self.in_title = False
        self.title_parts: list[str] = []
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs) -> None:
        if self.done:
            return
        if tag == "body":
            self.done = True
        elif tag == "title":
            self.in_title = True
        elif tag == "meta":
            values = {k.lower(): (v or "") for k, v in attrs}
            key = (values.get("name") or values.get("property") or "").strip().lower()
            if key and "content" in values:
                self.meta.setdefault(key, values["content"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag == "head":
            self.done = True

    def handle_data(self, data: str) -> None:
        if self.in_title and not self.done:
            self.title_parts.append(data)


def parse_head(body: bytes, content_type: str = "") -> PageHead:
    """Title and description of an HTML page from its first bytes (raw text, not yet cleaned)."""
    charset = choose_charset(body, content_type)
    text = body.decode(charset, errors="replace")
    parser = _HeadParser()
    try:
        parser.feed(text)
    except (AssertionError, ValueError):  # html.parser gives up on some malformed markup
        pass
    title = " ".join("".join(parser.title_parts).split())
    if not title:
        title = next((parser.meta[k] for k in TITLE_KEYS if parser.meta.get(k, "").strip()), "")
    description = next((parser.meta[k] for k in DESCRIPTION_KEYS if parser.meta.get(k, "").strip()), "")
    return PageHead(title=title, description=description, charset=charset)
