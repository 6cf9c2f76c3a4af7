"""Ordinal words ("the first", "the second one", "the last"): a position in a sequence the
conversation is on, a roadmap's stages or the entries of a list an answer gave."""

from __future__ import annotations

import re

ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3, "fifth": 4, "5th": 4,
            "last": -1, "final": -1}
ORDINAL_WORDS = "|".join(ORDINALS)  # for patterns that read an ordinal with the words around it
ORDINAL = re.compile(r"\b(" + ORDINAL_WORDS + r")\b", re.I)
# What an ordinal points at in a list an answer gave ("the second option", "the last stage").
LIST_NOUNS = "one|option|step|stage|track|module|section|topic|lesson|part|course|quarter|phase"


def ordinal_position(text: str) -> int | None:
    """The position the text's one ordinal word names (0-based; -1 the last), None when it names
    none, or two different ones ("the first or the second?")."""
    named = {ORDINALS[m.group(1).lower()] for m in ORDINAL.finditer(text)}
    return named.pop() if len(named) == 1 else None
