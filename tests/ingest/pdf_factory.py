"""Roadmap PDFs with known furniture, headings, bullets, columns and link annotations (fpdf2).

The font is matplotlib's bundled DejaVu Sans (a dependency already), so the bullet glyphs ▪ and ❖
render the same on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

SITE = "www.aiquest.org"
HEADER = "AI Quest Intelligence | Data Science Roadmap"


@dataclass
class Block:
    """One thing on a page: a heading (size > 12), a bullet, a paragraph or a linked line."""

    text: str
    size: float = 11
    bold: bool = False
    bullet: str = ""
    link: tuple[str, str] | None = None  # (anchor text placed after `text`, url)
    indent: float = 0  # mm: a nested bullet


@dataclass
class Page:
    blocks: list[Block] = field(default_factory=list)
    columns: list[list[Block]] = field(default_factory=list)  # two or three columns, below the blocks


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf"


def build_pdf(path: Path, pages: list[Page], *, furniture: bool = True) -> Path:
    from fpdf import FPDF

    class Roadmap(FPDF):
        def header(self):
            if furniture:
                self.set_font("dejavu", "", 8)
                self.set_xy(10, 6)
                self.cell(0, 5, HEADER)

        def footer(self):
            if furniture:
                self.set_font("dejavu", "", 8)
                number = str(self.page_no())
                self.set_xy(10, -12)
                self.cell(self.get_string_width(number), 5, number)  # glued: "3www.aiquest.org"
                self.cell(0, 5, SITE)

    pdf = Roadmap(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("dejavu", "", str(_font_dir() / "DejaVuSans.ttf"))
    pdf.add_font("dejavu", "B", str(_font_dir() / "DejaVuSans-Bold.ttf"))
    for page in pages:
        pdf.add_page()
        pdf.set_y(20)
        for block in page.blocks:
            _write(pdf, block, x=10, width=pdf.w - 20)
        if page.columns:
            width = (pdf.w - 20) / len(page.columns)
            top = pdf.get_y()
            for number, column in enumerate(page.columns):
                pdf.set_y(top)
                for block in column:
                    _write(pdf, block, x=10 + number * width, width=width - 4)
    pdf.output(str(path))
    return path


def _write(pdf, block: Block, *, x: float, width: float) -> None:
    pdf.set_font("dejavu", "B" if block.bold else "", block.size)
    pdf.set_x(x)
    height = block.size * 0.55
    text = f"{block.bullet} {block.text}" if block.bullet else block.text
    if block.bullet and block.link is None:  # the glyph, then the text in its own column (wraps under itself)
        pdf.set_x(x + block.indent)
        glyph = pdf.get_string_width(block.bullet + " ")
        pdf.cell(glyph, height, block.bullet + " ")
        pdf.multi_cell(width - block.indent - glyph, height, block.text, new_x="LEFT", new_y="NEXT")
        return
    if block.link is None:
        pdf.multi_cell(width, height, text, new_x="LEFT", new_y="NEXT")
        return
    anchor, url = block.link
    pdf.cell(pdf.get_string_width(text + " "), height, text + " ")
    pdf.cell(pdf.get_string_width(anchor), height, anchor, link=url, new_x="LEFT", new_y="NEXT")
