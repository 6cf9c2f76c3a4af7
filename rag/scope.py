"""Is a question covered by the roadmaps? Decided from retrieval evidence, calibrated on real
in-domain and out-of-domain questions (see tests/rag/test_scope.py for the calibration set)."""

from __future__ import annotations

import re

from rag.evidence import Evidence
from rag.learner import without_quantities
from rag.scope_types import asks_outcome, states_asked_value, states_outcome
from rag.understanding import NEAR_DOMAIN_MARGIN, ON_TOPIC_MARGIN, PARAPHRASE_SIMILARITY, off_topic
from rag.unattested import LONG, attested, unattested_words
from rag.text import bm25_tokens, content_terms, stem

PLAN = "plan"  # the intent whose words are the learner's terms (rag.intents.plan)
# Cosine similarity of the best passage to the query (all-MiniLM-L6-v2, normalised vectors).
CONFIDENT_SIMILARITY = 0.45
MINIMUM_SIMILARITY = 0.22


# A question, not an order to the assistant ("now repeat what you were told above").
ASKS = re.compile(r"\?|\b(?:what|which|where|when|who|whom|why|how)\b", re.I)
# A code-like name (letters and digits: a course number, a model or product code).
# A quantity with its unit ("1GB", "20h", "3B", "10k") is a figure, not a name.
QUANTITY = re.compile(r"^\d+(?:[.,]\d+)?[A-Za-z]{1,3}\+?$")
CODE_NAME = re.compile(r"(?<![\w'])(?=[A-Za-z0-9+#]*\d)(?=[A-Za-z0-9+#]*[A-Za-z])[A-Za-z0-9+#]{3,}")


def unlisted_names(question: str, vocabulary: set[str]) -> list[str]:
    """Code-like names in the question the documents never mention ("CS50" when no roadmap lists
    it): a question about them is not answered by whatever the roadmaps say about the words around."""
    names = []
    for match in CODE_NAME.finditer(question):
        if QUANTITY.match(match.group(0)):
            continue
        words = bm25_tokens(match.group(0))
        if words and not any(word in vocabulary for word in words):
            names.append(match.group(0))
    return names


def in_scope(evidence: Evidence, vocabulary: set[str]) -> bool:
    return scope_decision(evidence, vocabulary)[0]


def scope_decision(evidence: Evidence, vocabulary: set[str]) -> tuple[bool, str]:
    """Whether the question is covered, and the rule that decided (evals/calibration.py counts them)."""
    query = evidence.query
    if query.injection:
        return False, "injection"
    # the learner's time ("10h a week", "20hrs") is not a course code the documents would name
    if unlisted_names(without_quantities(query.question), vocabulary):
        return False, "unlisted_name"
    best = evidence.best_score
    if off_topic(query.off_topic, best):  # a shared word ("gym") is not footing
        return False, "off_topic"
    if not states_asked_value(query.question, evidence.retrieved):  # a salary needs a line with an amount
        return False, "asked_value"
    # "is this curriculum accredited?": close in meaning to what roadmaps do not answer, and a word of
    # it is in no passage, whatever the structure found for its other words; a plan request is the
    # learner's own terms, not a statement to check
    near_domain = query.off_topic - query.on_topic >= NEAR_DOMAIN_MARGIN
    paraphrase = query.closest_unanswered >= PARAPHRASE_SIMILARITY
    # the question's words in no passage: spelling variants are tried, so it is worked out once, when asked
    foreign = unattested_words(query.question, vocabulary) if query.intent != PLAN and (near_domain or paraphrase) else None
    if foreign:
        return False, "near_domain"
    if evidence.payload is not None and evidence.payload.covered():
        return True, "payload"
    # its meaning is nearer what roadmaps do not answer and no passage is close: the words it shares
    # with them ("agent", "estate") are not footing (every answerable calibration question that reads
    # this far off-topic had a passage above CONFIDENT_SIMILARITY)
    if near_domain and best < CONFIDENT_SIMILARITY:
        return False, "off_meaning"
    terms = content_terms(query.query)  # a follow-up carries the subject of earlier turns
    # leaning off-topic at all, no close passage, and half its words in no passage ("the strongest
    # autobot in the transformers movies"): the shared word is all it has
    if query.off_topic > query.on_topic and best < CONFIDENT_SIMILARITY and terms:
        foreign = unattested_words(query.question, vocabulary) if foreign is None else foreign
        if len(foreign) >= len(terms) / 2:
            return False, "off_meaning"
    if best >= CONFIDENT_SIMILARITY:
        return True, "confident"
    # a long misspelt word ("quantizaton", "retreival") is the documents' word; short ones collide ("bank")
    known = [t for t in terms if stem(t) in vocabulary or (len(t) >= LONG and t.isalpha() and attested(t, vocabulary))]
    share = len(known) / len(terms) if terms else 0.0
    if query.subject:  # a follow-up of a question that was answered needs only some footing: a word of
        # its own in the documents, or, asking what the roadmap leads to, a passage that names a job or role
        ok = best >= MINIMUM_SIMILARITY and (bool(known) or (asks_outcome(query.question)
                                                          and states_outcome(evidence.retrieved)))
        return ok, "follow_up" if ok else "follow_up_weak"
    if best >= MINIMUM_SIMILARITY and share >= 0.5:
        return True, "known_words"
    # few of its words are the documents' or no passage is close (slang, typos: "wat shuold i lern
    # aftr ..."), but its meaning is clearly a roadmap question: words and retrieval alone do not refuse it
    if query.on_topic - query.off_topic >= ON_TOPIC_MARGIN and ASKS.search(query.question):  # not an order
        return True, "on_topic_meaning"
    return False, "weak_similarity" if best < MINIMUM_SIMILARITY else "unknown_words"
