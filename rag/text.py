"""Small text utilities shared by lexical retrieval, intent detection and grounding checks."""

from __future__ import annotations

import functools
import re

TOKEN = re.compile(r"[a-z0-9](?:[a-z0-9+#]|[.-](?=[a-z0-9]))*")
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over own
    same she should so some such than that the their theirs them themselves then there these they this
    those through to too under until up very was we were what when where which while who whom why will
    with would you your yours yourself yourselves also get got want wanna gonna im i'm ive i've id
    please thanks thank hi hello hey tell know like really much many one thing things way ok okay
    should shall might may must let us give show need lot bit go going gone whats what's hows
    how's actually basically kind sort stuff anything something""".split()
)
# Words that name the advisor's domain without saying anything about a topic.
GENERIC = frozenset(
    """learn learning learned study studying next after comes come coming step steps stage stages
    roadmap roadmaps resource resources recommend recommended recommendation good best better
    start started starting finished finish done complete completed move moving focus skill skills
    course courses compare comparison versus vs difference between option options path paths
    which what where how explain describe list some any plan plans route routes track tracks""".split()
)
SYNONYMS = {
    "ml": "machine learning",
    "dl": "deep learning",
    "cv": "computer vision",
    "rl": "reinforcement learning",
    "llm": "llms",
    "maths": "mathematics",
    "math": "mathematics",
    "stats": "statistics",
    "git": "github",
    "genai": "generative ai",
    "gen": "generative",
    "devops": "mlops",
    "deploy": "deployment",
    "deploying": "deployment",
    "py": "python",
    "pytorch's": "pytorch",
    "tensorflow's": "tensorflow",
    "db": "database",
    "torch": "pytorch",
    "tf": "tensorflow",
    "keras": "keras tensorflow",
    "sklearn": "scikit-learn",
    "k8s": "kubernetes",
    "hf": "hugging face",
    "llm's": "llms",
}


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


def content_terms(text: str) -> list[str]:
    """Words that carry meaning: no stopwords, no domain filler; synonyms expanded."""
    out: list[str] = []
    for token in tokens(text):
        if token in STOPWORDS or token in GENERIC or len(token) < 2 and not token.isdigit():
            continue
        expansion = SYNONYMS.get(token)
        out.extend([w for w in expansion.split() if w not in GENERIC] if expansion else [token])
    return list(dict.fromkeys(out))


@functools.lru_cache(maxsize=1 << 17)
def stem(word: str) -> str:
    """A light stemmer: enough to match 'mathematical'~'mathematics', 'models'~'model'. Memoised:
    opening an index stems every word of every passage (800,000 calls at 10,000 passages)."""
    for suffix in ("ational", "ations", "ation", "ical", "iest", "ics", "ing", "ies", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def bm25_tokens(text: str) -> list[str]:
    return [stem(t) for t in tokens(text) if t not in STOPWORDS]
