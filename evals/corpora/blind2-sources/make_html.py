"""Render a Markdown roadmap to a standalone HTML page, so the blind2 set has a document the loader
must read as HTML (its stage titles are bold paragraphs, `<p><strong>`, not heading tags), as a
learner would save a rendered course page. markdown-it-py (CommonMark, tables on) does the
rendering; relative links stay relative, nothing else is added but a <title> and a <main>.

    python evals/corpora/blind2-sources/make_html.py evals/corpora/blind2-sources/nn-zero-to-hero/README.md \
        evals/corpora/blind2/nn-zero-to-hero/index.html "Neural Networks: Zero to Hero"
"""

from __future__ import annotations

import html
import sys
from pathlib import Path


def render(markdown: str, title: str) -> str:
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark").enable("table").render(markdown)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)}</title>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: make_html.py SOURCE.md TARGET.html TITLE", file=sys.stderr)
        return 2
    source, target, title = Path(argv[0]), Path(argv[1]), argv[2]
    target.write_text(render(source.read_text(encoding="utf-8"), title), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
