"""reStructuredText as the Markdown the structure parser reads: titles, links, lists; no badges.

A roadmap written in reST (a README.rst, or one saved as .txt) marks its section titles with
underlines, or over- and underlines, of one punctuation character; as in docutils, each new style
met is one level deeper than the styles seen before it. Its links are `` `text <url>`_ ``,
`` `name`_ `` with a `.. _name: url` target, or bare URLs; all become `[text](url)`. Images, badges
(`|name|` substitutions of an image), raw HTML, comments and table-of-contents directives are not
content and go; admonitions and literal blocks keep their text.
"""

from __future__ import annotations

import re

ADORNMENT = re.compile(r"^([!-/:-@\[-`{-~])\1{2,}\s*$")  # a line of one repeated punctuation character
LINK_WITH_URL = re.compile(r"`([^`<>]{0,300}?)\s*<((?:https?://|www\.)[^<>`\s]{1,2000})>`__?", re.S)
LINK_WITH_LOCAL = re.compile(r"`([^`<>]{1,300}?)\s*<[^<>`]{0,500}>`__?", re.S)  # into the docs: its words
NAMED_REFERENCE = re.compile(r"`([^`<>]{1,300}?)`__?(?![\w`])", re.S)
WORD_REFERENCE = re.compile(r"(?<![\w`|])([A-Za-z][\w.\-]{0,80})__?(?![\w`])")
TARGET = re.compile(r"^\.\.\s+_(?:`([^`]{1,300})`|([^:]{1,300})):\s*(\S*)\s*$")
ANONYMOUS_TARGET = re.compile(r"^(?:\.\.\s+__:|__)\s+(\S+)\s*$")
SUBSTITUTION = re.compile(r"^\.\.\s+\|([^|]{1,200})\|\s+([\w-]+)::\s*(.*)$")
DIRECTIVE = re.compile(r"^\.\.\s+([\w:-]+)::\s*(.*)$")
COMMENT = re.compile(r"^\.\.(\s|$)")
ROLE = re.compile(r":[\w:+-]{1,40}:`([^`<]{1,300}?)(?:\s*<[^`>]{0,300}>)?`")
LITERAL = re.compile(r"``([^`]{1,500})``")
# Directives whose body is text a reader sees; every other directive's body is dropped
KEPT_BODIES = {"note", "tip", "hint", "important", "warning", "caution", "attention", "danger", "error",
               "admonition", "seealso", "topic", "sidebar", "rubric", "code", "code-block", "sourcecode",
               "highlight", "epigraph", "pull-quote", "container", "only"}
LINK_DIRECTIVES = {"image", "figure"}  # `:target: url` of an image is a link, but a badge is no resource
# docutils' and Sphinx's own directives that hold no prose in their options (an image's `:alt:` is a
# badge's name); a directive not named here is a site's own (`.. displayitem::`), whose options may be
# all the text it has (`:header:`, `:description:`)
STANDARD_DIRECTIVES = {"image", "figure", "raw", "include", "literalinclude", "toctree", "contents", "sectnum",
                       "section-numbering", "meta", "math", "csv-table", "list-table", "table", "class", "role",
                       "default-role", "title", "header", "footer", "target-notes", "footnote", "citation",
                       "replace", "unicode", "date", "parsed-literal", "line-block", "compound", "index",
                       "glossary", "productionlist", "currentmodule", "module", "py:module", "autosummary",
                       "graphviz", "plot", "testcode", "testoutput", "doctest", "ifconfig", "versionadded",
                       "versionchanged", "deprecated", "centered", "hlist", "tabularcolumns"}
OPTION = re.compile(r"^\s*:([\w-]+):\s*(.*)$")


def looks_like_rst(text: str) -> bool:
    """reST rather than plain text: its link, target or directive syntax beside adorned titles, or an
    overlined title (plain text underlines a title at most, and is read as such)."""
    lines = text.split("\n")
    titles = sum(1 for n in range(1, len(lines)) if _is_underline(lines[n], lines[n - 1])
                 and (n < 2 or not lines[n - 2].strip() or ADORNMENT.match(lines[n - 2])))
    overlined = any(ADORNMENT.match(lines[n]) and ADORNMENT.match(lines[n + 2]) and lines[n + 1].strip()
                    and not ADORNMENT.match(lines[n + 1]) and lines[n].strip()[0] == lines[n + 2].strip()[0]
                    for n in range(len(lines) - 2))
    syntax = len(re.findall(r"`[^`\n]{1,300}<https?://[^>\s]+>`_|^\.\.\s+(?:_[^:\n]+:|[\w-]+::|\|)", text, re.M))
    return titles >= 2 and syntax >= 1 or syntax >= 3 or overlined and titles + syntax >= 1


