"""The BM25 terms of a learner's question, read as the index spells them: a short form the
project's synonyms spell out ("rl", "maths") adds its long form, and a misspelt word the index does
not hold ("recomend", "nueral", "reinforcment", "specialise") becomes the one index word a single
edit away. A real English word is never respelt ("lean" stays "lean": see rag.spelling.real_words),
nor a short one (four letters or fewer: "stuf" is as near "stud" as "stuff"), nor one with two
candidates; the dense side reads the question as typed."""

from __future__ import annotations

from typing import Iterable

from rag.edits import EditIndex
from rag.spelling import real_words
from rag.text import STOPWORDS, SYNONYMS, stem, tokens

MIN_RESPELT = 5  # stem length below which a word is not respelt


class QueryTerms:
    """Built lazily for one index vocabulary (its stems), filed by one-letter deletions (rag.edits)."""

    def __init__(self, vocabulary: Iterable[str]):
        self.vocabulary = set(vocabulary)
        self._near: EditIndex | None = None

    def respelt(self, term: str) -> str | None:
        """The one index term a single edit from `term` (a stem the index does not hold) with its first
        letter, if exactly one."""
        if self._near is None:
            self._near = EditIndex(t for t in self.vocabulary if t)
        found = {v for v in self._near.near(term) if v[0] == term[0]}
        return found.pop() if len(found) == 1 else None

    def terms(self, query: str) -> list[str]:
        """The question's index terms as written (a repeated word counts twice), then the added ones once each."""
        said: list[str] = []
        added: list[str] = []
        for token in tokens(query):
            if token in STOPWORDS:
                continue
            term = stem(token)
            said.append(term)
            expansion = SYNONYMS.get(token)
            if expansion:
                added.extend(stem(w) for w in tokens(expansion) if w not in STOPWORDS)
            elif (term not in self.vocabulary and len(term) >= MIN_RESPELT and token.isalpha()
                  and token not in real_words()):
                fixed = self.respelt(term)
                if fixed:
                    added.append(fixed)
        kept = [t for t in said if t in self.vocabulary]
        return kept + [t for t in dict.fromkeys(added) if t in self.vocabulary and t not in kept]
