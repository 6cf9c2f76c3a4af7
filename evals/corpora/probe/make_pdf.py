"""Render a Markdown roadmap to a PDF, so the held-out probe has a document whose structure the
ingester must recover from page layout (font sizes, bold, indentation) rather than from `#` marks.

Headings get real sizes (# 20 pt, ## 15 pt, ### 12.5 pt, all bold), bullets keep their nesting as
indentation with a bullet glyph, links stay clickable (link annotations), images and HTML tags are
dropped (a PDF printed from the rendered page would show neither tag), `**`/`*` emphasis becomes
plain text. Usage (fpdf2 and matplotlib's DejaVu font, both in the dev environment):

    python evals/corpora/probe/make_pdf.py evals/corpora/probe-sources/ml-interviews/README.md \
        evals/corpora/probe/ml-interviews/ml-interviews.pdf
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HEADING_SIZES = {1: 20.0, 2: 15.0, 3: 12.5, 4: 11.5}
BODY_SIZE = 10.5
LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
BADGE = re.compile(r"\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)")
TAG = re.compile(r"<[^>]+>")


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf"


def _runs(text: str) -> list[tuple[str, str | None]]:
    """Plain and linked pieces of one line, emphasis and images removed."""
    text = TAG.sub("", IMAGE.sub("", BADGE.sub("", text))).replace("**", "").replace("*", "")
    runs: list[tuple[str, str | None]] = []
    last = 0
    for match in LINK.finditer(text):
        if match.start() > last:
            runs.append((text[last:match.start()], None))
        url = match.group(2)
        runs.append((match.group(1), url if url.startswith(("http://", "https://")) else None))
        last = match.end()
    if last < len(text):
        runs.append((text[last:], None))
    return [(t, u) for t, u in runs if t]


def _join_broken_links(lines: list[str]) -> list[str]:
    """A link whose text spans two source lines (`[Grokking ...\n](url)`) is one line on the page."""
    out: list[str] = []
    for line in lines:
        if out and line.startswith("](") and out[-1].count("[") > out[-1].count("]"):
            out[-1] += line
        else:
            out.append(line)
    return out


def render(markdown: str, target: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("dejavu", "", str(_font_dir() / "DejaVuSans.ttf"))
    pdf.add_font("dejavu", "B", str(_font_dir() / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    for raw in _join_broken_links(markdown.splitlines()):
        line = raw.rstrip()
        heading = re.match(r"^(#{1,4})\s+(.*)$", line)
        bullet = re.match(r"^(\s*)[-*]\s+(.*)$", line)
        if heading:
            size = HEADING_SIZES[len(heading.group(1))]
            pdf.set_left_margin(10)
            pdf.set_x(10)
            pdf.ln(3)
            _write(pdf, _runs(heading.group(2).strip()), size, bold=True)
            continue
        if not line.strip() or not _runs(line.strip()):
            pdf.ln(1.5)
            continue
        if bullet:
            level = len(bullet.group(1).expandtabs(4)) // 2
            indent = 12 + 6 * level
            pdf.set_left_margin(indent + 4)
            pdf.set_x(indent)
            pdf.set_font("dejavu", "", BODY_SIZE)
            pdf.cell(4, BODY_SIZE * 0.5, "•")
            _write(pdf, _runs(bullet.group(2)), BODY_SIZE)
            continue
        pdf.set_left_margin(10)
        pdf.set_x(10)
        _write(pdf, _runs(line.strip()), BODY_SIZE)
    pdf.set_left_margin(10)
    pdf.output(str(target))
    return target


def _write(pdf, runs: list[tuple[str, str | None]], size: float, *, bold: bool = False) -> None:
    height = size * 0.5
    pdf.set_font("dejavu", "B" if bold else "", size)
    for text, url in runs:
        pdf.write(height, text, link=url or "")
    pdf.ln(height + (2 if bold else 0.6))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: make_pdf.py SOURCE.md TARGET.pdf", file=sys.stderr)
        return 2
    source, target = Path(argv[0]), Path(argv[1])
    render(source.read_text(encoding="utf-8"), target)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
