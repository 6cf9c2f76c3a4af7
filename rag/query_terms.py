"""The BM25 terms of a learner's question, read as the index spells them: a short form the
project's synonyms spell out ("rl", "maths") adds its long form, and a misspelt word the index does
not hold ("recomend", "nueral", "reinforcment", "specialise") becomes the one index word a single
edit away. A real English word is never respelt ("lean" stays "lean": see rag.spelling.real_words),
nor a short one (four letters or fewer: "stuf" is as near "stud" as "stuff"), nor one with two
candidates, nor one written as a name ("Mixtral" is a model, not a misspelt "mistral": see
`written_names`); the dense side reads the question as typed."""

from __future__ import annotations

import re
from typing import Iterable

from rag.edits import EditIndex
from rag.spelling import real_words
from rag.text import STOPWORDS, SYNONYMS, stem, tokens

MIN_RESPELT = 5  # stem length below which a word is not respelt
WORD = re.compile(r"[A-Za-z0-9]+")  # a whole token: "exllamav2" is one name, never "exllamav" and "2"
SENTENCE_START = re.compile(r"(^|[.!?:;\n\"'(]\s*)$")


def written_names(text: str) -> set[str]:
    """The words `text` writes as names (lower case): a capital inside the word ("vLLM", "LLaMA"), or
    a capital first letter where no sentence starts ("can I fine-tune Mixtral?"). In a text that
    capitalises most of its words (a title, shouting) a first capital says nothing."""
    words = list(WORD.finditer(text))
    capitals = sum(1 for m in words if m.group(0)[0].isupper())
    titled = capitals * 2 > len(words)
    names = set()
    for m in words:
        word = m.group(0)
        inner = any(c.isupper() for c in word[1:]) and not word.isupper()
        first = word[0].isupper() and not titled and not SENTENCE_START.search(text[:m.start()]) and len(word) > 1
        if inner or first:
            names.add(word.lower())
    return names


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

    def _misspelt(self, token: str) -> str | None:
        """The index stem a misspelt word stands for ("calculas" -> "calculu"), if it is one."""
        term = stem(token)
        if (token in STOPWORDS or token in SYNONYMS or term in self.vocabulary or len(term) < MIN_RESPELT
                or not token.isalpha() or token in real_words()):
            return None
        return self.respelt(term)

    def respell_text(self, text: str) -> str:
        """The question with its misspelt subject words written as the index spells them ("wat calculas do
        i need?" -> "wat calculus do i need?"), so its meaning, its lines and its words agree. Only words
        typed as a learner types, in lower case (or capitalised as the first word): a capitalised word
        inside a sentence is a name the index may lack ("Polars"), and stays as written. The right spelling must
        be a common English word (rag.spelling.real_words): a lower-case "mixtral" is a model, not a misspelt
        "mistral", and scope and answers read this text, so a name is never turned into another; it only
        adds the near index word as a BM25 term (`terms`)."""
        def fixed(match: re.Match) -> str:
            word = match.group(0)
            first = not text[:match.start()].strip(" \t\"'(*")
            if not word.isalpha() or not (word.islower() or (first and word[1:].islower())):
                return word  # a digit makes a name ("exllamav2"); a capital inside is one too
            token = word.lower()
            term, right = stem(token), self._misspelt(token)
            if right is None or not token.startswith(term):
                return word
            out = right + token[len(term):]  # the stem's own ending back on: "calculu" + "s"
            if stem(out) != right or out not in real_words():
                return word  # only a typo of a common word is rewritten: "mixtral" stays (a name), BM25 still adds "mistral"
            return out.capitalize() if word[0].isupper() else out
        return WORD.sub(fixed, text)

    def terms(self, query: str) -> list[str]:
        """The question's index terms as written (a repeated word counts twice), then the added ones once each."""
        said: list[str] = []
        added: list[str] = []
        names = written_names(query)
        for token in tokens(query):
            if token in STOPWORDS:
                continue
            term = stem(token)
            said.append(term)
            expansion = SYNONYMS.get(token)
            if expansion:
                added.extend(stem(w) for w in tokens(expansion) if w not in STOPWORDS)
            elif token not in names and (fixed := self._misspelt(token)):
                added.append(fixed)
        kept = [t for t in said if t in self.vocabulary]
        return kept + [t for t in dict.fromkeys(added) if t in self.vocabulary and t not in kept]
