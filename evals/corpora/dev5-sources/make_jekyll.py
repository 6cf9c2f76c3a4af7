"""Render a Jekyll page the way GitHub Pages serves it: front matter stripped, the page placed in its
`layout`, `{% include %}` files inlined and the few Liquid forms these templates use evaluated
(`{{ site.x }}`, `{{ page.x }}`, the `replace` / `prepend` filters, `{% if %}…{% else %}…{% endif %}`).
Only what the cs231n notes site needs; anything else is left as written.

    python evals/corpora/dev5-sources/make_jekyll.py SITE_DIR PAGE OUT.html
"""

from __future__ import annotations

import re
import sys
from pathlib import Path


def _config(site: Path) -> dict[str, str]:
    values = {}
    for line in (site / "_config.yml").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([a-z_0-9]+):\s*(.*)$", line)
        if match and match.group(2):
            values[match.group(1)] = match.group(2).strip().strip('"')
    return values


def _value(expr: str, scope: dict[str, dict[str, str]]) -> str:
    expr = expr.strip()
    if expr.startswith(("'", '"')):
        return expr[1:-1]
    owner, _, key = expr.partition(".")
    return scope.get(owner, {}).get(key, "")


def _output(expr: str, scope) -> str:
    head, *filters = [part.strip() for part in expr.split("|")]
    text = _value(head, scope)
    for flt in filters:
        name, _, args = flt.partition(":")
        values = [_value(a, scope) for a in re.findall(r"'[^']*'|\"[^\"]*\"|[\w.]+", args)]
        if name.strip() == "replace":
            text = text.replace(values[0], values[1])
        elif name.strip() == "prepend":
            text = values[0] + text
    return text


def _liquid(text: str, scope) -> str:
    pattern = re.compile(r"{%\s*if ([\w.]+)\s*%}(.*?)(?:{%\s*else\s*%}(.*?))?{%\s*endif\s*%}", re.S)
    text = pattern.sub(lambda m: m.group(2) if _value(m.group(1), scope) else (m.group(3) or ""), text)
    return re.sub(r"{{(.*?)}}", lambda m: _output(m.group(1), scope), text)


def render(site: Path, page: Path) -> str:
    raw = page.read_text(encoding="utf-8")
    front, body = re.match(r"^---\n(.*?)\n---\n(.*)$", raw, re.S).groups()
    meta = dict(re.findall(r"^(\w+):\s*(.*)$", front, re.M))
    scope = {"site": _config(site), "page": {**meta, "url": "/" + page.name}}
    layout = (site / "_layouts" / f"{meta['layout']}.html").read_text(encoding="utf-8")
    layout = re.sub(r"{%\s*include ([\w.]+)\s*%}",
                    lambda m: (site / "_includes" / m.group(1)).read_text(encoding="utf-8"), layout)
    return _liquid(layout.replace("{{ content }}", "\0"), scope).replace("\0", _liquid(body, scope))


if __name__ == "__main__":
    site, page, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    out.write_text(render(site, page), encoding="utf-8")
