"""Links as a roadmap writes them, made uniform, titled and classified.

HTML anchors inside Markdown, `<https://...>` autolinks and bare URLs all become `[text](url)`, so
one pattern finds every link. A link's title is its anchor text, or the words around it when the
anchor only says "Visit", "Learn" or "Watch Full Video". Its kind comes from the URL.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

HTML_ANCHOR = re.compile(r"<a\s[^>]*?href\s*=\s*[\"'](https?://[^\"'\s>]{1,2000})[\"'][^>]*>(.*?)</a\s*>", re.I | re.S)
HTML_TAG = re.compile(r"</?[a-zA-Z][^<>\n]{0,500}>")
AUTOLINK = re.compile(r"<(https?://[^>\s]{1,2000})>")
BARE_URL = re.compile(r"(?<![\[(<\"'=])\bhttps?://[^\s<>(){}\[\]\"'`]{2,2000}[^\s<>(){}\[\]\"'`.,;:!?]")
MD_IMAGE = re.compile(r"!\[([^\[\]\n]{0,300})\]\([^)\s]{1,2000}\)")
MD_LINK_OR_IMAGE = re.compile(r"!?\[[^\[\]\n]{0,300}\]\([^)\s]{1,2000}\)")
GENERIC_ANCHOR = re.compile(
    r"^\W*(visit|learn|watch|watch (the )?(full )?video|view|read|read more|link|here|click here|website|"
    r"course|video|playlist|article|tutorial|docs|documentation|open|go|start|enroll|more|source|this|"
    r"open in colab|notebook|chat|alternative|part \d+|"
    r"https?://\S+)\W*$",
    re.I,
)
NON_LEARNING_HOSTS = {
    "linkedin.com": "profile", "twitter.com": "social", "x.com": "social", "facebook.com": "social",
    "instagram.com": "social", "discord.gg": "community", "discord.com": "community", "t.me": "social",
    "reddit.com": "community", "indeed.com": "job-search", "glassdoor.com": "job-search",
    "wellfound.com": "job-search", "shields.io": "badge", "img.shields.io": "badge", "imgur.com": "image",
    "i.imgur.com": "image", "docs.google.com": "document",
    "a.co": "shop", "amazon.com": "book", "packt.link": "book", "packtpub.com": "book", "oreilly.com": "book",
    "manning.com": "book",
}
KIND_BY_HOST = {
    "coursera.org": "course", "edx.org": "course", "udacity.com": "course", "udemy.com": "course",
    "khanacademy.org": "course", "course.fast.ai": "course", "deeplearning.ai": "course",
    "learning.edx.org": "course", "openlearninglibrary.mit.edu": "course", "mitxonline.mit.edu": "course",
    "ocw.mit.edu": "university-course", "kaggle.com": "course", "fullstackopen.com": "course",
    "github.com": "code-repository", "gitlab.com": "code-repository", "huggingface.co": "model-hub",
    "colab.research.google.com": "notebook",
    "arxiv.org": "paper", "openreview.net": "paper", "aclanthology.org": "paper", "papers.nips.cc": "paper",
    "medium.com": "article", "towardsdatascience.com": "article", "substack.com": "article",
}
PROFILE_HOSTS = {"linkedin.com", "twitter.com", "x.com", "github.com", "huggingface.co"}


def uniform_links(line: str) -> str:
    """HTML anchors, autolinks and bare URLs of one line as Markdown links; images become their alt
    text (a badge is not a resource) and other HTML tags are dropped."""
    if "![" in line:
        line = MD_IMAGE.sub(lambda m: m.group(1), line)
    if "<" in line:
        line = HTML_ANCHOR.sub(lambda m: f"[{_anchor_text(m.group(2), m.group(1))}]({m.group(1)})", line)
        line = AUTOLINK.sub(lambda m: f"[{m.group(1)}]({m.group(1)})", line)
        line = HTML_TAG.sub(" ", line)
        line = line.strip() if not line.strip() else line.rstrip()
    if "http" in line:
        kept = MD_LINK_OR_IMAGE.split(line)
        links = MD_LINK_OR_IMAGE.findall(line)
        kept = [BARE_URL.sub(lambda m: f"[{m.group(0)}]({m.group(0)})", part) for part in kept]
        line = "".join(part + (links[n] if n < len(links) else "") for n, part in enumerate(kept))
    return line


def _anchor_text(inner: str, url: str) -> str:
    """The anchor's words, else the alt text of the image it wraps, else the URL."""
    text = " ".join(HTML_TAG.sub(" ", inner).split())
    if not text:
        alt = re.search(r"\balt\s*=\s*(?:\"([^\"]{1,300})\"|'([^']{1,300})')", inner)
        text = (alt.group(1) or alt.group(2)).strip() if alt else ""
    return text.replace("[", "(").replace("]", ")")[:300] or url


# words that only point at a link ("Link to the playlist", "check out the code from here")
POINTER_WORDS = set(
    "a an the to from at on in of for by it its this that these those here there my our your you can is are "
    "link links click check out see visit watch read get find go open view full more available "
    "code playlist video videos course courses website site page source notebook article tutorial docs "
    "documentation repo repository lecture lectures slides notes book paper channel post blog series".split())


def is_generic(text: str) -> bool:
    """Text that names no resource: "here", "this", "Link to the playlist", a bare URL."""
    words = re.findall(r"[a-z]+", text.lower())
    if not text.strip() or GENERIC_ANCHOR.match(text.strip()):
        return True
    return bool(words) and all(word in POINTER_WORDS for word in words) and not re.search(r"[^\x00-\x7f]\w", text)


