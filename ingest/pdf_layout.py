"""A PDF page's text as Markdown: headings from font size and weight, bullets, links, reading order.

PDFium (pypdfium2) hands over text segments with their boxes, font size and weight, and the link
annotations with their rectangles. From those: page furniture (ingest.pdf_furniture) is dropped; columns separated
by a clear gutter are read one after the other; a line larger or bolder than the body text becomes a
heading; bullet glyphs become "- "; a link annotation becomes `[anchor](url)` in its line.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from ingest.markup import match_stage
from ingest.pdf_furniture import is_furniture, repeated
from ingest.pdf_text import MIN_GUTTER, Line, PageText, Segment
from ingest.pdf_wrapping import LEADING_BULLET, continues, continues_bullet, continues_over_page, is_glyph, joined

MARGIN = 0.10  # share of the page height at the top and the bottom where furniture lives


def read_pages(data: bytes) -> list[PageText]:
    """Every page's lines in reading order and its web links. Raises pypdfium2's PdfiumError."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return [_read_page(document, page) for page in document]
    finally:
        document.close()


TOUCH = 0.05  # points: how far a text box is narrowed so a neighbour's glyph touching its edge stays out


def _read_page(document, page) -> PageText:
    import pypdfium2.raw as raw

    width, height = page.get_size()
    textpage = page.get_textpage()
    segments: list[Segment] = []
    for number in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(number)
        # PDFium counts a glyph that only touches the box as inside it: a capital that starts a link just
        # after the box ("[X] " then "Treehouse") came out twice ("[X] T Treehouse"); a hair narrower, it does not
        inner = textpage.get_text_bounded(left + TOUCH, bottom, right - TOUCH, top) if right - left > 4 * TOUCH else ""
        text = (inner or textpage.get_text_bounded(left, bottom, right, top)).replace("\r", " ").replace("\n", " ")
        if not text.strip():
            continue
        index = textpage.get_index(left + 0.5, (top + bottom) / 2, 3, 3)
        index = -1 if index is None else index  # no character under the probe point (a narrow first glyph)
        size = raw.FPDFText_GetFontSize(textpage, index) if index >= 0 else top - bottom
        weight = raw.FPDFText_GetFontWeight(textpage, index) if index >= 0 else 400
        segments.append(Segment(left, right, height - top, height - bottom, round(size, 1), weight >= 600, text))
    links = []
    position, link = ctypes.c_int(0), raw.FPDF_LINK()
    while raw.FPDFLink_Enumerate(page, position, link):
        url = _link_url(document, link)
        box = raw.FS_RECTF()
        if url and raw.FPDFLink_GetAnnotRect(link, box):
            anchor = textpage.get_text_bounded(box.left, box.bottom, box.right, box.top)
            links.append(((box.left, height - box.top, box.right, height - box.bottom), " ".join(anchor.split()), url))
    textpage.close()
    page.close()
    return PageText(width, height, _reading_order(segments, width), links)


def _attach_glyphs(lines: list[Line]) -> list[Line]:
    """A bullet glyph that came out as a line of its own (its box is smaller than the text's) joins
    the text on its baseline, else the line just below and right of it; a glyph with no text goes."""
    kept: list[Line] = []
    for number, line in enumerate(lines):
        if not is_glyph(line.text):
            kept.append(line)
            continue
        middle, glyph = (line.top + line.bottom) / 2, line.segments
        beside = [l for l in lines if l is not line and not is_glyph(l.text) and l.top - 1 <= middle <= l.bottom + 1
                  and line.right - 1 <= l.left <= line.right + 30]
        below = [l for l in lines[number + 1:] if not is_glyph(l.text) and 0 <= l.top - line.bottom <= line.size * 1.5
                 and line.right - 1 <= l.left <= line.right + 30]
        target = min(beside, key=lambda l: l.left) if beside else (below[0] if below else None)
        if target is not None:
            target.segments.extend(glyph)
    return kept


def _link_url(document, link) -> str:
    import pypdfium2.raw as raw

    action = raw.FPDFLink_GetAction(link)
    if not action or raw.FPDFAction_GetType(action) != raw.PDFACTION_URI:
        return ""
    size = raw.FPDFAction_GetURIPath(document.raw, action, None, 0)
    buffer = ctypes.create_string_buffer(size)
    raw.FPDFAction_GetURIPath(document.raw, action, buffer, size)
    url = buffer.value.decode("utf-8", "replace").strip()
    return url if url.startswith(("http://", "https://")) else ""


