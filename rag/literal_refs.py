"""Bracketed numbers a document wrote itself, made literal before any answer quotes them.

A roadmap may carry its own "[1]": an academic reference, a reST citation reference ("[2]_"), a
numbered link reference ("[notes][2]"), an index ("x[0]"). Quoted verbatim into an answer, it reads
as the answer's citation marker `[n]` and names a source the answer never cited, or worse, a
different one it did. Every passage's text is read through `literal_refs` as it leaves the store:
such a group becomes `\\[1\\]`, which Markdown (Streamlit, the CLI's rich, any renderer) shows as
"[1]" and which no marker reader (rag.claims.MARKER, the app's badges, the checker) takes for a
marker. A code span holding one loses its backticks (inside code a backslash would show).
"""

from __future__ import annotations

import re

# what rag.claims.MARKER reads as a marker (a backslash may stand before it already), and a Markdown
# footnote "[^1]", which the checker takes for a model's marker
_GROUP = r"\\?\[(\^?\d+(?:\s*,\s*\d+)*)\\?\](?!\()"
GROUP = re.compile(_GROUP)
CODE_SPAN = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")


def _literal(match: re.Match) -> str:
    return rf"\[{match.group(1)}\]"


ESCAPED = re.compile(r"\\\[(\^?\d+(?:\s*,\s*\d+)*)\\\]")


def literal_refs(text: str) -> str:
    """`text` with every bracketed number group escaped (stable: applying it twice changes nothing)."""
    if "[" not in text:
        return text
    text = CODE_SPAN.sub(lambda m: m.group(1) if GROUP.search(m.group(1)) else m.group(0), text)
    return GROUP.sub(_literal, text)


def plain_refs(text: str) -> str:
    """`text` with `\\[1\\]` back to "[1]": for a renderer that escapes plain text itself (rag.plan.render)."""
    return ESCAPED.sub(r"[\1]", text)
