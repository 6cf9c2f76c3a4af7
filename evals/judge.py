"""An optional LLM judge: RAGAS-style faithfulness through any OpenAI-compatible endpoint.

Faithfulness of one answer = supported claims / claims, where an LLM (1) splits the answer into
atomic claims and (2) judges each claim against the passages the answer cites. Off by default: it
runs only with `advisor eval --judge` and a configured endpoint (OPENAI_BASE_URL and/or
OPENAI_API_KEY), never offline or in CI. No evaluation library is used, so there is no telemetry to
disable; LangChain tracing stays off unless the user turns it on.

The prompt builders and output parsers are pure and unit-tested; only `LLMJudge` talks to a model.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Sequence

from rag.errors import AdvisorError
from rag.grounding import MARKER

MAX_CLAIMS = 20
MAX_PASSAGE_CHARS = 1500


class JudgeUnavailableError(AdvisorError):
    def __init__(self, reason: str):
        super().__init__(
            f"The LLM judge needs an OpenAI-compatible endpoint ({reason}). Set OPENAI_API_KEY for "
            "OpenAI, or OPENAI_BASE_URL for a local server (Ollama, vLLM, llama.cpp), or run without --judge."
        )


CLAIMS_SYSTEM = (
    "You split an answer into atomic factual claims. Each claim is one short, self-contained "
    "statement that can be checked on its own; resolve pronouns; drop greetings, headings and "
    "citation markers like [1]. Reply with a JSON array of strings and nothing else."
)
VERDICT_SYSTEM = (
    "You check claims against source passages. A claim is supported only if the passages state it "
    "or it follows directly from them; anything else, including plausible general knowledge, is "
    "not supported. Reply with a JSON array and nothing else: one object per claim, in order, "
    '{"claim": <number>, "supported": true|false, "reason": "<a few words>"}.'
)


def claims_messages(question: str, answer: str) -> list[tuple[str, str]]:
    clean = MARKER.sub("", answer).strip()
    return [("system", CLAIMS_SYSTEM), ("user", f"Question: {question}\n\nAnswer:\n{clean}\n\nClaims (JSON array):")]


def verdict_messages(claims: Sequence[str], passages: Sequence[str]) -> list[tuple[str, str]]:
    context = "\n\n".join(f"[{i}] {p[:MAX_PASSAGE_CHARS]}" for i, p in enumerate(passages, 1)) or "(no passages)"
    listed = "\n".join(f"{i}. {c}" for i, c in enumerate(claims, 1))
    return [("system", VERDICT_SYSTEM), ("user", f"Passages:\n{context}\n\nClaims:\n{listed}\n\nVerdicts (JSON array):")]


def _json_array(text: str):
    """The first JSON array in a model's reply (fenced or bare), or None."""
    fenced = re.search(r"```(?:json)?\s*(.*?)```", text, re.S)
    candidates = [fenced.group(1)] if fenced else []
    start, end = text.find("["), text.rfind("]")
    if start != -1 and end > start:
        candidates.append(text[start:end + 1])
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(value, list):
            return value
    return None


def parse_claims(text: str) -> list[str]:
    """Claims from the model's reply: a JSON array of strings, or else one claim per list line."""
    value = _json_array(text)
    if value is not None:
        claims = [str(v.get("claim", "") if isinstance(v, dict) else v).strip() for v in value]
    else:
        claims = [re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", line).strip() for line in text.splitlines()
                  if re.match(r"^\s*(?:[-*•]|\d+[.)])\s+\S", line)]
    return [c for c in claims if c][:MAX_CLAIMS]


_YES = {"true", "yes", "supported", "1", "y"}
_NO = {"false", "no", "unsupported", "not supported", "0", "n"}


def parse_verdicts(text: str, count: int) -> list[bool]:
    """One verdict per claim, in order; a claim the reply does not judge counts as unsupported."""
    verdicts: dict[int, bool] = {}
    value = _json_array(text)
    if value is not None:
        for position, entry in enumerate(value, 1):
            if isinstance(entry, dict):
                number = entry.get("claim", position)
                raw = entry.get("supported", entry.get("verdict"))
            else:
                number, raw = position, entry
            try:
                number = int(number)
            except (TypeError, ValueError):
                number = position
            word = str(raw).strip().lower()
            if isinstance(raw, bool):
                verdicts[number] = raw
            elif word in _YES or word in _NO:
                verdicts[number] = word in _YES
    else:
        for match in re.finditer(r"(?m)^\s*(\d+)\s*[.):-]\s*(not supported|unsupported|supported|yes|no|true|false)\b",
                                 text, re.I):
            verdicts[int(match.group(1))] = match.group(2).lower() in _YES
    return [verdicts.get(i, False) for i in range(1, count + 1)]


def faithfulness(verdicts: Sequence[bool]) -> float | None:
    return sum(verdicts) / len(verdicts) if verdicts else None


@dataclass
class LLMJudge:
    llm: object  # a LangChain chat model

    @classmethod
    def from_settings(cls, settings) -> "LLMJudge":
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        if not key and not settings.openai_base_url:
            raise JudgeUnavailableError("neither OPENAI_API_KEY nor OPENAI_BASE_URL is set")
        from langchain_openai import ChatOpenAI

        llm = ChatOpenAI(model=settings.openai_model, base_url=settings.openai_base_url, api_key=key or "not-needed",
                         temperature=0, timeout=settings.request_timeout_s, max_retries=settings.max_retries)
        return cls(llm=llm)

    def _ask(self, messages: list[tuple[str, str]]) -> str:
        reply = self.llm.invoke(messages)
        return str(getattr(reply, "content", reply))

    def score(self, question: str, answer: str, passages: Sequence[str]) -> float | None:
        claims = parse_claims(self._ask(claims_messages(question, answer)))
        if not claims:
            return None
        return faithfulness(parse_verdicts(self._ask(verdict_messages(claims, passages)), len(claims)))

    def score_run(self, run) -> float:
        """Mean faithfulness over the answers given (refusals make no claims); stored per question."""
        from rag.grounding import passage_text

        values = []
        for result in run.results:
            if not result.answer.answerable or not result.answer.answer.strip():
                continue
            try:
                value = self.score(result.item.question, result.answer.answer,
                                   [passage_text(c) for c in result.answer.citations])
            except Exception as exc:  # a judge failure is reported, never fatal to the eval
                result.problems.append(f"judge failed: {exc.__class__.__name__}: {exc}")
                continue
            result.extra["judge_faithfulness"] = value
            if value is not None:
                values.append(value)
        return round(sum(values) / len(values), 4) if values else 0.0
