"""README layouts put back as the plain Markdown lines the structure parser reads, before links are parsed.

Each link is put back with the words it belongs to: an image floated beside a paragraph (a cover, a logo) has
its alt text glued to the sentence ("Handbook CoverThe course is ..."), and a list item whose link is
written on the next line ("- Gradient Boosting  " / "  https://...") left the URL as a line of its own,
so the resource was titled by the nearest heading and answers quoted a bare URL as a topic.
"""

from __future__ import annotations

import re

from ingest.links import HTML_TAG, MD_IMAGE
from ingest.markup import BULLET

# An image with its link: Markdown `[![alt](src)](url)` or an HTML anchor that wraps only an `<img>`.
LINKED_MD_IMAGE = re.compile(r"\[!\[([^\[\]\n]{0,300})\]\([^)\s]{1,2000}\)\]\((https?://[^)\s]{1,2000})\)")
HTML_IMAGE_ANCHOR = re.compile(r"<a\s[^>]*?href\s*=\s*[\"'](https?://[^\"'\s>]{1,2000})[\"'][^>]*>\s*(<img\b[^>]*>)\s*</a\s*>", re.I)
HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.I)
ALT = re.compile(r"\balt\s*=\s*(?:\"([^\"]{0,300})\"|'([^']{0,300})')", re.I)
LINE_MARK = re.compile(r"^\s*(?:#{1,6}\s|[-*+•]\s|\d+[.)]\s)")


def _alt(tag: str) -> str:
    found = ALT.search(tag)
    return " ".join((found.group(1) or found.group(2) or "").split()).replace("[", "(").replace("]", ")") if found else ""


def lift_images(line: str) -> list[str]:
    """An image beside words of the line's own is not part of its sentence: a cover or logo floated
    next to a paragraph ("<a><img alt='Handbook Cover'></a>The course is ...") would otherwise read
    "Handbook CoverThe course is ...". Its alt text leaves the line; a linked image keeps its link, on
    a line of its own before a paragraph, at the end of a heading or list item. A line of images only
    (a row of badges), a table row, or a line with no image is returned as it was."""
    if not ("![" in line or "<img" in line.lower()) or line.count("|") >= 2:
        return [line]
    lifted: list[str] = []

    def keep(url: str, alt: str) -> str:
        lifted.append(f"[{alt or url}]({url})")
        return " "

    rest = LINKED_MD_IMAGE.sub(lambda m: keep(m.group(2), " ".join(m.group(1).split())), line)
    rest = HTML_IMAGE_ANCHOR.sub(lambda m: keep(m.group(1), _alt(m.group(2))), rest)
    rest = HTML_IMAGE.sub(" ", MD_IMAGE.sub(" ", rest))
    words = re.sub(r"\]\([^)]*\)|https?://\S+", " ", HTML_TAG.sub(" ", LINE_MARK.sub("", rest)))
    if not re.search(r"[^\W_]{2,}", words):
        return [line]  # nothing but images (and markup): the images are the line
    rest = re.match(r"\s*", line).group(0) + " ".join(rest.split())
    if LINE_MARK.match(rest):
        return [" ".join([rest, *lifted])]
    return [*lifted, rest]


BARE_URL_LINE = re.compile(r"^\s*<?(https?://[^\s<>()\[\]\"'`]{2,2000})>?\s*$")


def join_link_lines(lines: list[str]) -> list[str]:
    """A line that is only a URL, right after a list item (or a line ending in a Markdown hard break)
    with no link of its own, is that item's link: `- Gradient Boosting` + `https://...` becomes
    `- Gradient Boosting https://...`, as the rendered page shows them together (the item stays a
    topic; the link is titled by its words, see ingest.links.link_title)."""
    out: list[str] = []
    for line in lines:
        url = BARE_URL_LINE.match(line)
        previous = out[-1] if out else ""
        hard_break = previous.endswith("  ") and not previous.lstrip().startswith(("#", "|", ">"))
        if url and (BULLET.match(previous) or hard_break) and "http" not in previous and "](" not in previous:
            out[-1] = f"{previous.rstrip()} {url.group(1)}"
            continue
        out.append(line)
    return out
