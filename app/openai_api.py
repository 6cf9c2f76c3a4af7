"""The OpenAI chat-completions wire format for the advisor: requests in, answers out.

Pure functions and typed models, no web framework: `app/server.py` does the HTTP. A chat client
shows only `content`, so the content carries the answer's `[n]` markers and a short Sources list;
the full citations and resources ride along as extra top-level fields (the openai client keeps
unknown fields), on the response and on the final stream chunk.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any, Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.render import markdown_link, safe_markdown
from rag.models import Answer, Citation
from rag.plan.models import PlanRequest

MODEL_ID = "career-advisor"
MODEL_CREATED = 1767225600  # 2026-01-01: a fixed date, so /v1/models is the same on every start
SOURCES_HEADING = "**Sources**"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LABEL_SPECIALS = re.compile(r"([\\`*_\[\]!|~$])")
_ENTITY_START = re.compile(r"&(?=[#A-Za-z0-9]+;)")
_BARE_AMPERSAND = re.compile(r"&amp;(?![#A-Za-z0-9]+;)")
# a link reference definition: `[label]:` first in a line or inside list items and block quotes
_DEFINITION = re.compile(r"^(?:[ \t]*(?:[-*+][ \t]+|\d{1,9}[.)][ \t]+|>[ \t]*))*[ \t]{0,3}\[[^\]\n]*\]:", re.M)


class ApiError(Exception):
    """An HTTP error in OpenAI's shape: {"error": {"message", "type", "param", "code"}}."""

    def __init__(self, status: int, message: str, *, type: str = "invalid_request_error",
                 param: str | None = None, code: str | None = None, retry_after: int | None = None):
        super().__init__(message)
        self.status, self.message, self.type, self.param, self.code = status, message, type, param, code
        self.retry_after = retry_after

    def body(self) -> dict[str, Any]:
        return error_body(self.message, type=self.type, param=self.param, code=self.code)


def error_body(message: str, *, type: str, param: str | None = None, code: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type, "param": param, "code": code}}


class TextPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")  # name, tool_calls, ... are accepted and ignored
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[TextPart] | None = None

    def text(self) -> str:
        if self.content is None:
            return ""
        if isinstance(self.content, str):
            return self.content
        return "\n".join(part.text for part in self.content if part.type == "text" and part.text)


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")  # temperature, max_tokens, ... do not change a grounded answer
    model: str
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str
    history: list[dict[str, str]] = Field(default_factory=list)


class PlanBody(PlanRequest):
    """The body of POST /v1/plan: the plan parameters of `advisor plan`, unknown fields refused."""

    model_config = ConfigDict(extra="forbid")


def conversation(request: ChatRequest) -> tuple[str, list[dict[str, str]]]:
    """The question (the last user message) and the history (earlier user and assistant turns).

    System prompts are not obeyed: the advisor answers from the roadmaps whatever a client asks it
    to be, the same rule that makes it ignore instructions inside documents.
    """
    if request.model != MODEL_ID:
        raise ApiError(404, f"The model {request.model!r} does not exist; this server has one model: {MODEL_ID!r}.",
                       param="model", code="model_not_found")
    last = request.messages[-1]
    if last.role != "user":
        raise ApiError(400, f"The last message must come from the user (it is a {last.role!r} message).",
                       param="messages", code="invalid_messages")
    history = [
        {"role": m.role, "content": strip_sources(m.text()) if m.role == "assistant" else m.text()}
        for m in request.messages[:-1] if m.role in {"user", "assistant"}
    ]
    return last.text(), history


def strip_sources(content: str) -> str:
    """An earlier reply of ours without its Sources list, so history holds the answer only."""
    head, _, _ = content.partition(f"\n\n{SOURCES_HEADING}\n")
    return head


def chat_content(answer: Answer) -> str:
    """The answer Markdown, then a short Sources list that names every cited passage."""
    parts = [f"Note: {answer.notice}"] if answer.notice else []
    return cited_markdown(parts + [answer.answer], answer.citations)


def cited_markdown(parts: list[str], citations: list[Citation]) -> str:
    """Markdown from the project (made inert where it quotes documents) with its Sources list."""
    blocks = [markdown(part).rstrip() for part in parts]
    if citations:
        lines = [SOURCES_HEADING]
        for citation in citations:
            where = label(f"{citation.title} > {citation.section}" if citation.section else citation.title)
            link = f" ({markdown_link('link', citation.url)})" if citation.url else ""
            lines.append(f"- [{citation.id}] {where}{link}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def markdown(text: str) -> str:
    """`safe_markdown` (HTML inert, only http(s) links), kept readable as plain text where that is
    safe: an ampersand needs its escape only where it would start an entity, `>` without `<` opens no
    tag, and `]:` defines a link only at the start of a block ("- Step 1 [1]: you know python" is text)."""
    safe = safe_markdown(text).replace("&gt;", ">").replace("]&#58;", "]:")  # `<` stays escaped: no tag
    safe = _DEFINITION.sub(lambda m: m.group(0)[:-1] + "&#58;", safe)
    return _BARE_AMPERSAND.sub("&", safe)


def label(text: str) -> str:
    """A document title or section on one line, shown literally: no tag, link, image or emphasis."""
    flat = _ENTITY_START.sub("&amp;", " ".join(_CONTROL.sub(" ", text).split())).replace("<", "&lt;")
    return _LABEL_SPECIALS.sub(r"\\\1", flat).replace("](", "]&#40;")  # inert even where `\]` is not an escape


def extras(answer: Answer) -> dict[str, Any]:
    """The fields a chat client does not know, for clients that want the passages themselves."""
    contract = answer.to_contract()
    return {"citations": contract["citations"], "resources": contract["resources"],
            "answerable": answer.answerable, "intent": answer.intent}


def completion(answer: Answer) -> dict[str, Any]:
    return {
        "id": _completion_id(), "object": "chat.completion", "created": int(time.time()), "model": MODEL_ID,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": chat_content(answer)},
                     "finish_reason": "stop", "logprobs": None}],
        **extras(answer),
    }


def completion_chunks(answer: Answer) -> Iterator[dict[str, Any]]:
    """The stream of one answer: the role, the content line by line, then the extras with `stop`."""
    ident, created = _completion_id(), int(time.time())

    def chunk(delta: dict[str, Any], finish: str | None = None, **more: Any) -> dict[str, Any]:
        return {"id": ident, "object": "chat.completion.chunk", "created": created, "model": MODEL_ID,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}], **more}

    yield chunk({"role": "assistant", "content": ""})
    for line in chat_content(answer).splitlines(keepends=True):
        yield chunk({"content": line})
    yield chunk({}, "stop", **extras(answer))


def models() -> dict[str, Any]:
    return {"object": "list", "data": [{"id": MODEL_ID, "object": "model", "created": MODEL_CREATED,
                                        "owned_by": "career-advisor"}]}


def _completion_id() -> str:
    return f"chatcmpl-{uuid.uuid4().hex}"
