"""Turn the Spinning Up reStructuredText column into Markdown for make_pdf.py, keeping what the
rendered page shows: the title and section headings (`#`, `##`), paragraphs with their bold
lead-ins, links with their targets resolved (`` `text`_ `` and `` `text <url>`_ ``), the numbered
references as list items, `---` as an em dash (Sphinx's smart quotes). Directives (the table of
contents) and link-target lines are not shown on the page and are dropped.

    python evals/corpora/blind2-sources/rst_to_md.py evals/corpora/blind2-sources/spinning-up-researcher/spinningup.rst \
        evals/corpora/blind2-sources/spinning-up-researcher/spinningup.md
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

TARGET = re.compile(r"^\.\. _`([^`]+)`: (\S+)\s*$")
INLINE = re.compile(r"`([^`<]+?) <([^>]+)>`_")
NAMED = re.compile(r"`([^`<]+?)`_")
CITATION = re.compile(r"^\.\. \[(\d+)\] (.*)$")


def convert(rst: str) -> str:
    lines = rst.splitlines()
    targets = {m.group(1).lower(): m.group(2) for m in map(TARGET.match, lines) if m}
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if re.fullmatch(r"=+", line) and i + 2 < len(lines) and re.fullmatch(r"=+", lines[i + 2]):
            out.append(f"# {nxt.strip()}")  # over- and underlined: the title
            i += 3
            continue
        if line.strip() and re.fullmatch(r"=+", nxt) and len(nxt) >= len(line.rstrip()):
            out.append(f"## {line.strip()}")
            i += 2
            continue
        if TARGET.match(line):
            i += 1
            continue
        if line.startswith(".. contents::"):
            i += 1
            while i < len(lines) and lines[i].startswith("    "):
                i += 1
            continue
        citation = CITATION.match(line)
        if citation:
            line = f"- [{citation.group(1)}] {citation.group(2)}"
        line = INLINE.sub(lambda m: f"[{m.group(1)}]({m.group(2)})", line)
        line = NAMED.sub(lambda m: f"[{m.group(1)}]({targets.get(m.group(1).lower(), '')})", line)
        out.append(line.replace("---", "—").rstrip())
        i += 1
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: rst_to_md.py SOURCE.rst TARGET.md", file=sys.stderr)
        return 2
    Path(argv[1]).write_text(convert(Path(argv[0]).read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {argv[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
