"""Bracketed numbers a document wrote itself, made literal before any answer quotes them.

A roadmap may carry its own "[1]": an academic reference, a reST citation reference ("[2]_"), a
numbered link reference ("[notes][2]"), an index ("x[0]"). Quoted verbatim into an answer, it reads
as the answer's citation marker `[n]` and names a source the answer never cited, or worse, a
different one it did. Every passage's text and headings (and a roadmap structure's titles and topics)
are read through `literal_refs` as they leave the store: such a group becomes `\\[1\\]`, which
Markdown (Streamlit, the CLI's rich, any renderer) shows as "[1]" and which no marker reader
(rag.claims.MARKER, the app's badges, the checker) takes for a marker. Code is left as written (a
backslash would show inside a code span or fence): marker readers skip code (`without_code`), and a
line quoted out of its fence is escaped then (`fenced_literal`, rag.lines). Ingest drops code marks
today, so code reaches here from a store written otherwise, and from a model's answer
(`code_as_written`, rag.backends.checker).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # pragma: no cover
    from rag.models import RoadmapStructure

# what rag.claims.MARKER reads as a marker (a backslash may stand before it already), and a Markdown
# footnote "[^1]", which the checker takes for a model's marker
_GROUP = r"\\?\[(\^?\d+(?:\s*,\s*\d+)*)\\?\](?!\()"
GROUP = re.compile(_GROUP)
CODE_SPAN = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
FENCE = re.compile(r"^[ \t]*(```|~~~)", re.M)  # a fence inside a list item is indented


def _literal(match: re.Match) -> str:
    return rf"\[{match.group(1)}\]"


ESCAPED = re.compile(r"\\\[(\^?\d+(?:\s*,\s*\d+)*)\\\]")


def literal_refs(text: str) -> str:
    """`text` with every bracketed number group outside code escaped (stable: applying it twice changes nothing)."""
    if "[" not in text:
        return text
    return outside_code(text, lambda piece: GROUP.sub(_literal, piece))


def fenced_literal(text: str) -> str:
    """`text` with the groups inside its code fences escaped too: its lines are quoted one by one,
    out of their fence, where a bare "[0]" would read as a marker."""
    if "[" not in text or not FENCE.search(text):
        return text
    lines = text.split("\n")
    fenced = False
    for number, line in enumerate(lines):
        if FENCE.match(line):
            fenced = not fenced
        elif fenced:
            lines[number] = GROUP.sub(_literal, line)
    return "\n".join(lines)


def _code(text: str) -> list[tuple[int, int]]:
    """The offsets of `text`'s code: fenced blocks (an unclosed one runs to the end, as Markdown
    renders it) and inline code spans outside them."""
    spans: list[tuple[int, int]] = []
    position, opened = 0, None
    for line in text.splitlines(keepends=True):
        if FENCE.match(line):
            if opened is None:
                opened = position
            else:
                spans.append((opened, position + len(line)))
                opened = None
        elif opened is None and "`" in line:
            spans += [(position + m.start(), position + m.end()) for m in CODE_SPAN.finditer(line)]
        position += len(line)
    if opened is not None:
        spans.append((opened, len(text)))
    return spans


def outside_code(text: str, change: Callable[[str], str], code: Callable[[str], str] = lambda piece: piece) -> str:
    """`text` with `change` applied to every piece that is not code, and `code` to the code (kept as
    written by default)."""
    if "`" not in text and "~~~" not in text:
        return change(text)
    out, last = [], 0
    for start, end in _code(text):
        out += [change(text[last:start]), code(text[start:end])]
        last = end
    return "".join(out) + change(text[last:])


def code_as_written(text: str) -> str:
    """A model's answer with a passage's escaped "\\[0\\]" put back to "[0]" inside its code, where a
    backslash would show (the model read the escaped passage and copied it into a code span)."""
    if "\\[" not in text:
        return text
    return outside_code(text, lambda piece: piece, plain_refs)


def without_code(text: str) -> str:
    """`text` with its code blanked (same length, lines kept): what a marker reader reads, so an
    index "arr[0]" in code is never an answer's marker."""
    if "`" not in text and "~~~" not in text:
        return text
    chars = list(text)
    for start, end in _code(text):
        chars[start:end] = [c if c == "\n" else " " for c in text[start:end]]
    return "".join(chars)


def literal_structure(roadmap: RoadmapStructure) -> RoadmapStructure:
    """A roadmap's title and its stages' titles, headings and topics with their groups escaped, as a
    passage's are: a heading quoted into an answer is read the same way as a line."""
    for stage in roadmap.stages:
        stage.title = literal_refs(stage.title)
        stage.headings = [literal_refs(h) for h in stage.headings]
        stage.topics = [literal_refs(t) for t in stage.topics]
    roadmap.title = literal_refs(roadmap.title)
    return roadmap


def plain_refs(text: str) -> str:
    """`text` with `\\[1\\]` back to "[1]": for a renderer that escapes plain text itself (rag.plan.render)."""
    return ESCAPED.sub(r"[\1]", text)
