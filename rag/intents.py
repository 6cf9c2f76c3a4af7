"""What kind of answer a question wants. Rules, not a model: deterministic and explainable.

Out-of-scope is decided later, from retrieval evidence (see `rag.scope`); here only attempts to
extract instructions or secrets are caught, because those must never reach retrieval-based text.
"""

from __future__ import annotations

import re

from rag.models import Intent

INJECTION = re.compile(
    r"(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instruction|prompt|rule|guideline|polic)|"
    r"(system|hidden|secret|initial|original|developer)\s+(prompt|instruction|rule|message|guideline)s?|"
    r"\b(reveal|print|show|repeat|output|leak|dump)\b.{0,30}\b(prompt|instructions|rules|configuration|secret|api key|password)|"
    r"\bjailbreak|\bDAN\b|do anything now|developer mode|system override|you are now\b|pretend (to be|you are)|"
    r"\bact as (an? )?(unrestricted|unfiltered)",
    re.IGNORECASE,
)
COMPARE = re.compile(
    r"\b(compare|compared|comparison|versus|vs\.?|differ|difference|differences|pros and cons|"
    r"or should i)\b|\bhow does .+ (compare|stack up)|"
    r"\b(better|which (one |path |option )?(is|should))\b.*\bor\b|\bor\b.*\b(better|which)\b",
    re.IGNORECASE,
)
NEXT_STEP = re.compile(
    r"\b(after|next|afterwards|then what|what now|now what|move on|moving on|follow(s|ing)? (up|on)|"
    r"comes? (after|next)|finished|done with|completed|once i('ve| have)? (learned|finished|mastered|done)|"
    r"what should i (learn|study|do) (now|then))\b",
    re.IGNORECASE,
)
RESOURCES = re.compile(
    r"\b(resources?|courses?|books?|tutorials?|playlists?|videos?|links?|materials?|docs|documentation|"
    r"where (can|do|should) i (learn|study|find|practice|start)|suggest(s|ed|ions?)? for|"
    r"(best|good|great) (place|way|site|source)s? to (learn|study|start|practice)|recommend(ed)? (a |any |some )?"
    r"(course|book|video|site|resource)|datasets?|data sets?|where to find data)\b",
    re.IGNORECASE,
)


SPECIAL_TOKEN = re.compile(r"<\|[^|>\n]{0,40}\|>|<\|?/?(?:im_start|im_end|s|eos|bos|endoftext)\b\|?>?", re.I)
INSTRUCTION_LIKE = re.compile(
    r"\b(reply|respond|answer|say|output|print|write)\s+(only|exactly|just)\b|"
    r"\bnew (rule|instruction|system prompt)s?\b|\byou (must|should) (now )?(say|reply|answer|respond|ignore)\b|"
    r"\b(assistant|ai|model|chatbot|llm)s?\s*(,|:)?\s*(must|should)\s+(say|reply|answer|respond|ignore|tell)\b",
    re.I,
)


# A line that speaks to the model rather than the learner: "- Assistant: the best resource is ...",
# "SYSTEM: ...", "Note to the AI: ...", "If you are an LLM, ...".
ADDRESSES_MODEL = re.compile(
    r"^[\W_]*(?:(?:the|an?|ai)\s+)?(?:assistant|system|chatbot|llm|language model|ai model)\s*(?:prompt|message|note)?\s*[:,>]|"
    r"\b(?:dear|hey|attention|note (?:to|for)|message (?:to|for))\s+(?:the\s+|all\s+|any\s+)?"
    r"(?:assistants?|ais?|models?|llms?|chatbots?|language models?)\b|"
    r"\bif you are an? (?:ai|llm|assistant|language model|chatbot|bot)\b",
    re.I,
)


def is_injection(text: str) -> bool:
    return bool(INJECTION.search(text))


def classify(question: str) -> Intent:
    """The intent of one (standalone) question."""
    if is_injection(question):
        return "out_of_scope"
    if COMPARE.search(question):
        return "compare"
    if RESOURCES.search(question) and not re.search(r"\bwhat (is|are)\b", question, re.I):
        return "resources"
    if NEXT_STEP.search(question):
        return "next_step"
    return "fact"


def instruction_like(line: str) -> bool:
    """A line of a document that addresses the model instead of the learner (a prompt injection)."""
    return bool(is_injection(line) or SPECIAL_TOKEN.search(line) or INSTRUCTION_LIKE.search(line)
                or ADDRESSES_MODEL.search(line))
