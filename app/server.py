"""The advisor over HTTP: an OpenAI-compatible API (FastAPI), built around an injected advisor.

`create_app(advisor)` is the whole service; `advisor serve` runs it with uvicorn. Every error leaves
as an OpenAI-style JSON error object, and the project's exceptions become HTTP statuses here, once.
Answers run on worker threads behind `AnswerSlots`, a bound on answers in progress plus a short
queue: beyond both, a request gets 429 with Retry-After instead of waiting without limit.
"""

from __future__ import annotations

import hmac
import json
import logging
import threading
from dataclasses import dataclass
from typing import Any, AsyncIterator, Callable, TypeVar

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.openai_api import ApiError, AskRequest, ChatRequest, PlanBody, completion, completion_chunks, conversation, error_body, models
from rag import errors

log = logging.getLogger("advisor.server")
T = TypeVar("T")
Model = TypeVar("Model", bound=BaseModel)


@dataclass(frozen=True)
class ServiceLimits:
    max_body_bytes: int = 256 * 1024  # a long conversation in JSON; a question alone is capped by settings
    max_messages: int = 64


class AnswerSlots:
    """At most `running` answers computed at once and `waiting` more queued; the rest are refused.

    The bound protects a small machine: an answer holds a CPU core for tens of milliseconds
    (extractive) or a model connection for seconds (LLM backends), so an unbounded queue would turn
    a burst into timeouts for everyone.
    """

    def __init__(self, running: int = 2, waiting: int = 64, retry_after_s: int = 1):
        if running < 1 or waiting < 0:
            raise ValueError("running must be at least 1 and waiting at least 0")
        self.running, self.waiting, self.retry_after_s = running, waiting, retry_after_s
        self._admitted = 0
        self._lock = threading.Lock()
        self._limiter: anyio.CapacityLimiter | None = None

    def try_admit(self) -> bool:
        with self._lock:
            if self._admitted >= self.running + self.waiting:
                return False
            self._admitted += 1
            return True

    def release(self) -> None:
        with self._lock:
            self._admitted = max(0, self._admitted - 1)

    def admit(self) -> None:
        if not self.try_admit():
            raise ApiError(429, f"The advisor is busy ({self.running + self.waiting} answers in progress or queued). "
                           f"Retry in {self.retry_after_s} s.", type="rate_limit_error", code="rate_limit_exceeded",
                           retry_after=self.retry_after_s)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn` on a worker thread, at most `running` at a time (the caller was admitted)."""
        if self._limiter is None:  # an anyio limiter belongs to the running event loop
            self._limiter = anyio.CapacityLimiter(self.running)
        return await anyio.to_thread.run_sync(lambda: fn(*args), limiter=self._limiter)


def create_app(advisor, *, api_key: str | None = None, slots: AnswerSlots | None = None,
               limits: ServiceLimits = ServiceLimits(), planner=None) -> FastAPI:
    """The API around `advisor` (anything with `answer(question, history)` and `status()`), and
    /v1/plan when a `planner` (anything with `plan(PlanRequest)`, see app/plan_service.py) is given."""
    slots = slots or AnswerSlots()
    app = FastAPI(title="AI/ML career advisor", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.slots = slots
    expected = api_key.encode("utf-8") if api_key else None

    def authorize(request: Request) -> None:
        if expected is None:
            return
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        given_bytes = given.strip().encode("utf-8") if scheme.lower() == "bearer" else b""
        if not hmac.compare_digest(given_bytes, expected):  # constant time in the key's content
            raise ApiError(401, "Invalid or missing API key: send 'Authorization: Bearer <key>' with the key "
                           "the server was started with.", type="authentication_error", code="invalid_api_key")

    async def bounded(fn: Callable[..., T], *args: Any) -> T:
        slots.admit()
        try:
            return await slots.run(fn, *args)
        finally:
            slots.release()

    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after is not None else None
        return JSONResponse(exc.body(), status_code=exc.status, headers=headers)

    @app.exception_handler(errors.AdvisorError)
    async def advisor_error(request: Request, exc: errors.AdvisorError) -> JSONResponse:
        return await api_error(request, translate(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = {404: "No such endpoint. This server has /v1/chat/completions, /v1/models, /v1/ask, /v1/plan and /healthz.",
                   405: "This method is not allowed on this endpoint."}.get(exc.status_code, str(exc.detail))
        return JSONResponse(error_body(message, type="invalid_request_error", code=f"http_{exc.status_code}"),
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(error_body(str(exc), type="invalid_request_error"), status_code=400)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error while answering")
        return JSONResponse(error_body("The server failed to answer (an internal error, logged on the server).",
                                       type="server_error"), status_code=500)

    @app.get("/healthz")
    async def healthz() -> dict[str, Any]:
        status = await anyio.to_thread.run_sync(advisor.status)
        return {"status": "ok", "passages": status.passages, "roadmaps": status.roadmaps,
                "generation": status.generation, "backend": status.backend}

    @app.get("/v1/models")
    async def list_models(request: Request) -> dict[str, Any]:
        authorize(request)
        return models()

    @app.post("/v1/chat/completions")
    async def chat_completions(request: Request):
        authorize(request)
        chat = await read_json(request, ChatRequest, limits)
        if len(chat.messages) > limits.max_messages:
            raise ApiError(400, f"The conversation has {len(chat.messages)} messages; the limit is "
                           f"{limits.max_messages}. Start a new conversation.", param="messages", code="too_many_messages")
        question, history = conversation(chat)
        result = await bounded(advisor.answer, question, history)
        if not chat.stream:
            return completion(result)
        return StreamingResponse(sse(completion_chunks(result)), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    @app.post("/v1/ask")
    async def ask(request: Request) -> dict[str, Any]:
        authorize(request)
        body = await read_json(request, AskRequest, limits)
        return (await bounded(advisor.answer, body.question, body.history)).to_contract()

    if planner is not None:
        @app.post("/v1/plan")
        async def plan(request: Request) -> dict[str, Any]:
            authorize(request)
            body = await read_json(request, PlanBody, limits)
            return (await bounded(planner.plan, body)).to_contract()

    return app


def translate(exc: errors.AdvisorError) -> ApiError:
    """The project's exceptions as HTTP errors (the one place that maps them)."""
    message = str(exc)
    if isinstance(exc, errors.InvalidQuestionError):
        return ApiError(400, message, code="invalid_question")
    if isinstance(exc, errors.PlanRequestError):
        return ApiError(400, message, code="invalid_plan_request")
    if isinstance(exc, errors.IndexChangedError):
        return ApiError(503, message, type="server_error", code="index_changed", retry_after=1)
    if isinstance(exc, (errors.IndexMissingError, errors.IndexCorruptError, errors.StoreUnavailableError,
                        errors.ModelMismatchError, errors.EmbeddingModelError, errors.BackendUnavailableError)):
        return ApiError(503, message, type="server_error", code="unavailable")
    return ApiError(500, message, type="server_error")


async def read_body(request: Request, limits: ServiceLimits) -> Any:
    """The JSON body, refused with 413 as soon as it passes the limit (nothing larger is buffered)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_body_bytes:
        raise _too_large(limits)
    body = bytearray()
    async for piece in request.stream():
        body += piece
        if len(body) > limits.max_body_bytes:
            raise _too_large(limits)
    try:
        return json.loads(body)
    except ValueError as exc:
        raise ApiError(400, f"The request body is not valid JSON ({exc}).", code="invalid_json") from exc
    except RecursionError as exc:
        raise ApiError(400, "The request body nests JSON too deeply.", code="invalid_json") from exc


async def read_json(request: Request, model: type[Model], limits: ServiceLimits) -> Model:
    data = await read_body(request, limits)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or None
        raise ApiError(400, f"Invalid request: {where or 'body'}: {first['msg']}.", param=where,
                       code="invalid_request") from exc


def _too_large(limits: ServiceLimits) -> ApiError:
    return ApiError(413, f"The request body is larger than {limits.max_body_bytes:,} bytes. Send a shorter "
                    "conversation.", code="request_too_large")


async def sse(chunks) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode("utf-8")
    yield b"data: [DONE]\n\n"
