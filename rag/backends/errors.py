"""Errors of the language-model backends, raised when a backend is built (never mid-request).

All are `BackendUnavailableError`s, so the CLI and UI edges already translate them; each message
says what to do next. Failures *during* a request (timeouts, 429, 5xx, a dropped connection, a
rejected key) are not raised: the answer falls back to the extractive one with a visible notice.
"""

from __future__ import annotations

from rag.errors import BackendUnavailableError


class MissingAPIKeyError(BackendUnavailableError):
    def __init__(self, base_url: str | None):
        where = f"the server at {base_url}" if base_url else "OpenAI"
        super().__init__(
            f"The openai backend needs an API key for {where}: set OPENAI_API_KEY. "
            "Local OpenAI-compatible servers (Ollama, vLLM, llama.cpp) accept any non-empty value, "
            "e.g. OPENAI_API_KEY=local. Or answer offline with --backend extractive."
        )


class LocalModelError(BackendUnavailableError):
    """llama-cpp-python is missing, or the GGUF file is missing or unreadable."""


class ContextBudgetError(BackendUnavailableError):
    def __init__(self, context_tokens: int, answer_tokens: int, needed: int):
        super().__init__(
            f"The model context cannot fit a minimal prompt: ADVISOR_CONTEXT_TOKENS={context_tokens} but the "
            f"instructions, a short question and one passage need {needed} tokens plus "
            f"ADVISOR_ANSWER_TOKENS={answer_tokens} for the answer. Raise ADVISOR_CONTEXT_TOKENS to at least "
            f"{needed + answer_tokens} (and no more than the model's real context) or lower ADVISOR_ANSWER_TOKENS."
        )
