"""Which roadmap a question means, from the names a learner uses for it.

A roadmap answers to its title, its file and folder names ("ossu-data-science/README.md") and its
top-level headings ("The LLM Scientist"), and learners name it in their own words: "the DS track",
"the CS curriculum", "the data engineering roadmap", "the Gen AI one". Both sides are reduced to
the same name tokens (word stems, with role phrases and their acronyms folded into one token), and a
roadmap is named when the question holds a token only that roadmap's names have. Nicknames count too
(rag.name_sources): the acronyms of its names ("OSDSM"), and the organisation, author or course its
opening lines name ("the Microsoft curriculum"), weighed by how they are said: a word right before
"course/curriculum/guide/track/path/one" is said as a name; a generic word ("ML", "data") or a word
of some roadmap's headings (a subject) never names one alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from rag.models import RoadmapStructure
from rag.name_sources import acronyms, joined, opening_acronyms, proper_words, short_acronyms
from rag.text import GENERIC, STOPWORDS, content_terms, stem

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
# The nouns that say "a roadmap" rather than name one ("the pytorch course", "the CS curriculum"): the
# one list, which every module that drops or detects such a word reads (as words, or as the patterns below).
ROADMAP_NOUN_WORDS = frozenset("""roadmap roadmaps track tracks curriculum curricula path paths course courses
    program programs programme programmes guide guides syllabus syllabi bootcamp bootcamps""".split())
_NOUN_PATTERN = "|".join(w.replace("roadmap", "road ?map") for w in sorted(ROADMAP_NOUN_WORDS, key=len, reverse=True))
ROADMAP_NOUNS = re.compile(rf"\b(?:{_NOUN_PATTERN})\b", re.I)
# ... and the words that stand for the roadmap a conversation is on ("the Microsoft one", "the plan").
ROADMAP_WORDS = re.compile(rf"\b(?:{_NOUN_PATTERN}|plan|one)\b", re.I)
# The nouns a learner puts after a roadmap's name ("the pytorch course", "the Microsoft one").
NAME_NOUNS = {stem(w) for w in ROADMAP_NOUN_WORDS | {"road", "one", "lessons", "series"}}
NAME_LEADS = {"by", "from"}  # "the course by Microsoft"
# The words that ask about roadmaps rather than name one ("how does ... compare with", "which one").
ASKING = re.compile(r"\b(how|does|do|did|is|are|compare[sd]?|comparison|comparing|differ|difference|with|against|"
                    r"versus|vs|which|one|ones|on|in terms of|between|or|and|the|of them|each|both|two|these|"
                    r"those|them|better|worse|me|i|should|would|what|for|need|needs|say|says|different|page)\b", re.I)
PART_WORDS = re.compile(r"\b(tracks?|paths?|parts?|sections?)\b", re.I)
FILE_NOISE = {"readme", "index", "contents", "content", "main", "docs", "doc", "md", "txt", "pdf", "the"}
POSSESSIVE_MARKS = ("'", "’")  # "Google's", "Google’s": the name's possessive goes with the name
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
    nicknames: set[str]  # acronyms and one-word forms of its names, acronyms of its opening's proper names, no other roadmap's
    opening: set[str]  # proper names in its opening lines (organisation, author) no other roadmap has
    title: tuple[str, ...] = ()  # its title's words in order, before a subtitle ("ml for beginner")
    short: frozenset[str] = frozenset()  # its two-word subject's initials ("cv"), a name only right before a roadmap noun


class RoadmapTargeter:
    """Built once per index (comparing every roadmap's names with every other's is not per question)."""

    def __init__(self, structures: list[RoadmapStructure], headings: dict[str, list[str]] | None = None,
                 openings: dict[str, str] | None = None):
        headings, openings = headings or {}, openings or {}
        own = [self._names(r) for r in structures]
        own_parts = [set().union(set(), *(name_tokens(h) for h in headings.get(r.doc_id, []))) for r in structures]
        # A roadmap's own names are compared with the other roadmaps' names only: another document's
        # heading that mentions "Computer Science" does not take that name from the CS curriculum.
        name_counts = _counts(own)
        counts = _counts([*own, *own_parts])
        common = {stem(w) for w in GENERIC | NAME_COMMON}

        def distinct(names: set[str], seen: dict[str, int]) -> set[str]:
            return {t for t in names if seen[t] == 1 and t not in common and len(t) > 1}

        said = [opening_acronyms(openings.get(r.doc_id, ""), headings.get(r.doc_id, [])) for r in structures]
        nicks = [self._nicknames(r) | declared for r, (declared, _) in zip(structures, said)]
        nick_counts = _counts([*nicks, *(implied for _, implied in said)])
        # A proper name in the opening that some roadmap uses for a part of itself ("Python",
        # "Computer Vision") is a subject, not whose roadmap it is.
        subjects = set().union(set(), *own_parts, *(name_tokens(s.title) for r in structures for s in r.stages))
        opened = [name_tokens(" ".join(proper_words(openings.get(r.doc_id, "")))) - subjects | implied
                  for r, (_, implied) in zip(structures, said)]
        opened_counts = _counts([*own, *opened])
        self.own = {roadmap.doc_id: names for roadmap, names in zip(structures, own)}
        shorts = [short_acronyms(r.title) for r in structures]
        short_counts = _counts(shorts)
        self.names = []
        for roadmap, names, parts, nick, opening, short in zip(structures, own, own_parts, nicks, opened, shorts):
            distinctive = distinct(names, name_counts)
            self.names.append(RoadmapNames(
                roadmap, distinctive, {t for t in distinctive if re.fullmatch(r"20\d\d", t)}, distinct(parts, counts),
                {n for n in nick if nick_counts[n] == 1}, distinct(opening - names, opened_counts),
                title_words(roadmap.title), frozenset(t for t in short if short_counts[t] == 1 and t not in common)))
        # What a question may call a roadmap beside its own names, set aside with them below.
        self.aliases = {n.roadmap.doc_id: n for n in self.names}

    def _said_names(self, text: str, roadmap: RoadmapStructure) -> set[str]:
        """`roadmap`'s own names, with the acronyms `text` uses for it and the opening's proper names
        it says as a name ("the Globex curriculum"); an opening word said as a subject stays."""
        alias = self.aliases.get(roadmap.doc_id)
        if alias is None:
            return self.own.get(roadmap.doc_id, set())
        said = set(re.findall(r"[a-z0-9+#]+", text.lower()))
        return self.own.get(roadmap.doc_id, set()) | alias.nicknames & said | alias.opening & _anchored(text)

    def without_names(self, text: str, roadmap: RoadmapStructure) -> str:
        """`text` without the words that name `roadmap` ("the OSSU CS curriculum"), so they are not
        taken for the stage the learner means."""
        names = self._said_names(text, roadmap)
        kept, after_name = [], False
        for word in _folded_words(text):
            name = stem(word) in names or word in names
            if not name and not (after_name and word == "s"):  # a name's possessive "'s" goes with it
                kept.append(word)
            after_name = name
        return " ".join(kept)

    def without_names_kept_words(self, text: str, roadmap: RoadmapStructure) -> str:
        """`text` without the words that name `roadmap`, its other words as written ("computer
        vision" stays two words, where `without_names` folds it into one name token)."""
        names = self._said_names(text, roadmap)
        for pattern, token in _FOLD:
            if stem(token) in names:
                text = _without_name_form(text, pattern, roadmap)
        kept, name_end = [], None
        for found in re.finditer(r"[A-Za-z0-9+#][\w+#'-]*", text):  # "Google's" is one word
            word = found.group()
            if name_end is not None and word.lower() == "s" and text[name_end:found.start()] in POSSESSIVE_MARKS:
                name_end = None  # "Google’s": the curly apostrophe split the name's "s" off
            elif name_tokens(word) & names or word.lower() in names:
                name_end = found.end()
            else:
                name_end = None
                kept.append(word)
        return " ".join(kept)

    @staticmethod
    def _names(roadmap: RoadmapStructure) -> set[str]:
        path = PurePosixPath(roadmap.source.replace("\\", "/"))
        return set().union(*(name_tokens(p) for p in (roadmap.title, path.stem, path.parent.name)))

    @staticmethod
    def _nicknames(roadmap: RoadmapStructure) -> set[str]:
        path = PurePosixPath(roadmap.source.replace("\\", "/"))
        return set().union(*(acronyms(p) | joined(p) for p in (roadmap.title, path.stem, path.parent.name)))

    def says_name(self, text: str, roadmap: RoadmapStructure) -> bool:
        """Whether `text` says `roadmap`'s name as a name, not only a word its name shares with a
        subject: its full name or a nickname ("road to ml's ...", "the ml engineer prep plan"), its
        title's words in a row, a year or role its names alone have, or a name word right before a
        roadmap noun or possessive ("the Microsoft curriculum", "Corthell's course")."""
        names = self.aliases.get(roadmap.doc_id)
        if names is None:
            return False
        said = _Said.of(text)
        anchored = _anchored(text)
        return bool(_strong(said, names) or (said.asked & names.distinctive | anchored & names.opening) & anchored)

    def naming_parts(self, text: str, separator: re.Pattern) -> list[tuple[str, RoadmapStructure | None]]:
        """`text` split where `separator` says it names another roadmap ("A vs B", "first A, then B"),
        each part with the roadmap it names (`named`), so every request that names roadmaps in turn
        reads a name alike. The first part also holds what is asked ("which one teaches deep
        learning, the Microsoft curriculum or ..."), so it names one only with a noun that says
        roadmap ("how does the OSSU CS curriculum"), with the name said as a name ("road to ml's RL
        module"), or when it says nothing but the name ("ossu computer science vs ossu data science")."""
        out = []
        for n, part in enumerate(p for p in separator.split(text) if p and p.strip()):
            roadmap = self.named(part)
            if roadmap is not None and n == 0 and not ROADMAP_NOUNS.search(part) \
                    and content_terms(ASKING.sub(" ", self.without_names(part, roadmap))) \
                    and not self.says_name(part, roadmap):
                roadmap = None
            out.append((part, roadmap))
        return out

    def named(self, question: str) -> RoadmapStructure | None:
        """The one roadmap the question names: by a year only its names have ("the 2026 plan"), by
        a role phrase only its names have ("the data science track", "DS"), by an acronym only its
        names have ("OSDSM"), by another word only its names have with a word that says roadmap
        ("the Gen AI roadmap"), by a proper name only its opening lines have, right before the word
        that says roadmap ("the Microsoft curriculum"), or by a word only its top-level headings
        have with a word that says part of one ("the scientist path"). A word right before the noun
        ("the pytorch course") outweighs one said elsewhere ("beginner, ... plan the pytorch
        course"); "one" says roadmap only right after a name ("the deep learning one")."""
        said = _Said.of(question)
        asked = said.asked
        anchored = _anchored(question)
        says_roadmap = bool(ROADMAP_WORDS.search(re.sub(r"\bone\b", " ", question)))
        says_part = bool(PART_WORDS.search(question))
        scores, said_as_name = [], 0
        for names in self.names:
            hits = asked & names.distinctive
            strong = _strong(said, names)
            hits |= anchored & (names.opening | names.short)
            if says_part:
                hits |= asked & names.parts
            if strong or ((says_roadmap or hits & anchored) and hits):
                scores.append((len(hits) + len(strong) + len(hits & anchored), names.roadmap))
                said_as_name += bool(strong or hits & anchored)
        if not scores or said_as_name > 1:  # "the Microsoft curriculum or the pytorch course": not one
            return None
        scores.sort(key=lambda item: -item[0])
        if len(scores) > 1 and scores[0][0] == scores[1][0]:
            return None
        return scores[0][1]


def _without_name_form(text: str, pattern: re.Pattern, roadmap: RoadmapStructure) -> str:
    """`text` without the role phrase its name says: "road to ml" is the name, "machine learning"
    said beside it is the topic asked about; when no form is the name as written ("road to machine
    learning" for "Road to ML"), every form goes."""
    path = PurePosixPath(roadmap.source.replace("\\", "/"))
    written = set(re.findall(r"[a-z0-9+#]+", " ".join((roadmap.title, path.stem, path.parent.name)).lower()))
    found = list(pattern.finditer(text))
    as_named = [m for m in found if set(re.findall(r"[a-z0-9+#]+", m.group(0).lower())) <= written]
    for match in reversed(as_named if as_named and len(as_named) < len(found) else found):
        text = text[:match.start()] + " " + text[match.end():]
    return text


@dataclass(frozen=True)
class _Said:
    """A question's words as names are compared: name tokens, raw words with their joined runs, and
    its folded stems in order."""

    asked: set[str]
    raw: set[str]
    words: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> "_Said":
        words = re.findall(r"[a-z0-9+#]+", text.lower())
        return cls(name_tokens(text), set(words) | _joined_runs(words),  # "practicalAI" and "practical ai" alike
                   tuple(stem(w) for w in _folded_words(text)))


def _strong(said: _Said, names: RoadmapNames) -> set[str]:
    """The name tokens said so that they name `names`' roadmap alone: a year or a role only its names
    have, an acronym or joined name of it, or its distinctive words with its title said in a row
    ("links for the nlp lessons in ml for beginners")."""
    hits = said.asked & names.distinctive
    strong = hits & names.years | {t for t in hits if t in FOLDED_TOKENS} | said.raw & names.nicknames
    if hits and _says(said.words, names.title):
        strong |= hits
    return strong


def _joined_runs(words: list[str]) -> set[str]:
    """Runs of two to four words written as one ("practical rl" -> "practicalrl"), to meet a
    roadmap's name said in full (rag.name_sources.joined); short runs are left to the acronyms."""
    runs = {"".join(words[i:j]) for i in range(len(words)) for j in range(i + 2, min(i + 4, len(words)) + 1)}
    return {run for run in runs if len(run) >= 6}


def title_words(title: str) -> tuple[str, ...]:
    """A title's words in order (role phrases folded, stemmed), before a subtitle ("Machine Learning for
    Beginners - A Curriculum" -> ml, for, beginn): a question that says them all in a row names it."""
    head = re.split(r"\s+[-\u2013\u2014:|]\s+|:\s", title, maxsplit=1)[0]
    words = tuple(stem(w) for w in _folded_words(head))
    return words if len(words) >= 3 else ()


def _says(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return bool(n) and any(words[i:i + n] == phrase for i in range(len(words) - n + 1))


def _anchored(question: str) -> set[str]:
    """Name tokens said as a name: right before a roadmap noun ("the Microsoft ML curriculum"), as a
    possessive ("Corthell's course"), or after "by"/"from"."""
    words = _folded_words(question)
    found = set()
    for i, word in enumerate(words):
        after = [stem(w) for w in words[i + 1:i + 4] if w != "s"][:3]
        if any(w in NAME_NOUNS for w in after) or (i + 1 < len(words) and words[i + 1] == "s") or (
                i and words[i - 1] in NAME_LEADS):
            if word not in STOPWORDS and word not in FILE_NOISE and stem(word) not in NAME_NOUNS:
                found.add(stem(word))
    return found


def _counts(groups: list[set[str]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for group in groups:
        for token in group:
            counts[token] = counts.get(token, 0) + 1
    return counts


FOLDED_TOKENS = {stem(token) for _, token in ROLE_NAMES} - {"ai", "ml"}  # compared with stemmed name tokens
