"""Text that tries to instruct the model: in a question (refused before retrieval-based text is
written) or on a line of a document (never quoted, never shown to a model, never a source of links).
"""

from __future__ import annotations

import re

INJECTION = re.compile(
    r"(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instruction|prompt|rule|guideline|polic)|"
    r"(system|hidden|secret|initial|original|developer)\s+(prompt|instruction|rule|message|guideline)s?|"
    r"\b(reveal|print|show|repeat|output|leak|dump)\b.{0,30}\b(prompt|instructions|rules|configuration|secret|api key|password)|"
    r"\bjailbreak|\bDAN\b|do anything now|developer mode|system override|you are now\b|pretend (to be|you are)|"
    r"\bact as (an? )?(unrestricted|unfiltered)",
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
PASSAGE_TAG = re.compile(r"<\s*/?\s*passage\b", re.I)
REDACTED = "[instruction-like text removed]"


def is_injection(text: str) -> bool:
    return bool(INJECTION.search(text))


def instruction_like(line: str) -> bool:
    """A line of a document that addresses the model instead of the learner (a prompt injection)."""
    return bool(is_injection(line) or SPECIAL_TOKEN.search(line) or INSTRUCTION_LIKE.search(line)
                or ADDRESSES_MODEL.search(line))


def redact(text: str) -> str:
    """The passage with instruction-like lines replaced by a marker: the model never reads them."""
    lines = text.split("\n")
    return "\n".join(REDACTED if instruction_like(line) else line for line in lines)


def neutralise(text: str) -> str:
    """Text that cannot close a passage tag or emit a chat-template control token."""
    text = SPECIAL_TOKEN.sub(lambda m: m.group(0).replace("<", "‹").replace(">", "›").replace("|", "¦"), text)
    text = PASSAGE_TAG.sub(lambda m: m.group(0).replace("<", "‹"), text)
    return text


def attribute(value: str) -> str:
    """A value safe inside a prompt's tag attribute or instruction line (section paths included)."""
    value = re.sub(r"\s*>\s*", " › ", value)  # section paths: "Step 7 > Resources"
    return neutralise(re.sub(r'["<\n]+', " ", value)).strip()
