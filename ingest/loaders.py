"""Read a roadmap file of any supported format into repaired text (Markdown or plain lines).

Anything unreadable raises `UnreadableSource` with a reason; the pipeline skips it with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ingest.repair import repair_text, strip_debris
from ingest.rst import looks_like_rst
from ingest.rst import to_markdown as rst_to_markdown

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown"}
TEXT_SUFFIXES = {".txt", ".text", ""}
RST_SUFFIXES = {".rst", ".rest"}
HTML_SUFFIXES = {".html", ".htm"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = MARKDOWN_SUFFIXES | TEXT_SUFFIXES | RST_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES
MAX_FILE_BYTES = 64 * 1024 * 1024  # PDFs carry fonts and images
MAX_TEXT_BYTES = 8 * 1024 * 1024  # a roadmap is kilobytes; 8 MB of text would take hours to embed


class UnreadableSource(Exception):
    """A file that cannot be turned into text; `reason` is shown to the user."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class LoadedText:
    path: Path
    text: str
    markdown: bool  # True when headings are Markdown '#' lines; False for bare-line headings


def load_file(path: Path) -> LoadedText:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableSource(path, f"unsupported file type {suffix!r}")
    try:
        size = path.stat().st_size
        limit = MAX_FILE_BYTES if suffix in PDF_SUFFIXES else MAX_TEXT_BYTES
        if size > limit:
            raise UnreadableSource(
                path, f"file is {size / 2**20:.0f} MB; the limit is {limit // 2**20} MB for {suffix or 'text'} files"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableSource(path, f"cannot read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise UnreadableSource(path, "file is empty")
    if suffix in PDF_SUFFIXES:
        text, markdown = _pdf_text(path, data), False  # Markdown when it has headings
    elif suffix in HTML_SUFFIXES:
        text, markdown = _html_to_markdown(decode_bytes(path, data)), True
    else:
        text, markdown = decode_bytes(path, data), suffix in MARKDOWN_SUFFIXES
        if suffix in RST_SUFFIXES or (suffix in TEXT_SUFFIXES and looks_like_rst(text)):
            text, markdown = rst_to_markdown(text), True  # a README.rst, also when saved as .txt
    if len(text) > MAX_TEXT_BYTES:
        raise UnreadableSource(path, f"{len(text):,} characters of text; the limit is {MAX_TEXT_BYTES:,}")
    text = strip_debris(repair_text(text))
    if not text.strip():
        raise UnreadableSource(path, "no text left after repair")
    return LoadedText(path=path, text=text, markdown=markdown or _looks_like_markdown(text))


def decode_bytes(path: Path, data: bytes) -> str:
    """UTF-8 first; otherwise detect the encoding. Binary data is refused, not guessed at."""
    if b"\x00" in data[:8192]:
        raise UnreadableSource(path, "binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise UnreadableSource(path, "cannot detect the text encoding")
    # Short Western text is ambiguous between single-byte code pages; among the equally clean
    # candidates prefer Windows-1252, by far the most common for saved web pages and notes.
    cleanest = min(m.chaos for m in matches)
    tied = [m for m in matches if m.chaos == cleanest]
    best = next((m for m in tied if m.encoding == "cp1252"), tied[0])
    text = str(best)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text) // 100):
        raise UnreadableSource(path, "binary file (too many control characters)")
    return text


def _looks_like_markdown(text: str) -> bool:
    return bool(re.search(r"^#{1,6}\s+\S", text, re.MULTILINE))


def _pdf_text(path: Path, data: bytes) -> str:
    """Markdown recovered from the page layout (see ingest/pdf_layout.py)."""
    import pypdfium2 as pdfium

    from ingest.pdf_layout import read_pages, to_markdown

    try:
        text = to_markdown(read_pages(data))
    except (pdfium.PdfiumError, ValueError, OSError) as exc:
        raise UnreadableSource(path, f"broken PDF ({exc.__class__.__name__}: {exc})") from exc
    if not text.strip():
        raise UnreadableSource(path, "PDF has no extractable text (scanned images?)")
    return text


def _html_to_markdown(html: str) -> str:
    """Headings, list items, paragraphs and links, enough for the structure parser."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "footer", "header", "form", "iframe", "svg"]):
        tag.decompose()
    _space_blocks(soup)
    for anchor in soup.find_all("a"):
        href = (anchor.get("href") or "").strip()
        label = _flat(anchor)
        if href.startswith(("http://", "https://")) and label:
            anchor.replace_with(f"[{label}]({href})")
        else:
            anchor.replace_with(label)
    lines: list[str] = []
    root = soup.body or soup
    for element in root.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "li", "p", "pre", "td", "table"]):
        if element.name == "table" and element.find_parent("table") is None and _table_lines(element):
            lines += ["", *_table_lines(element), ""]
            continue
        if element.name == "table" or element.find_parent("table") is not None and _table_lines(element.find_parent("table")):
            continue  # written above as the table's rows
        if element.find_parent(["li", "p", "pre", "td"]) is not None and element.name != "li":
            continue
        text = _flat(element)
        if not text:
            continue
        if element.name.startswith("h"):
            lines.append(f"{'#' * int(element.name[1])} {text}")
        elif element.name == "li":
            depth = len(element.find_parents(["ul", "ol"])) - 1
            lines.append(f"{'  ' * max(depth, 0)}- {_own_text(element) or text}")
        else:
            lines.append(text)
    if not lines:  # a page of <div>s: a line per text node (joining its sentences cost a catalogued link)
        lines = [line for line in soup.get_text("\n").splitlines() if line.strip()]
    return "\n".join(lines)


def _table_lines(table) -> list[str]:
    """A <table> as a Markdown table (its first row is the header), so a curriculum written as an
    HTML table is read as one written in Markdown; a table of one column or one row stays cells."""
    rows = []
    for row in table.find_all("tr"):
        if row.find_parent("table") is not table:
            continue
        cells = [_flat(cell).replace("|", "\\|") for cell in row.find_all(["th", "td"])]
        if any(cells):
            rows.append(cells)
    if len(rows) < 2 or max(len(r) for r in rows) < 2:
        return []
    width = max(len(r) for r in rows)
    as_line = lambda cells: "| " + " | ".join(cells + [""] * (width - len(cells))) + " |"
    return [as_line(rows[0]), "|" + " --- |" * width, *(as_line(r) for r in rows[1:])]


def _own_text(item) -> str:
    """A list item's text without its nested lists (they follow as items of their own), also when
    the text sits in a <p> or <strong> as loose lists render it."""
    from bs4 import Tag

    parts = [child.get_text("") if isinstance(child, Tag) else str(child)
             for child in item.children if not (isinstance(child, Tag) and child.name in {"ul", "ol"})]
    return " ".join("".join(parts).split())


# elements that end a run of words: their text is never glued to the text around them; their edges are
# marked with a character that is whitespace to str.split() and never in a page's own text
BLOCK_EDGE = "\u2029"
BLOCK_TAGS = ["p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
              "blockquote", "dd", "dt", "dl", "table", "section", "article", "hr", "img"]


def _space_blocks(soup) -> None:
    """A mark at every block's edges, so text is then read with no separator of its own: words split by
    inline tags stay whole and a link keeps its punctuation ("[here](url)." not "[here](url) .")."""
    for tag in soup.find_all(BLOCK_TAGS):
        if tag.parent is not None:
            tag.insert_before(BLOCK_EDGE)
            tag.insert_after(BLOCK_EDGE)


def _flat(node) -> str:
    """An element's text on one line, as a browser lays it out."""
    return " ".join(node.get_text("").split())