def link_title(anchor: str, line: str, heading: str = "", url: str = "") -> str:
    """The anchor text; when it is generic ("Visit", "here", "Link to the playlist", a bare URL),
    the line's own words, else the nearest heading, else the URL's host and path."""
    anchor = anchor.strip()
    if not is_generic(anchor):
        return anchor
    rest = MD_LINK_OR_IMAGE.sub(" ", line)
    cells = _row_cells(line)
    if cells:  # a table row: the first cell with words (a linked name counts) names the row
        named = [re.sub(r"\[([^\[\]\n]{1,300})\]\([^)\s]{1,2000}\)",
                        lambda m: "" if GENERIC_ANCHOR.match(m.group(1)) else m.group(1), cell) for cell in cells]
        rest = next((cell for cell in named if re.search(r"[A-Za-z]{3,}", cell)), rest)
    rest = re.sub(r"https?://\S+", " ", rest)
    rest = re.sub(r"^\s*(?:[-*+•]|\d+[.)])\s+", "", rest)
    rest = re.sub(r"[*_`#|]", " ", rest)
    rest = _balanced(re.sub(r"^[^\w(\"'“]+", "", " ".join(rest.split())).strip(" -–—:|[].,;"))
    words = len(re.findall(r"[A-Za-z]{2,}", rest))
    # one name before the link of a list item ("- PyTorch – https://pytorch.org/"), not a column's label
    named = words == 1 and bool(re.fullmatch(r"[\w.+#-]{2,40}", rest)) and bool(re.match(r"\s*(?:[-*+•]|\d+[.)])\s", line))
    if (words >= 2 or (words and cells) or named) and len(rest) <= 160 and not is_generic(rest):
        return rest
    heading = re.sub(r"^[^\w(\"'“]+", "", heading).strip()
    if heading:
        return heading
    target = url or anchor
    if target.startswith("http"):
        return (host_of(target) + urlparse(target).path.rstrip("/"))[:120]
    return anchor


def _balanced(text: str) -> str:
    """Brackets at the ends dropped unless they pair with one inside: "Calculus (Gradients)" keeps its
    closing bracket ("Calculus (Gradients" was a title), "(see below)" loses both; a bracket a link
    was cut out of closes up ("(thanks )" -> "(thanks)") or goes ("( )")."""
    text = " ".join(re.sub(r"\(\s*\)", " ", re.sub(r"\s+\)", ")", re.sub(r"\(\s+", "(", text))).split())
    while text and text[-1] in "(" or (text.endswith(")") and text.count(")") > text.count("(")):
        text = text[:-1].rstrip(" -–—:|[].,;")
    while text and text[0] in ")" or (text.startswith("(") and text.count("(") > text.count(")")):
        text = text[1:].lstrip(" -–—:|[].,;")
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1].strip()
    return text


# a curriculum table's row as ingest.tables writes it: "Lesson: 3; Topic: [Name](url); Slides: [Go](url)"
ROW_CELL = re.compile(r"^[^:;\[\]]{1,60}:\s")


def _row_cells(line: str) -> list[str]:
    """The cells of a table row, written with pipes or as `Column: value` pairs joined by "; "."""
    if line.count("|") >= 2:
        return line.split("|")
    pairs = line.split("; ")
    if len(pairs) >= 2 and all(ROW_CELL.match(pair) for pair in pairs):
        return [pair.split(":", 1)[1] for pair in pairs]
    return []


def host_of(url: str) -> str:
    host = (urlparse(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _matches(host: str, table: dict[str, str]) -> str | None:
    for known, value in table.items():
        if host == known or host.endswith("." + known):
            return value
    return None


def classify(url: str, title: str = "") -> tuple[str, bool]:
    """(kind, learning_resource) inferred from the URL: a profile, job board or social site is not
    something to learn from; a playlist, course, repository or paper is."""
    host, path = host_of(url), urlparse(url).path.lower()
    query = urlparse(url).query.lower()
    segments = [s for s in path.split("/") if s]
    if host.endswith("youtube.com") or host == "youtu.be":
        if "list=" in query or path.startswith("/playlist"):
            return "video-playlist", True
        if segments[:1] and (segments[0].startswith("@") or segments[0] in {"c", "channel", "user"}):
            return "video-channel", True
        return "video", True
    if host in PROFILE_HOSTS and len(segments) == 1 and host != "huggingface.co" or host == "linkedin.com":
        return "profile", False
    special = _matches(host, NON_LEARNING_HOSTS)
    if special in {"book"}:
        return "book", True
    if special:
        return special, False
    if path.endswith(".pdf") or ".pdf." in path:
        return ("paper" if "arxiv" in host else "book" if "book" in title.lower() else "document"), True
    kind = _matches(host, KIND_BY_HOST)
    if kind:
        return kind, True
    if host.startswith(("docs.", "developer.", "learn.")) or "/docs" in path or "documentation" in path or "/tutorial" in path:
        return "official-docs", True
    if "book" in host or "book" in title.lower():
        return "book", True
    if "course" in path or "course" in host or "course" in title.lower():
        return "course", True
    if "blog" in host or "/blog" in path or "/posts/" in path:
        return "article", True
    return "website", True


COST = [
    (re.compile(r"\b(free|no cost|open access|free of charge)\b", re.I), "free"),
    (re.compile(r"\b(paid|premium|subscription|\$\s?\d+|€\s?\d+|£\s?\d+|\d+\s?(usd|eur|bdt|tk))\b", re.I), "paid"),
]


def cost_in(line: str) -> str:
    """'free' or 'paid' when the line around a link says so; 'unknown' otherwise."""
    text = MD_LINK_OR_IMAGE.sub(" ", line)
    for pattern, cost in COST:
        if pattern.search(text):
            return cost
    return "unknown"