def _lines(segments: list[Segment]) -> list[Line]:
    """Segments on one baseline form a line (top to bottom, left to right)."""
    lines: list[Line] = []
    for segment in sorted(segments, key=lambda s: (s.top + s.bottom) / 2):
        middle = (segment.top + segment.bottom) / 2
        if lines and lines[-1].top <= middle <= lines[-1].bottom:
            lines[-1].segments.append(segment)
        else:
            lines.append(Line([segment]))
    return lines


def _gutters(segments: list[Segment], width: float) -> list[float]:
    """x positions of empty vertical bands that split the body into columns."""
    narrow = sorted((s.left, s.right) for s in segments if s.right - s.left < width * 0.45)
    if len(narrow) < 6:
        return []
    gaps, reach = [], narrow[0][1]
    for left, right in narrow[1:]:
        if left - reach >= MIN_GUTTER:
            gaps.append((reach + left) / 2)
        reach = max(reach, right)
    return gaps


def _reading_order(segments: list[Segment], width: float) -> list[Line]:
    """Full-width lines and column lines in the order a reader takes them: what spans the gutter
    in document order; between two spanning lines, each column top to bottom, left to right."""
    gutters = _gutters(segments, width)
    if not gutters:
        return _lines(segments)
    if _is_table(segments, gutters):
        lines = _lines(segments)
        for line in lines:
            line.table = len(line.segments) > 1
        return lines
    bounds = [0.0, *gutters, width + 1]

    def column(segment: Segment) -> int | None:
        for number in range(len(bounds) - 1):
            if bounds[number] <= segment.left and segment.right <= bounds[number + 1]:
                return number
        return None  # spans a gutter

    ordered: list[Line] = []
    band: dict[int, list[Segment]] = {}
    for segment in sorted(segments, key=lambda s: (s.top, s.left)):
        number = column(segment)
        if number is None:
            for key in sorted(band):
                ordered += _lines(band[key])
            band = {}
            ordered += _lines([segment])
        else:
            band.setdefault(number, []).append(segment)
    for key in sorted(band):
        ordered += _lines(band[key])
    return ordered


def _is_table(segments: list[Segment], gutters: list[float]) -> bool:
    """Rows of a table share baselines across every column and hold short cells; columns of prose
    or of bullet lists are read one after the other even when their lines happen to align."""
    columns: dict[int, list[Segment]] = {}
    bounds = [-1.0, *gutters, float("inf")]
    height = max(s.bottom for s in segments)
    for segment in (s for s in segments if height * MARGIN < s.top < height * (1 - MARGIN)):
        for number in range(len(bounds) - 1):
            if bounds[number] <= segment.left and segment.right <= bounds[number + 1]:
                columns.setdefault(number, []).append(segment)
    if len(columns) < 2:
        return False
    cells = [s for column in columns.values() for s in column]
    if sum(1 for s in cells if LEADING_BULLET.match(s.text)) > 0.3 * len(cells):
        return False
    if sum(len(s.text.split()) for s in cells) > 8 * len(cells):
        return False
    tops = [{round(s.top) for s in column} for column in columns.values()]
    shared = sum(1 for top in tops[0] if all(any(abs(top - t) <= 2 for t in other) for other in tops[1:]))
    return shared >= 2 and shared >= 0.8 * min(len(t) for t in tops)


