"""Is a question covered by the roadmaps? Decided from retrieval evidence, calibrated on real
in-domain and out-of-domain questions (see tests/rag/test_scope.py for the calibration set)."""

from __future__ import annotations

import re

from rag.evidence import Evidence
from rag.learner import without_quantities
from rag.scope_types import states_asked_value
from rag.understanding import NEAR_DOMAIN_MARGIN, off_topic
from rag.unattested import unattested_words
from rag.text import bm25_tokens, content_terms, stem

PLAN = "plan"  # the intent whose words are the learner's terms (rag.intents.plan)
# Cosine similarity of the best passage to the query (all-MiniLM-L6-v2, normalised vectors).
CONFIDENT_SIMILARITY = 0.45
MINIMUM_SIMILARITY = 0.22


# A code-like name (letters and digits: a course number, a model or product code).
CODE_NAME = re.compile(r"(?<![\w'])(?=[A-Za-z0-9+#]*\d)(?=[A-Za-z0-9+#]*[A-Za-z])[A-Za-z0-9+#]{3,}")


def unlisted_names(question: str, vocabulary: set[str]) -> list[str]:
    """Code-like names in the question the documents never mention ("CS50" when no roadmap lists
    it): a question about them is not answered by whatever the roadmaps say about the words around."""
    names = []
    for match in CODE_NAME.finditer(question):
        words = bm25_tokens(match.group(0))
        if words and not any(word in vocabulary for word in words):
            names.append(match.group(0))
    return names


def in_scope(evidence: Evidence, vocabulary: set[str]) -> bool:
    query = evidence.query
    # the learner's time ("10h a week", "20hrs") is not a course code the documents would name
    if query.injection or unlisted_names(without_quantities(query.question), vocabulary):
        return False
    best = evidence.best_score
    if off_topic(query.off_topic, best):  # a shared word ("gym") is not footing
        return False
    if not states_asked_value(query.question, evidence.retrieved):  # a salary needs a line with an amount
        return False
    # "is this curriculum accredited?": close in meaning to what roadmaps do not answer, and a word of
    # it is in no passage, whatever the structure found for its other words; a plan request is the
    # learner's own terms, not a statement to check
    near_domain = query.off_topic - query.on_topic >= NEAR_DOMAIN_MARGIN
    if query.intent != PLAN and near_domain and unattested_words(query.question, vocabulary):
        return False
    if evidence.payload is not None and evidence.payload.covered():
        return True
    terms = content_terms(query.query)  # a follow-up carries the subject of earlier turns
    known = [t for t in terms if stem(t) in vocabulary]
    if best >= CONFIDENT_SIMILARITY:
        return True
    share = len(known) / len(terms) if terms else 0.0
    if query.subject:  # a follow-up of a question that was answered needs only some footing
        return best >= MINIMUM_SIMILARITY and bool(known)
    return best >= MINIMUM_SIMILARITY and share >= 0.5
