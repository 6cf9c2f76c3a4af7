"""Where a PDF's line wraps onto the next one, so a sentence the page broke is one line again.

Renderers wrap at the column's edge and keep paragraphs apart by extra space, so a line is the
previous one's continuation when it sits at the document's ordinary line pitch (no paragraph space)
and either the previous line ran so close to the edge that the next word could not fit there, or
the line starts mid-sentence (a lower-case word). A list item's wrapped text may come back to the
left margin ("- ... has a bottleneck such as" / "I/O or synchronization ..."); at the ordinary
pitch it still belongs to the item.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Protocol

MID_SENTENCE = re.compile(r"^[(\[\"'“‘]?[a-z]")
CHAR_WIDTH = 0.5  # of the font size: an average glyph of body text


class _Line(Protocol):
    left: float
    right: float
    top: float
    size: float
    bold: bool
    table: bool
    text: str


def line_pitch(pages_lines: list[list[_Line]]) -> float:
    """The commonest top-to-top distance of two consecutive lines of one size: the body's leading."""
    pitches: Counter[float] = Counter()
    for lines in pages_lines:
        for above, below in zip(lines, lines[1:]):
            step = below.top - above.top
            if abs(above.size - below.size) < 0.5 and 0 < step < above.size * 3:
                pitches[round(step, 1)] += 1
    return pitches.most_common(1)[0][0] if pitches else 0.0


def _same_run(previous: _Line, line: _Line, pitch: float) -> bool:
    step = line.top - previous.top
    cells = any(text.strip().startswith("|") for text in (previous.text, line.text))  # a table drawn as text
    return (pitch > 0 and 0 < step <= pitch * 1.15 and abs(previous.size - line.size) < 0.5
            and previous.bold == line.bold and not previous.table and not line.table and not cells)


def wraps_item(previous: _Line, line: _Line, text_left: float, pitch: float) -> bool:
    """The next line of a list item: at the ordinary pitch, not indented past the item's text."""
    return _same_run(previous, line, pitch) and line.left <= text_left + 4


def wraps_prose(previous: _Line, line: _Line, page, pitch: float) -> bool:
    """The next line of a paragraph: the column's edge is where most lines of its block end (a
    column of short lines, "Course - Visit", has no edge to wrap at; a line ending in a link ends there)."""
    if not _same_run(previous, line, pitch) or line.left < previous.left - 4 or previous.text.rstrip()[-1:] in ":":
        return False
    if MID_SENTENCE.match(line.text.strip()) and previous.text.rstrip()[-1:] not in ".!?":
        return True
    ordered = sorted(other.right for other in page.lines if abs(other.left - previous.left) <= 16 and not other.table)
    if len(ordered) < 3 or any(abs(box[2] - previous.right) < 2 for box, _, _ in page.links):
        return False
    edge = ordered[int(0.9 * (len(ordered) - 1))]
    if edge - previous.left < page.width * 0.45:
        return False
    first_word = (line.text.split() or [""])[0]
    return previous.right + (len(first_word) + 1) * line.size * CHAR_WIDTH >= edge
