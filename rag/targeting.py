"""Which roadmap a question means, from the names a learner uses for it.

A roadmap answers to its title, its file and folder names ("ossu-data-science/README.md") and its
top-level headings ("The LLM Scientist"), and learners name it in their own words: "the DS track",
"the CS curriculum", "the data engineering roadmap", "the Gen AI one". Both sides are reduced to
the same name tokens (word stems, with role phrases and their acronyms folded into one token), and a
roadmap is named when the question holds a token only that roadmap's names have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from rag.models import RoadmapStructure
from rag.text import GENERIC, STOPWORDS, stem

# Role phrases and the short forms learners use, folded into one token each (longest first).
ROLE_NAMES: tuple[tuple[str, str], ...] = (
    (r"natural language processing", "nlp"),
    (r"large language models?|llms?", "llm"),
    (r"data scien(ce|tists?)|\bds\b", "datascience"),
    (r"computer scien(ce|tists?)|\bcs\b|comp ?sci", "computerscience"),
    (r"computer vision|\bcv\b", "computervision"),
    (r"machine learning|\bml\b", "ml"),
    (r"generative ai|gen ?ai", "genai"),
    (r"artificial intelligence", "ai"),
    (r"data engineer(ing|s)?", "dataengineering"),
    (r"ml ?ops", "mlops"),
    (r"dev ?ops", "devops"),
    (r"full ?stack", "fullstack"),
    (r"front ?end", "frontend"),
    (r"back ?end", "backend"),
)
_FOLD = [(re.compile(rf"\b(?:{pattern})\b", re.I), token) for pattern, token in ROLE_NAMES]
# Words that say "a roadmap" rather than name one.
ROADMAP_WORDS = re.compile(r"\b(road ?maps?|tracks?|curriculum|curricula|paths?|course|programs?|guides?|"
                           r"syllabus|plan|one)\b", re.I)
PART_WORDS = re.compile(r"\b(tracks?|paths?|parts?|sections?)\b", re.I)
FILE_NOISE = {"readme", "index", "contents", "content", "main", "docs", "doc", "md", "txt", "pdf", "the"}
NAME_COMMON = {"ai", "ml", "guide", "complete", "ultimate", "year", "next", "roadmap", "course",
               "curriculum", "intro", "introduction"}


def _folded_words(text: str) -> list[str]:
    text = text.replace("-", " ").replace("_", " ").replace("/", " ")
    for pattern, token in _FOLD:
        text = pattern.sub(f" {token} ", text)
    return re.findall(r"[a-z0-9+#]+", text.lower())


def name_tokens(text: str) -> set[str]:
    """The stems of `text` as names are compared: role phrases folded, separators split."""
    return {stem(w) for w in _folded_words(text) if w not in STOPWORDS and w not in FILE_NOISE}


@dataclass
class RoadmapNames:
    roadmap: RoadmapStructure
    distinctive: set[str]  # tokens of its title, file and folder names that no other roadmap's names have
    years: set[str]
    parts: set[str]  # tokens of its top-level headings that no other roadmap's names have


class RoadmapTargeter:
    """Built once per index (comparing every roadmap's names with every other's is not per question)."""

    def __init__(self, structures: list[RoadmapStructure], headings: dict[str, list[str]] | None = None):
        headings = headings or {}
        own = [self._names(r) for r in structures]
        own_parts = [set().union(set(), *(name_tokens(h) for h in headings.get(r.doc_id, []))) for r in structures]
        # A roadmap's own names are compared with the other roadmaps' names only: another document's
        # heading that mentions "Computer Science" does not take that name from the CS curriculum.
        name_counts = _counts(own)
        counts = _counts([*own, *own_parts])
        common = {stem(w) for w in GENERIC | NAME_COMMON}

        def distinct(names: set[str], seen: dict[str, int]) -> set[str]:
            return {t for t in names if seen[t] == 1 and t not in common and len(t) > 1}

        self.own = {roadmap.doc_id: names for roadmap, names in zip(structures, own)}
        self.names = []
        for roadmap, names, parts in zip(structures, own, own_parts):
            distinctive = distinct(names, name_counts)
            self.names.append(RoadmapNames(roadmap, distinctive, {t for t in distinctive if re.fullmatch(r"20\d\d", t)},
                                           distinct(parts, counts)))

    def without_names(self, text: str, roadmap: RoadmapStructure) -> str:
        """`text` without the words that name `roadmap` ("the OSSU CS curriculum"), so they are not
        taken for the stage the learner means."""
        names = self.own.get(roadmap.doc_id, set())
        return " ".join(w for w in _folded_words(text) if stem(w) not in names)

    def without_names_kept_words(self, text: str, roadmap: RoadmapStructure) -> str:
        """`text` without the words that name `roadmap`, its other words as written ("computer
        vision" stays two words, where `without_names` folds it into one name token)."""
        names = self.own.get(roadmap.doc_id, set())
        for pattern, token in _FOLD:
            if stem(token) in names:
                text = pattern.sub(" ", text)
        return " ".join(w for w in re.findall(r"[A-Za-z0-9+#][\w+#'-]*", text) if not name_tokens(w) & names)

    @staticmethod
    def _names(roadmap: RoadmapStructure) -> set[str]:
        path = PurePosixPath(roadmap.source.replace("\\", "/"))
        return set().union(*(name_tokens(p) for p in (roadmap.title, path.stem, path.parent.name)))

    def named(self, question: str) -> RoadmapStructure | None:
        """The one roadmap the question names: by a year only its names have ("the 2026 plan"), by
        a role phrase only its names have ("the data science track", "DS"), by another word only its
        names have with a word that says roadmap ("the Gen AI roadmap"), or by a word only its
        top-level headings have with a word that says part of one ("the scientist path")."""
        asked = name_tokens(question)
        says_roadmap = bool(ROADMAP_WORDS.search(question))
        says_part = bool(PART_WORDS.search(question))
        scores = []
        for names in self.names:
            hits = asked & names.distinctive
            folded = {t for t in hits if t in FOLDED_TOKENS}
            if says_part:
                hits |= asked & names.parts
            if hits & names.years or folded or (says_roadmap and hits):
                scores.append((len(hits) + len(folded), names.roadmap))
        if not scores:
            return None
        scores.sort(key=lambda item: -item[0])
        if len(scores) > 1 and scores[0][0] == scores[1][0]:
            return None
        return scores[0][1]


def _counts(groups: list[set[str]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for group in groups:
        for token in group:
            counts[token] = counts.get(token, 0) + 1
    return counts


FOLDED_TOKENS = {stem(token) for _, token in ROLE_NAMES} - {"ai", "ml"}  # compared with stemmed name tokens