def to_markdown(pages: list[PageText]) -> str:
    """One Markdown document: furniture removed, headings ranked by size, links inline."""
    pages = [PageText(page.width, page.height, _attach_glyphs(page.lines), page.links) for page in pages]
    text_size = _body_size(line for page in pages for line in page.lines)
    small = text_size * 1.05  # furniture is never a heading
    in_margin = [[line for line in page.lines if _in_margin(line, page) and line.size <= small] for page in pages]
    furniture = repeated(([line.text for line in lines] for lines in in_margin), len(pages))
    kept: list[tuple[Line, PageText]] = []
    for page, margin_lines in zip(pages, in_margin):
        margin_ids = {id(line) for line in margin_lines}
        for line in page.lines:
            if id(line) in margin_ids and is_furniture(line.text, line.size, text_size, furniture):
                continue
            kept.append((line, page))
    if not kept:
        return ""
    body = _body_size(line for line, _ in kept)
    levels = _heading_levels([line for line, _ in kept], body)
    out: list[str] = []
    previous: Line | None = None
    previous_page: PageText | None = None
    previous_level: int | None = None
    bullets: list[float] = []  # x of the glyphs of the open list, outermost first
    carried: Line | None = None  # the last line before a page break, whose sentence may go on
    for line, page in kept:
        if page is not previous_page:
            carried, previous, previous_page = previous, None, page
        text = _with_links(line, page)
        if is_glyph(text):
            continue
        level = levels.get(line.size) if line.size > body * 1.12 and not _only_links(text) else None
        if level is None and line.bold and len(text.split()) <= 12 and text[-1:] not in ".,;" and line.size >= body \
                and not _only_links(text):
            level = max(levels.values(), default=1) + 1
        if level is None and levels and len(text) <= 90 and match_stage(text.strip()):
            level = min((lvl for lvl in levels.values() if lvl > 1), default=2)  # "Step 3: SQL" in body type
        if level is not None and level == previous_level and _wraps_heading(previous, line):
            out[-1] += " " + text.strip()  # a heading that wraps onto a second line
        elif level is not None:
            out.append(f"{'#' * min(level, 6)} {text.strip()}")
            bullets = []
        elif LEADING_BULLET.match(text):
            out.append("  " * _depth(bullets, line.left) + "- " + LEADING_BULLET.sub("", text, count=1))
        elif bullets and previous is not None and continues_bullet(previous, line):
            out[-1] = joined(out[-1], text)
        elif previous is not None and out and continues(previous, line, page) and not out[-1].startswith("#"):
            out[-1] = joined(out[-1], text)
        elif previous is None and carried is not None and out and not out[-1].startswith("#") \
                and continues_over_page(carried, line):
            out[-1] = joined(out[-1], text)  # a sentence carried over the page break
        elif line.table and (previous is None or not previous.table):
            cells = text.count(" | ") + 1
            out += [text.strip(), " | ".join(["---"] * cells)]
        else:
            out.append(text.strip())
            bullets = []
        previous, previous_level = line, level
    return "\n".join(out)


def _only_links(text: str) -> bool:
    """A line that is a link and nothing else (its anchor, or a URL): a resource, never a heading."""
    rest = re.sub(r"\[[^\[\]\n]{0,300}\]\([^)\s]{1,2000}\)|(?:https?://|www\.)\S+", " ", text)
    return rest != text and not re.search(r"\w", rest)


def _wraps_heading(previous: Line | None, line: Line) -> bool:
    """The second line of a heading: same size and weight, right below, not a heading of its own."""
    if previous is None or abs(previous.size - line.size) >= 0.5 or previous.bold != line.bold:
        return False
    gap = line.top - previous.bottom
    starts_own = match_stage(line.text.strip()) or re.match(r"^\d{1,2}(\.\d{1,2})*[.)]?\s", line.text.strip())
    return -1 <= gap < line.size * 0.6 and not starts_own and previous.text.rstrip()[-1:] not in ":.!?"


def _depth(bullets: list[float], left: float) -> int:
    """Nesting of a bullet from its glyph's indentation within the open list."""
    while bullets and bullets[-1] > left + 2:
        bullets.pop()
    if not bullets or left > bullets[-1] + 2:
        bullets.append(left)
    return len(bullets) - 1


def _in_margin(line: Line, page: PageText) -> bool:
    return line.bottom <= page.height * MARGIN or line.top >= page.height * (1 - MARGIN)


def _body_size(lines) -> float:
    weights: Counter[float] = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 11.0


def _heading_levels(lines: list[Line], body: float) -> dict[float, int]:
    """Distinct sizes above the body text, largest first: the largest is level 1 when it appears
    once or twice (a title), otherwise the ranking starts at level 2."""
    sizes = sorted({line.size for line in lines if line.size > body * 1.12}, reverse=True)
    if not sizes:
        return {}
    largest = sum(1 for line in lines if line.size == sizes[0])
    start = 1 if largest <= 2 else 2
    return {size: min(start + rank, 5) for rank, size in enumerate(sizes)}


def _with_links(line: Line, page: PageText) -> str:
    text = line.text
    for (left, top, right, bottom), anchor, url in page.links:
        middle = (top + bottom) / 2
        if not (line.top - 1 <= middle <= line.bottom + 1 and left < line.right and right > line.left):
            continue
        if anchor and anchor in text and f"[{anchor}]" not in text:
            position = text.rfind(anchor)
            text = f"{text[:position]}[{anchor}]({url}){text[position + len(anchor):]}"
        elif url not in text:
            text = f"{text} [{anchor or url}]({url})"
    return text
