"""Words a question asks about that no document uses.

"Is this curriculum accredited?", "does finishing the roadmap guarantee a job?", "can I get a student
visa by enrolling in it?": every noun but one is the roadmap's own, so retrieval finds its passages
with high similarity, and a fact answer made of them states something else ("look for a job").
When a word of the question appears in no indexed passage, and is no misspelling of a word that
does, the documents cannot speak of it; rag.scope refuses such a question when it also reads like
the questions roadmaps do not answer (a paraphrase, "is RL mandatory?", does not). A misspelling ("lern", "shuold") is one edit away from a word
the documents or (for words longer than four letters) the stopword list use, and is not held against
the question.
"""

from __future__ import annotations

import re
import threading

from rag.edits import EditIndex
from rag.spelling import misspelt_frame_words
from rag.targeting import ROADMAP_NOUN_WORDS
from rag.text import STOPWORDS, stem, tokens

# "Can you / could you / do you ...": a request to the assistant or a question about it, whose verbs
# ("summarise", "recommend") are the learner's own, not a subject the documents must speak of.
ADDRESSED = re.compile(r"^\W*(?:(?:so|and|ok|okay|hey|hi|also|but|well|then|please)\b[\s,]*)*"
                       r"(?:can|could|would|will|do|did|are|won't|wouldn't|please)?\s*(?:you|u|ya)\b", re.I)
MIN_LETTERS = 3
LONG = 7  # a word this long one edit from another is a typo of it; shorter ones collide ("bank", "rank")
SHORT = 4  # a short word one edit from a common word is as often another word ("visa", "via") as a typo

_LOCK = threading.Lock()
_NEIGHBOURS: dict[int, tuple[set[str], EditIndex]] = {}  # id(vocabulary) -> (vocabulary, near words)


# Closed classes of words that say nothing of a subject the documents must speak of: names for the
# document itself ("is Python compulsory for this curriculum?"), whether something is required (the
# documents answer it by listing the thing or not), and what a document says ("does it claim ...").
DOCUMENT_WORDS = ROADMAP_NOUN_WORDS | {"plan"}
REQUIREMENT_WORDS = frozenset("compulsory mandatory obligatory required requirement necessary essential needed "
                              "optional prerequisite prerequisites".split())
REPORTING_WORDS = frozenset("say says said claim claims claimed state states stated mention mentions mentioned "
                            "suggest suggests suggested recommend recommends according".split())
CLOSED = DOCUMENT_WORDS | REQUIREMENT_WORDS | REPORTING_WORDS


def unattested_words(question: str, vocabulary: set[str]) -> list[str]:
    """The words of a question that no passage uses and that misspell none it uses."""
    if ADDRESSED.match(question):
        return []
    out = []
    frame = misspelt_frame_words(question)  # "wat shuold i lern aftr": the question's frame, not its subject
    for word in tokens(question):
        if word in STOPWORDS or word in CLOSED or word in frame or len(word) < MIN_LETTERS or not word.isalpha():
            continue
        if not attested(word, vocabulary):
            out.append(word)
    return out


def attested(word: str, vocabulary: set[str]) -> bool:
    """The documents use the word, or it misspells one they use: one letter added, dropped, changed
    or two swapped, against the word itself or its stem ("quantizaton" -> "quantization" -> "quantiz")."""
    if stem(word) in vocabulary:
        return True
    near = _near_words(vocabulary)
    if near.touches(word) or near.touches(stem(word)):
        return True
    if len(word) > SHORT and _NEAR_STOPWORDS.touches(word):  # "shuold": a misspelt common word
        return True
    return len(word) >= LONG and any(stem(edit) in vocabulary for edit in _edits(word))


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _edits(word: str) -> set[str]:
    """Every word one insertion or substitution from `word` (deletions and swaps are `EditIndex.touches`')."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + c + b for a, b in splits for c in LETTERS}
            | {a + c + b[1:] for a, b in splits if b for c in LETTERS})


def _near_words(vocabulary: set[str]) -> EditIndex:
    """The vocabulary with every one-letter deletion of each word: built once per index snapshot,
    and only when a yes/no question brings a word the documents do not use."""
    with _LOCK:
        cached = _NEIGHBOURS.get(id(vocabulary))
        if cached is not None and cached[0] is vocabulary:
            return cached[1]
        _NEIGHBOURS.clear()  # one snapshot at a time: the last one asked about
        _NEIGHBOURS[id(vocabulary)] = (vocabulary, EditIndex(vocabulary))
        return _NEIGHBOURS[id(vocabulary)][1]


_NEAR_STOPWORDS = EditIndex(STOPWORDS)