def to_markdown(text: str) -> str:
    """The document as Markdown headings, bullets and `[text](url)` links."""
    lines = text.replace("\t", "    ").split("\n")
    while lines and (not lines[0].strip() or re.match(r"^:[\w-]+:(\s+\S.*)?$", lines[0])):
        lines = lines[1:]  # Sphinx's file-wide metadata (":orphan:", ":tocdepth: 2"), not text
    targets, images = _targets(lines)
    lines = _drop_markup_blocks(lines)
    lines = _titles(lines)
    body = "\n".join(lines)
    body = LINK_WITH_URL.sub(lambda m: _link(m.group(1), m.group(2)), body)
    body = LINK_WITH_LOCAL.sub(lambda m: " ".join(m.group(1).split()), body)
    body = ROLE.sub(lambda m: " ".join(m.group(1).split()), body)
    body = NAMED_REFERENCE.sub(lambda m: _reference(m.group(0), m.group(1), targets), body)
    body = WORD_REFERENCE.sub(lambda m: _reference(m.group(0), m.group(1), targets), body)
    body = re.sub(r"\|([^|\n]{1,200})\|_{0,2}", lambda m: "" if m.group(1) in images else m.group(1), body)
    body = LITERAL.sub(lambda m: f"`{m.group(1)}`", body)
    out = []
    for line in body.split("\n"):
        line = re.sub(r"^(\s*)#\.\s+", r"\1- ", line)  # an auto-numbered item
        line = re.sub(r"^\|\s", "", line)  # a line block
        line = re.sub(r"(?<=\w)::$", ":", line)  # "Example::" opens a literal block
        out.append(line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"


def _link(text: str, url: str) -> str:
    url = url if url.startswith("http") else "https://" + url
    label = " ".join(text.split()) or url
    return f"[{label}]({url})"


def _reference(whole: str, name: str, targets: dict[str, str]) -> str:
    url = targets.get(" ".join(name.split()).lower())
    if url:
        return _link(name, url)
    return " ".join(name.split()) if whole.startswith("`") else whole


def _is_underline(line: str, title: str) -> bool:
    stripped = title.strip()
    return bool(ADORNMENT.match(line)) and bool(stripped) and not ADORNMENT.match(title) and \
        not title.startswith((" ", "..")) and len(line.rstrip()) >= min(len(stripped), 4)


def _targets(lines: list[str]) -> tuple[dict[str, str], set[str]]:
    """`.. _name: url` targets (name -> URL) and the names of image substitutions."""
    targets: dict[str, str] = {}
    images: set[str] = set()
    for line in lines:
        found = TARGET.match(line.strip())
        if found and found.group(3).startswith(("http://", "https://")):
            targets[" ".join((found.group(1) or found.group(2)).split()).lower()] = found.group(3)
        substitution = SUBSTITUTION.match(line.strip())
        if substitution and substitution.group(2) in LINK_DIRECTIVES:
            images.add(substitution.group(1))
    return targets, images


def _drop_markup_blocks(lines: list[str]) -> list[str]:
    """Targets, comments, substitution definitions and directives without readable text go, with
    their indented bodies; an admonition or code block keeps its body, dedented."""
    kept: list[str] = []
    number = 0
    while number < len(lines):
        line = lines[number]
        stripped = line.strip()
        if not COMMENT.match(stripped) and not ANONYMOUS_TARGET.match(stripped):
            kept.append(line)
            number += 1
            continue
        indent = len(line) - len(line.lstrip())
        directive = DIRECTIVE.match(stripped)
        name = directive.group(1).lower() if directive else ""
        body_start = number + 1
        end = body_start
        while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
            end += 1
        while end > body_start and not lines[end - 1].strip():
            end -= 1  # the blank lines after the block are the document's
        if name in KEPT_BODIES or name.endswith("code-block"):
            if directive.group(2) and name in {"admonition", "topic", "sidebar", "rubric"}:
                kept.append(directive.group(2))
            body = [l for l in lines[body_start:end] if not re.match(r"^\s*:[\w-]+:", l)]
            depth = min((len(l) - len(l.lstrip()) for l in body if l.strip()), default=0)
            kept += [l[depth:] for l in body]
        elif directive and name not in STANDARD_DIRECTIVES and not name.startswith("auto"):
            kept += _option_text(lines[body_start:end])
        number = end
    return kept


def _option_text(body: list[str]) -> list[str]:
    """The prose a custom directive carries in its options (`:header: Level 1: Train a model`,
    `:description: Learn the basics ...`), as one bullet: the first as its bold lead. Values of one
    token (a link, a CSS class, a height, a tag) are settings, not text."""
    texts = []
    for line in body:
        option = OPTION.match(line)
        value = " ".join(option.group(2).split()) if option else ""
        if len(re.findall(r"[A-Za-z]{2,}", value)) >= 2 and " " in value and not re.search(r"https?://|\.html\b", value):
            lead = option.group(1).lower() in {"header", "title", "heading", "name"}  # whatever order it is written in
            texts.insert(0, value) if lead else texts.append(value)
    if not texts:
        return []
    lead = f"**{texts[0].rstrip(':.')}**"
    return [f"- {lead}: {' '.join(texts[1:])}" if len(texts) > 1 else f"- {lead}", ""]


def _titles(lines: list[str]) -> list[str]:
    """Adorned titles as '#' headings; a style's level is the order in which it first appears."""
    styles: list[tuple[str, bool]] = []
    out: list[str] = []
    number = 0
    while number < len(lines):
        line = lines[number]
        over = ADORNMENT.match(line)
        if over and number + 2 < len(lines) and lines[number + 1].strip() and ADORNMENT.match(lines[number + 2]) \
                and lines[number + 2].strip()[0] == line.strip()[0] and not ADORNMENT.match(lines[number + 1]):
            out.append(_heading(styles, (line.strip()[0], True), lines[number + 1]))
            number += 3
            continue
        if number + 1 < len(lines) and _is_underline(lines[number + 1], line) and (not out or not out[-1].strip()
                                                                                  or out[-1].startswith("#")):
            out.append(_heading(styles, (lines[number + 1].strip()[0], False), line))
            number += 2
            continue
        if over and (not out or not out[-1].strip()):
            number += 1  # a transition between sections
            continue
        out.append(line)
        number += 1
    return out


def _heading(styles: list[tuple[str, bool]], style: tuple[str, bool], title: str) -> str:
    if style not in styles:
        styles.append(style)
    level = min(styles.index(style) + 1, 6)
    return "" if not title.strip() else f"\n{'#' * level} {title.strip()}\n"
