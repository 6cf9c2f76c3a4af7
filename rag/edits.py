"""Words of a vocabulary found one edit away from a word: the one lookup behind typo tolerance.

Every word is filed under itself and under each of its one-letter deletions, so a lookup costs the
asked word's own deletions rather than a scan of the vocabulary. Two words share a key when one
letter was added, dropped, changed or two swapped (rag.spelling.single_edit says which exactly).
Used by the BM25 respelling (rag.query_terms), the check for words no document uses
(rag.unattested) and the filler words of a time question (rag.roadmap_time).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from rag.spelling import single_edit

MIN_LETTERS = 3  # a shorter word is filed under itself only: its deletions match nearly anything


def deletions(word: str) -> set[str]:
    """`word` with each one of its letters dropped."""
    return {word[:i] + word[i + 1:] for i in range(len(word))}


class EditIndex:
    """A vocabulary filed by one-letter deletions (built once; read by many threads)."""

    def __init__(self, words: Iterable[str]):
        keys: dict[str, set[str]] = defaultdict(set)
        for word in words:
            keys[word].add(word)
            if len(word) >= MIN_LETTERS:
                for key in deletions(word):
                    keys[key].add(word)
        self._keys = {key: frozenset(found) for key, found in keys.items()}

    def dropped(self, word: str) -> bool:
        """`word` is a word of the vocabulary, or one with a letter dropped ("tak" of "take")."""
        return word in self._keys

    def touches(self, word: str) -> bool:
        """`word` shares a key with a word of the vocabulary: at most one letter added, dropped, changed
        or two swapped (a lenient test, for "is this a typo of something the documents say")."""
        return word in self._keys or any(d in self._keys for d in deletions(word))

    def near(self, word: str) -> set[str]:
        """The words of the vocabulary exactly one edit from `word` (rag.spelling.single_edit)."""
        found: set[str] = set(self._keys.get(word, ()))
        for key in deletions(word):
            found |= self._keys.get(key, frozenset())
        return {v for v in found if single_edit(word, v)}
