"""Connective filler: the sentences an answer may carry without a citation ("Good luck!", "Here is
the path:"). Anything else uncited and too short to check as a claim is dropped by the checker."""

from __future__ import annotations

import re

from rag.claims import plain

CONNECTIVE = frozenset(
    "a an the and or but so then next first second third finally also additionally however overall in short "
    "summary sum brief to of for with on at by from as is are be it this that these those here there what "
    "you your i we our me us let know hope helps help good luck happy learning great sure ok okay note "
    "following below above steps path plan order recommended recommend suggest suggested start begin "
    "based passages passage roadmap roadmaps answer question can should will may might would could "
    "keep mind remember tip tips key points point conclusion way forward now after before follow".split()
)


def connective(text: str) -> bool:
    """A sentence that only links or frames the answer: every word is a connective one."""
    words = re.findall(r"[a-z']+", plain(text).lower())
    return bool(words) and all(w.strip("'") in CONNECTIVE for w in words)
