"""Names a roadmap goes by beyond its title's words: the acronyms of its title, file and folder
names and of the proper names in its opening lines ("OSDSM", "ZTM"), and those proper names
themselves (the organisation, author or course a document says it is from: "Microsoft", "Clare
Corthell"). Learners use these nicknames; rag.targeting weighs them."""

from __future__ import annotations

import re

from rag.text import GENERIC, STOPWORDS

# A run of capitalised words, small joining words allowed inside ("Zero to Mastery").
_PROPER_RUN = re.compile(r"\b[A-Z][\w+#]*(?:[ -]+(?:(?:of|to|for|and|the|in|on|a)[ -]+)*[A-Z][\w+#]*)+")
_PROPER = re.compile(r"(?<![\w/.#@-])[A-Z][A-Za-z0-9+#]{2,}\b")
_URL = re.compile(r"\(?https?://\S+|\bwww\.\S+")
_HTML = re.compile(r"<[^>]*>")
_JOINERS = {"of", "to", "for", "and", "the", "in", "on", "a"}


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[^A-Za-z0-9+#]+", name) if w]


def acronyms(name: str) -> set[str]:
    """The initials of `name`'s words, with and without its small joining words, and of each part
    before a dash or colon ("Machine Learning for Beginners - A Curriculum" gives "mlfb", "mlb")."""
    found: set[str] = set()
    parts = [name, *re.split(r"\s[-–:|]\s|:\s", name)]
    for part in parts:
        words = [w.lower() for w in _words(part)]
        # an abbreviation in the name gives all its letters ("ML Platform Handbook": "mlph" beside "mph")
        spelt = [w.lower() if w.isupper() and 2 <= len(w) <= 4 else w.lower()[0] for w in _words(part) if not w.isdigit()]
        for kept in (words, [w for w in words if w not in _JOINERS]):
            initials = "".join(w[0] for w in kept if not w.isdigit())
            if len(initials) >= 3 and initials not in STOPWORDS and initials not in GENERIC:
                found.add(initials)
        whole = "".join(spelt)
        if len(whole) >= 3 and len(spelt) >= 2 and whole not in STOPWORDS and whole not in GENERIC:
            found.add(whole)
    return found


# Words a title puts after its subject ("Computer Vision Engineer Roadmap"): they are no part of the
# subject a learner abbreviates ("the CV roadmap").
_TITLE_TAIL = frozenset("""roadmap roadmaps road map track path curriculum course guide syllabus plan notes handbook
    engineer engineers engineering developer developers specialist scientist for beginners""".split())


def short_acronyms(title: str) -> set[str]:
    """Two-letter initials of the subject a title opens with, two words long ("Computer Vision Engineer
    Roadmap" -> "cv", "Reinforcement Learning Track" -> "rl"): too short to name a roadmap alone ("cv"
    is also a résumé), so they count only when said as a name, right before a roadmap noun (rag.targeting)."""
    head = re.split(r"\s[-–:|]\s|:\s|\(", title, maxsplit=1)[0]
    words = [w.lower() for w in _words(head) if not w.isdigit()]
    while words and words[-1] in _TITLE_TAIL:
        words.pop()
    if len(words) != 2 or any(w in _JOINERS for w in words):
        return set()
    initials = words[0][0] + words[1][0]
    return set() if initials in STOPWORDS or initials in GENERIC else {initials}


def joined(name: str) -> set[str]:
    """`name`'s words written as one ("practicalAI", "PracticalRL", "mlforbeginners"), with and
    without its small joining words, as learners type a roadmap's name when it is a repository's."""
    found: set[str] = set()
    for part in [name, *re.split(r"\s[-–:|]\s|:\s", name)]:
        words = re.findall(r"[a-z0-9]+", part.lower())
        for kept in (words, [w for w in words if w not in _JOINERS]):
            if len(kept) >= 2 and len("".join(kept)) >= 6:
                found.add("".join(kept))
    return found


def opening_text(text: str) -> str:
    """The prose of a document's opening: links' addresses and HTML tags dropped, their words kept."""
    return _URL.sub(" ", _HTML.sub(" ", text))


def opening_acronyms(text: str, headings: list[str] = ()) -> tuple[set[str], set[str]]:
    """Acronyms of the multi-word proper names in the opening and top headings: (declared, implied).
    Declared ones the opening itself writes in capitals ("the OSDSM" under "The Open-Source Data
    Science Masters"); implied ones it does not ("Zero to Mastery" gives "ztm"), which count only
    as a name said before a roadmap noun (rag.targeting), as a three-letter word may be anything."""
    prose = opening_text(text)
    runs = [*_PROPER_RUN.findall(prose), *headings]
    found = set().union(set(), *(acronyms(run) for run in runs))
    capitals = {w.lower() for w in re.findall(r"\b[A-Z]{3,8}\b", prose)}
    implied = set().union(set(), *(acronyms(part) for run in _PROPER_RUN.findall(prose) for part in _spans(run)))
    return found & capitals, implied - capitals


def _spans(run: str, most: int = 4) -> list[str]:
    """The stretches of a run of names that start and end on a capitalised word, up to `most` words
    ("Welcome to the Zero to Mastery Learn PyTorch" holds "Zero to Mastery")."""
    words = _words(run)
    return [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 2, min(len(words), i + most) + 1)
            if words[i][0].isupper() and words[j - 1][0].isupper()]


def proper_words(text: str) -> list[str]:
    """The capitalised words of the opening that are not sentence openers (a word after a full stop
    or at a line start is dropped unless it also appears capitalised mid-sentence)."""
    text = opening_text(text)
    words = []
    for match in _PROPER.finditer(text):
        before = text[:match.start()].rstrip(" *_[(`\"'")
        if before and before[-1] not in ".!?\n:#>|-":
            words.append(match.group(0))
    return words
