"""The text a PDF page hands over, as typed data: segments with their boxes and font, lines of
segments, a page's lines and links. Shared by the layout reader and the line-wrapping rules."""

from __future__ import annotations

from dataclasses import dataclass, field

MIN_GUTTER = 14.0  # points of empty width between two columns


@dataclass
class Segment:
    left: float
    right: float
    top: float  # distance from the top of the page, growing downwards
    bottom: float
    size: float
    bold: bool
    text: str


@dataclass
class Line:
    segments: list[Segment] = field(default_factory=list)
    table: bool = False  # a row of a table: its cells are joined with " | "

    @property
    def left(self) -> float:
        return min(s.left for s in self.segments)

    @property
    def right(self) -> float:
        return max(s.right for s in self.segments)

    @property
    def top(self) -> float:
        return min(s.top for s in self.segments)

    @property
    def bottom(self) -> float:
        return max(s.bottom for s in self.segments)

    @property
    def size(self) -> float:
        return max(s.size for s in self.segments)

    @property
    def bold(self) -> bool:
        return all(s.bold for s in self.segments)

    @property
    def text(self) -> str:
        parts: list[str] = []
        last_right = None
        for segment in sorted(self.segments, key=lambda s: s.left):
            if not segment.text.strip():
                continue
            cell = self.table and last_right is not None and segment.left - last_right >= MIN_GUTTER
            parts.append((" | " if cell else " ") + segment.text.strip() if parts else segment.text.strip())
            last_right = segment.right
        return "".join(parts)


@dataclass
class PageText:
    width: float
    height: float
    lines: list[Line]
    links: list[tuple[tuple[float, float, float, float], str, str]]  # (box, anchor text, url)
