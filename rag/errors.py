"""The project's exceptions. Every message says what to do next.

They are raised anywhere and translated once, at the CLI and UI edges.
"""

from __future__ import annotations


class AdvisorError(Exception):
    """Base class: a problem the user can act on."""

    exit_code = 1


class IndexMissingError(AdvisorError):
    def __init__(self, where: str, command: str = "advisor ingest", *, empty: bool = False):
        found = f"The index at {where} holds no passages (was the corpus empty?)" if empty else (
            f"No roadmap index found at {where}")
        super().__init__(f"{found}. Build it with: {command}")


class IndexCorruptError(AdvisorError):
    def __init__(self, where: str, reason: str):
        super().__init__(
            f"The index at {where} cannot be read ({reason}). "
            "Rebuild it with: advisor ingest --rebuild"
        )


class IndexChangedError(AdvisorError):
    """Another process changed the index under an open reader; reopening it resolves this."""

    def __init__(self, where: str):
        super().__init__(f"The index at {where} was changed by another process while it was open; ask again.")


class ModelMismatchError(AdvisorError):
    def __init__(self, index_model: str, index_dim: int, configured: str, dim: int):
        super().__init__(
            f"The index was built with embedding model {index_model!r} ({index_dim}-d) but "
            f"{configured!r} ({dim}-d) is configured; vectors from different models cannot be mixed. "
            "Rebuild it with: advisor ingest --rebuild (or configure the original model)"
        )


class EmbeddingModelError(AdvisorError):
    pass


class StoreUnavailableError(AdvisorError):
    def __init__(self, where: str, reason: str):
        super().__init__(
            f"Cannot reach the Chroma server at {where} ({reason}). Start it with "
            "`chroma run --path DIR --host HOST --port PORT`, or unset ADVISOR_CHROMA_HOST to use "
            "the embedded index."
        )


class InvalidQuestionError(AdvisorError):
    exit_code = 2


class UnknownBackendError(AdvisorError):
    exit_code = 2

    def __init__(self, name: str, known: list[str]):
        super().__init__(f"Unknown backend {name!r}. Choose one of: {', '.join(known)}")


class BackendUnavailableError(AdvisorError):
    """A generation backend cannot be used as configured (missing key, file, server)."""


class IngestBusyError(AdvisorError):
    def __init__(self, lock_path: str):
        super().__init__(
            f"Another ingest is writing this index (lock {lock_path}). Wait for it to finish."
        )


class InvalidCorpusError(AdvisorError):
    exit_code = 2


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


class PlanRequestError(AdvisorError):
    """A learning plan cannot be made as asked (no roadmap matches the goal, a stage that does not exist)."""

    exit_code = 2
