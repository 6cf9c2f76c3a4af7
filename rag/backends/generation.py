"""Talking to a chat model within a deadline: generation in a worker thread, bounded retries with
exponential backoff, and failures classified into words a user can act on.

Timeouts, HTTP 429 and 5xx and dropped connections are retried (at most `max_retries` times, never
past the deadline); anything else, and retries exhausted, raise `ModelFailure`. Every request has a
total deadline (from the moment the question arrives): the model runs in a worker thread and the
caller waits on a queue with that deadline, so a silent server or a stuck model never hangs it.
"""

from __future__ import annotations

import logging
import queue
import random
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:  # pragma: no cover
    from langchain_core.language_models.chat_models import BaseChatModel

log = logging.getLogger(__name__)

BACKOFF_BASE_S = 0.5
BACKOFF_CAP_S = 8.0


class _Restart:
    """Yielded by `ChatRunner.generate` when a failed attempt is retried: collectors drop what they have."""


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


class ChatRunner:
    """One chat model driven with a deadline and retries (shared by every request of a backend)."""

    def __init__(
        self,
        chat: "BaseChatModel",
        *,
        name: str,
        model: str,
        where: str,
        request_timeout_s: float,
        max_retries: int,
        call_options: dict[str, Any] | None = None,
        max_tokens_in_body: bool = False,
    ):
        self.chat = chat
        self.name = name
        self.model = model
        self.where = where
        self.request_timeout_s = request_timeout_s
        self.max_retries = max_retries
        self.call_options = call_options or {}
        self.max_tokens_in_body = max_tokens_in_body
    # -- generation ---------------------------------------------------------------------------
    def call_kwargs(self, max_tokens: int, timeout: float) -> dict[str, Any]:
        kwargs: dict[str, Any] = {**self.call_options, "max_tokens": max_tokens, "timeout": timeout}
        if self.max_tokens_in_body:
            # langchain-openai sends `max_completion_tokens`; llama.cpp's and older servers only read
            # `max_tokens`, and without it they generate until their context is full.
            kwargs["extra_body"] = {"max_tokens": max_tokens}
        return kwargs

    def pump(self, messages: list[tuple[str, str]], deadline: Deadline, max_tokens: int) -> Iterator[str]:
        """Pieces from the model, produced by a worker thread; waits at most until the deadline."""
        pieces: queue.Queue = queue.Queue()
        cancel = threading.Event()
        timeout = max(0.5, min(self.request_timeout_s, deadline.remaining()))
        limit = max_tokens + 16  # pieces; a server that ignores max_tokens is cut off here

        def work() -> None:
            stream = None
            try:
                stream = self.chat.stream(messages, **self.call_kwargs(max_tokens, timeout))
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

    def generate(
        self, messages: list[tuple[str, str]], deadline: Deadline, max_tokens: int, *,
        restartable: bool, retries: int | None = None,
    ) -> Iterator[str | _Restart]:
        """Pieces, with bounded retries and exponential backoff. Raises ModelFailure when done trying.
        `restartable`: the caller collects silently, so an attempt that failed after some output can
        be retried (RESTART is yielded first); otherwise output already shown makes a failure final."""
        retries = self.max_retries if retries is None else retries
        attempt = 0
        while True:
            produced = False
            try:
                for piece in self.pump(messages, deadline, max_tokens):
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
