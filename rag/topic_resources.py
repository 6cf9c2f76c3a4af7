"""The topic a resource question names, and the roadmap lines about it ("linear algebra resources in
the data science masters": the Math list's linear algebra lines, not the roadmap's generic links).

A roadmap's own name words name every line of it (every catalogue entry's "Recommended in:" line
ends with the roadmap's title), so they are set aside before matching; what is left must be named by
the lines cited: a list item, a table row, a line under a heading that names the topic."""

from __future__ import annotations

import re
from typing import Protocol

from rag.extractive import passage_lines
from rag.lines import TABLE_RULE
from rag.models import Passage, RoadmapStructure
from rag.retrieval import RetrievalFilter
from rag.targeting import ROADMAP_WORDS
from rag.text import content_terms, stem, tokens

# Words that say what kind of material is wanted, not what it is about.
REQUEST_WORDS = {
    "resources", "resource", "courses", "course", "books", "book", "tutorials", "tutorial", "playlists", "playlist",
    "videos", "video", "links", "link", "materials", "material", "docs", "documentation", "free", "paid", "good",
    "best", "recommend", "recommended", "lessons", "lesson", "lectures", "lecture", "articles", "article",
    "readings", "reading", "classes", "class", "learn", "learning", "study", "studying", "stuff", "sources", "source",
}
REQUEST_STEMS = {stem(w) for w in REQUEST_WORDS}
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
NUMBERING = re.compile(r"^\d+$")
MAX_LINES = 6
MAX_LABEL_WORDS = 6  # a line this short with no link names a list ("Linear Algebra & Programming")
DETERMINERS = {"the", "this", "that", "my", "your", "our"}
BREAKS = {"in", "on", "of", "about", "from", "with", "at", "into", "within", "inside", "and", "or", "vs", "versus"}
NAME_REACH = 5  # words a roadmap's name reaches back to its determiner


class Targeter(Protocol):
    def without_names(self, text: str, roadmap: RoadmapStructure) -> str: ...


def topic_terms(text: str, targeter: Targeter, structures: list[RoadmapStructure]) -> list[str]:
    """The words of `text` that name its topic: not a request word, not a word that names one of the
    roadmaps (unless nothing else is left: "pytorch resources" asks about PyTorch)."""
    asked = [t for t in content_terms(text) if stem(t) not in REQUEST_STEMS]
    named_ones = [r for r in structures if _names_it(text, targeter, r)]
    named = _without_name_phrases(text, targeter, named_ones)
    for roadmap in named_ones:
        named = targeter.without_names(named, roadmap)
    topic = [t for t in content_terms(named) if stem(t) not in REQUEST_STEMS]
    return topic or asked


def _names_it(text: str, targeter: Targeter, roadmap: RoadmapStructure) -> bool:
    """Two of the roadmap's name words, or one with a word that says roadmap ("the pytorch course",
    "ml for beginners"): a name. One name word alone is a topic ("LLM security resources?")."""
    removed = len(text.split()) - len(targeter.without_names(text, roadmap).split())
    return removed >= 2 or removed >= 1 and bool(ROADMAP_WORDS.search(text))


def _without_name_phrases(text: str, targeter: Targeter, structures: list[RoadmapStructure]) -> str:
    """`text` without the words a learner puts before a roadmap's name inside one noun phrase: "in
    the open source data science masters" names the roadmap, "open source" included."""
    words = re.findall(r"[A-Za-z0-9+#][\w+#'-]*", text)
    is_name = [any(not targeter.without_names(w, r).strip() for r in structures) for w in words]
    dropped: set[int] = set()
    for i in (i for i, name in enumerate(is_name) if name):
        j = i - 1
        while j >= 0 and i - j <= NAME_REACH and words[j].lower() not in DETERMINERS | BREAKS:
            j -= 1
        if j >= 0 and words[j].lower() in DETERMINERS:
            dropped.update(n for n in range(j + 1, i) if not is_name[n])
    return " ".join(w for n, w in enumerate(words) if n not in dropped)


def entry_matches(passage: Passage, stems: set[str]) -> int:
    """How many topic words a catalogue entry is about: its title, its topics and the heading it is
    recommended under, not the roadmap's title in brackets (which names every entry of the roadmap)."""
    about = [passage.section]
    for line in passage.text.split("\n"):
        if line.startswith("Topics:"):
            about.append(line)
        elif line.startswith("Recommended in:"):
            about.append(re.sub(r"\([^()]*\)\s*\.?\s*$", " ", line))
    return len(stems & {stem(t) for t in tokens(" ".join(about))})


URL = re.compile(r"\b(?:https?://|www\.)\S+")
PREFIX = 5  # "evaluat" and "evalu" (evaluate, evaluation) are one word; shorter stems must be equal


def _same(a: str, b: str) -> bool:
    return a == b or min(len(a), len(b)) >= PREFIX and (a.startswith(b) or b.startswith(a))


