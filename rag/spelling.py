"""The words that frame a question ("what should I learn after ..."), recognised when misspelt or
written without vowels ("wat shuold i lern aftr", "whats nxt"): intent rules match these words, and
the scope check must not read a misspelt frame word as a subject the documents never mention.
Only this closed set is respelt, and only for the intent rules and the scope check (retrieval reads the
question as written). A real word is never respelt, however near a frame word it is ("lean", "stat",
"alter", "wat"): real words are the whole words of the bundled embedding model's vocabulary (about
22,000 English words; the model's own file, so nothing is hand-listed).
"""

from __future__ import annotations

import functools
import re

from rag.text import STOPWORDS

FRAME_WORDS = frozenset(
    "what which should would could learn study after next then finished finish completed complete "
    "done comes come move start begin".split())
VOWELS = re.compile(r"(?<=.)[aeiou]")
WORD = re.compile(r"[A-Za-z]+")


def _devowelled(word: str) -> str:
    return VOWELS.sub("", word)


def single_edit(a: str, b: str) -> bool:
    """Exactly one letter added, dropped, changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


@functools.lru_cache(maxsize=1)
def real_words() -> frozenset[str]:
    """The whole words of the bundled embedding model's WordPiece vocabulary (its `vocab.txt`), lower case:
    an English word list that ships with the package, the same whichever model settings name."""
    from rag.embeddings import resolve_model_dir  # the one place that finds the bundled model; imported late (langchain)
    from rag.settings import BUNDLED_MODEL

    vocabulary = resolve_model_dir(BUNDLED_MODEL) / "vocab.txt"
    return frozenset(w for w in vocabulary.read_text(encoding="utf-8").split() if w.isascii() and w.isalpha())


@functools.lru_cache(maxsize=4096)
def frame_word(word: str) -> str | None:
    """The frame word `word` misspells, if any: one edit from a frame word of five letters or more,
    one letter short of a shorter one ("mve") or with two of its letters swapped ("waht"), or the frame word without its vowels ("nxt", "lrn"); never
    a real word ("lean", "stat": see `real_words`)."""
    word = word.lower()
    if len(word) < 3 or word in FRAME_WORDS or word in STOPWORDS or word in real_words():
        return None
    for frame in sorted(FRAME_WORDS):
        if len(frame) >= 5 and single_edit(word, frame):
            return frame
        if len(frame) == 4 and len(word) == 3 and word[0] == frame[0] and single_edit(word, frame):
            return frame
        if len(frame) == 4 and len(word) == 4 and word[0] == frame[0] and sorted(word) == sorted(frame) \
                and single_edit(word, frame):  # two neighbours swapped: "waht", "nxet"
            return frame
        if len(word) >= 3 and _devowelled(frame) == word:
            return frame
    return None


MIN_RESPELT = 2  # misspellings that make a question typed in a hurry, whatever their case
QUESTION_FRAMES = ("what", "which")  # a question's opening word: "wat" (a real word elsewhere) opens no other question


def _opening(text: str) -> str | None:
    """The question word a question's first word misspells, when it is a real word one letter short of
    it ("wat calculus do i need?"): at the start of a question that is a typo, not the word."""
    first = WORD.search(text)
    if first is None or first.start() != len(text) - len(text.lstrip(" \t\"'(*")):
        return None
    word = first.group(0).lower()
    return next((q for q in QUESTION_FRAMES if len(word) == len(q) - 1 and word[0] == q[0] and single_edit(word, q)
                 and word in real_words()), None)


def _lone_typo(match: re.Match, text: str) -> bool:
    """One misspelt frame word counts when it is written as a learner types, not as a name is: in lower
    case, or capitalised only because it opens the question ("Waht comes aftr it?" has two; "what comes
    aftr it?" one), four letters or more. A capitalised word inside a sentence ("Strt", "Lern") may be a product or a name."""
    word = match.group(0)
    if len(word) < 4:  # "nxt" alone may be a typo, "cms" or "mdl" alone an acronym: three letters need company
        return False
    return word.islower() or (word[:1].isupper() and word[1:].islower() and not text[:match.start()].strip())


def respell(text: str) -> str:
    """The text with its misspelt frame words written out ("wat shuold i lern aftr pandas" ->
    "what should i learn after pandas", "what comes aftr sql?" -> "what comes after sql?"): two or more,
    or one written as a learner types (`_lone_typo`); a question opened by "wat" reads "what"; every
    other word as it was."""
    found = [m for m in WORD.finditer(text) if frame_word(m.group(0))]
    opening = _opening(text)
    if opening is None and len(found) < MIN_RESPELT and not (found and _lone_typo(found[0], text)):
        return text
    out = WORD.sub(lambda m: frame_word(m.group(0)) or m.group(0), text)
    if opening is not None:
        first = WORD.search(out)
        word = first.group(0)
        out = out[:first.start()] + (opening.capitalize() if word[0].isupper() else opening) + out[first.end():]
    return out


def misspelt_frame_words(text: str) -> set[str]:
    """The words of `text` that respell() writes out (lower case)."""
    if respell(text) == text:
        return set()
    opening = _opening(text)
    return ({m.group(0).lower() for m in WORD.finditer(text) if frame_word(m.group(0))}
            | ({WORD.search(text).group(0).lower()} if opening else set()))


# The words a follow-up points back or asks with ("any links for that?"): typed in a hurry as "taht",
# "tht", "thsi", "resorces", "lnks". Read only in a conversation, where that is what a short turn does.
POINTERS = frozenset("that this those these them resources links courses books".split())


@functools.lru_cache(maxsize=4096)
def pointer_word(word: str) -> str | None:
    """The follow-up word `word` misspells (one edit, the first letter kept), if any; never a real word
    or a stopword ("than", "then", "thus", "look" stay as they are)."""
    word = word.lower()
    if len(word) < 3 or word in POINTERS or word in STOPWORDS or word in real_words():
        return None
    return next((p for p in sorted(POINTERS) if word[0] == p[0] and single_edit(word, p)), None)


def respell_pointers(text: str) -> str:
    """The text with its misspelt follow-up words written out ("any resorces for taht?" -> "any resources for that?")."""
    return WORD.sub(lambda m: pointer_word(m.group(0)) or m.group(0), text)
