"""The project's exceptions. Every message says what to do next.

They are raised anywhere and translated once, at the CLI and UI edges.
"""

from __future__ import annotations


class AdvisorError(Exception):
    """Base class: a problem the user can act on."""

    exit_code = 1


class IndexMissingError(AdvisorError):
    def __init__(self, where: str, command: str = "advisor ingest", *, empty: bool = False):
        if empty:  # the same command finishes a sync that was stopped; an empty corpus needs roadmaps first
            super().__init__(
                f"The index at {where} holds no passages: its last sync found no readable roadmap, or was "
                f"stopped before it stored any. Put roadmaps (Markdown, text, PDF or HTML, or a resources.yaml "
                f"catalogue) in the corpus if it has none, then run: {command}")
            return
        super().__init__(f"No roadmap index found at {where}. Build it with: {command}")


def _keep_and_start_over(where: str) -> str:
    """The way out of an index that cannot be used, which keeps that index: never a command that
    deletes it (the fault may be ours, and the index may hold sources no longer on disk)."""
    if where.startswith(("http://", "https://")):
        return "Build a new collection beside it with: ADVISOR_COLLECTION=<new name> advisor ingest"
    return f"Keep it and build a new one in its place with: mv {where} {where}.old && advisor ingest --db {where}"


class IndexCorruptError(AdvisorError):
    def __init__(self, where: str, reason: str):
        super().__init__(f"The index at {where} cannot be read ({reason}). {_keep_and_start_over(where)}")


class IndexChangedError(AdvisorError):
    """Another process changed the index under an open reader; reopening it resolves this."""

    def __init__(self, where: str):
        super().__init__(f"The index at {where} was changed by another process while it was open; ask again.")


class ModelMismatchError(AdvisorError):
    def __init__(self, index_model: str, index_dim: int, configured: str, dim: int, where: str = ""):
        target = f"a new folder: advisor ingest --db {where}-new" if where and not where.startswith("http") else (
            "a new collection: ADVISOR_COLLECTION=<new name> advisor ingest")
        super().__init__(
            f"The index{f' at {where}' if where else ''} was built with embedding model {index_model!r} "
            f"({index_dim}-d) but {configured!r} ({dim}-d) is configured; vectors from different models "
            f"cannot be mixed. Configure the original model (ADVISOR_EMBEDDING_MODEL={index_model}), or build "
            f"an index for {configured!r} in {target}"
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


class InvalidOptionError(AdvisorError):
    """A command option that cannot work as given (an unsafe address without a key, a bad port)."""

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