def _named(stems: set[str], words: set[str]) -> set[str]:
    """The topic stems `words` names, one spelling variant away at most."""
    return {s for s in stems if s in words or any(_same(s, w) for w in words)}


def said(stems: set[str], passages: list[Passage]) -> set[str]:
    """The topic stems some passage says in words, not only inside a URL."""
    words: set[str] = set()
    for passage in passages:
        words |= _stems(URL.sub(" ", passage.section + " " + passage.text))
    return _named(stems, words)


def attested(stems: set[str], passages: list[Passage]) -> set[str]:
    """The topic stems less those the passages have only inside a URL ("jwasham" in
    github.com/sponsors/jwasham: a handle, not a topic); a word in no passage stays asked."""
    urls: set[str] = set()
    for passage in passages:
        found = URL.findall(passage.text) + [link.get("url", "") for link in passage.links] + [passage.url or ""]
        urls |= {stem(t) for t in tokens(" ".join(found).replace("/", " ").replace(".", " "))}
    handles = _named(stems, urls) - said(stems, passages)
    return stems - handles if stems - handles else stems


def recommended_by(passage: Passage, roadmap: RoadmapStructure) -> bool:
    """A catalogue entry the roadmap recommends: a link of its own file, or an entry whose
    "Recommended in:" names it as its stages' roadmap ("Firing (Pottery Masters)"), its title whole:
    "Machine Learning" is not named by another roadmap's "(Machine Learning Engineer Prep)", so
    another roadmap's link that shares a word with the topic is never listed for this one."""
    if passage.source == roadmap.source:
        return True
    where = next((line for line in passage.text.split("\n") if line.startswith("Recommended in:")), "")
    return bool(roadmap.title) and f"({roadmap.title.lower()})" in where.lower()


def _stems(text: str) -> set[str]:
    """The text's word stems, and the initials of each run of two to four words ("natural language
    processing" is also "nlp"), so an acronym the learner uses finds the words it abbreviates."""
    words = [w for w in tokens(LINK.sub(r"\1 ", text)) if w.isalpha()]
    initials = {"".join(w[0] for w in words[i:i + n]) for n in (2, 3, 4) for i in range(len(words) - n + 1)}
    return {stem(t) for t in tokens(LINK.sub(r"\1 ", text))} | initials


def readable(line: str) -> str:
    """A table row as its named cells ("Introduction to NLP: Learn the basics"); a link as its text."""
    if TABLE_ROW.match(line):
        cells = [LINK.sub(r"\1", cell).strip() for cell in line.strip().strip("|").split("|")]
        cells = [re.sub(r"<[^>]+>", " ", cell).strip() for cell in cells]
        return ": ".join(c for c in cells if c and not NUMBERING.match(c))
    return LINK.sub(r"\1", line).strip()


def topic_lines(passage: Passage, stems: set[str]) -> list[str]:
    """The passage's lines that name every topic word (its heading counts for each line under it)."""
    heading = _stems(passage.section.split(" > ")[-1])
    labels = [link["text"] for link in passage.links if link.get("text")]
    found: list[str] = []
    under = False  # a topic line with no link of its own names the linked lines under it
    for line in passage_lines(passage):
        if TABLE_RULE.match(line) or not line.strip(" |"):
            continue
        linked = any(label in line for label in labels)
        if stems <= (_stems(line) | heading):
            found.append(readable(line))
            under = (not linked and len(line.split()) <= MAX_LABEL_WORDS) or (under and linked)
        elif under and linked:
            found.append(readable(line))
        else:
            under = False
    return [line for line in found if line]


def topic_passages(search, ranked: list[Passage], terms: list[str], scope: RetrievalFilter | None,
                   k: int) -> list[Passage]:
    """Roadmap passages with lines about the topic, those with the most such lines first: the search
    results and a search for the topic words alone, in the roadmap the question names if it names one."""
    stems = {stem(t) for t in terms}
    if not stems:
        return []
    seen: dict[str, Passage] = {}
    for passage in [*ranked, *search(" ".join(terms), filter=scope or RetrievalFilter(kind="roadmap"), k=k)]:
        if passage.kind == "roadmap":
            seen.setdefault(passage.chunk_id, passage)
    stems = attested(stems, list(seen.values()))  # "jwasham" only in the sponsor link's URL: not the topic
    counted = [(_weight(p, topic_lines(p, stems)), p) for p in seen.values()]
    return [p for n, p in sorted(counted, key=lambda item: (-item[0][0], -item[0][1], -item[1].score)) if n[1]]


def _weight(passage: Passage, lines: list[str]) -> tuple[int, int]:
    """(the topic lines that carry a link, all topic lines): a list of links about the topic before
    lines that only name it ("Topics: ..., Statistics, ...")."""
    labels = [link["text"] for link in passage.links if link.get("text")]
    return sum(any(label in line for label in labels) for line in lines), len(lines)
