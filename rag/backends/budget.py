"""Token counting and the context budget of a language-model backend.

The prompt must leave `answer_tokens` free in a context of `context_tokens`. Counting uses the
model's own tokenizer where we have it (the local GGUF model), else tiktoken with the model's
encoding (exact for OpenAI models) or cl100k_base with a safety margin (other servers' models use
other tokenizers: SmolLM2's runs ~11 % longer on this corpus, worst passage +19 %).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rag.errors import ContextBudgetError
from rag.backends.tiktoken_offline import encoding_for_model, get_encoding

# Tokens a chat template adds around each message (role markers, separators) and to prime the reply.
MESSAGE_OVERHEAD = 8
REPLY_OVERHEAD = 8
# Unknown tokenizers are counted as cl100k_base tokens times this.
UNKNOWN_TOKENIZER_MARGIN = 1.25
# The smallest useful request: a question of this many tokens and one passage of this many.
QUESTION_RESERVE = 64
MIN_PASSAGE_TOKENS = 48


class TokenCounter(Protocol):
    name: str

    def count(self, text: str) -> int: ...

    def truncate(self, text: str, limit: int) -> str: ...


def _cut_at_word(text: str) -> str:
    """Drop a partial last word so a truncated passage ends cleanly."""
    cut = max(text.rfind(" "), text.rfind("\n"))
    return text[:cut].rstrip() if cut > len(text) * 0.6 else text.rstrip()


class TiktokenCounter:
    def __init__(self, encoding: str, margin: float = 1.0, state_dir: Path | None = None):
        self.encoding = get_encoding(encoding, state_dir)
        self.margin = margin
        self.name = f"tiktoken:{encoding}" + (f" x{margin:g}" if margin != 1.0 else "")

    def count(self, text: str) -> int:
        return math.ceil(len(self.encoding.encode(text, disallowed_special=())) * self.margin)

    def truncate(self, text: str, limit: int) -> str:
        if self.count(text) <= limit:
            return text
        tokens = self.encoding.encode(text, disallowed_special=())
        keep = max(0, int(limit / self.margin))
        return _cut_at_word(self.encoding.decode(tokens[:keep])) + " …"


class LlamaCounter:
    """Exact counts with the GGUF model's own tokenizer."""

    def __init__(self, tokenize, detokenize):
        self._tokenize = tokenize  # str -> list[int]
        self._detokenize = detokenize  # list[int] -> str
        self.name = "gguf"

    def count(self, text: str) -> int:
        return len(self._tokenize(text))

    def truncate(self, text: str, limit: int) -> str:
        tokens = self._tokenize(text)
        if len(tokens) <= limit:
            return text
        return _cut_at_word(self._detokenize(tokens[: max(0, limit - 1)])) + " …"


def counter_for_model(model: str | None, state_dir: Path | None = None) -> TiktokenCounter:
    encoding, exact = encoding_for_model(model)
    return TiktokenCounter(encoding, 1.0 if exact else UNKNOWN_TOKENIZER_MARGIN, state_dir)


@dataclass
class PromptBudget:
    counter: TokenCounter
    context_tokens: int
    answer_tokens: int

    def messages_tokens(self, messages: list[tuple[str, str]]) -> int:
        return sum(self.counter.count(text) + MESSAGE_OVERHEAD for _, text in messages) + REPLY_OVERHEAD

    @property
    def prompt_tokens(self) -> int:
        """What the whole prompt (every message) may use."""
        return self.context_tokens - self.answer_tokens

    def check(self, fixed_tokens: int) -> None:
        """Reject, at build time, a configuration whose context cannot hold the fixed instructions,
        a short question, one short passage and the answer."""
        needed = fixed_tokens + QUESTION_RESERVE + MIN_PASSAGE_TOKENS
        if self.answer_tokens < 16 or needed + self.answer_tokens > self.context_tokens:
            raise ContextBudgetError(self.context_tokens, self.answer_tokens, needed)
