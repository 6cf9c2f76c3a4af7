"""Render a roadmap README (GitHub-flavoured Markdown) to a standalone HTML page, as a user would
save it from a browser: the evaluation then reads the page through the HTML loader, not the Markdown.

    python evals/corpora/dev3-sources/make_html.py SOURCE.md OUT.html "Page title"
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

from markdown_it import MarkdownIt


def render(markdown: str, title: str) -> str:
    body = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    return (f"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(title)}</title>\n</head>\n<body>\n<article>\n{body}</article>\n</body>\n</html>\n")


if __name__ == "__main__":
    source, out, title = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    out.write_text(render(source.read_text(encoding="utf-8"), title), encoding="utf-8")
