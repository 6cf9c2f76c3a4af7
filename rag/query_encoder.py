"""Query embeddings without torch or sentence-transformers: the same BERT weights, run in numpy.

Answering a question embeds one short query (10-40 word pieces). Importing sentence-transformers
for that costs 7-15 s per fresh process here (it pulls in transformers, scikit-learn, scipy.stats,
torch.distributed...), several times the answer itself. A BERT encoder is a few matrix products:
this module runs the model's own safetensors weights with its own tokenizer.json in float32 numpy,
mean-pools and normalises exactly as the sentence-transformers pipeline of all-MiniLM-L6-v2 does.
tests/rag/test_query_encoder.py proves the vectors equal the ingest vectors (cosine >= 0.9999).
Models it does not understand (another architecture, other pooling) fall back to sentence-transformers.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np

_DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "I64": np.int64, "I32": np.int32}


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a safetensors file as read-only views over a memory map. Nothing is copied:
    a query touches a few rows of the 47 MB word-embedding table, so loading costs milliseconds
    (reading and converting the whole file took 0.15 s of every cold ask)."""
    with path.open("rb") as handle:
        (size,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(size))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + size)
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        array = data[begin:end].view(_DTYPES[info["dtype"]]).reshape(info["shape"])
        tensors[name] = array if array.dtype == np.float32 or array.dtype.kind != "f" else array.astype(np.float32)
    return tensors


def _stored_dtypes(path: Path) -> set[str]:
    try:
        with path.open("rb") as handle:
            (size,) = struct.unpack("<Q", handle.read(8))
            return {v["dtype"] for k, v in json.loads(handle.read(size)).items() if k != "__metadata__"}
    except (OSError, ValueError, TypeError, AttributeError, struct.error):
        return {"unreadable"}  # not ours to judge: the full model path verifies and reports it


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7), vectorised; numpy has no erf."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / np.float32(np.sqrt(2.0))))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


class NumpyBertEncoder:
    """A sentence-transformers BERT model (mean pooling, normalised) for one text at a time."""

    @staticmethod
    def supports(model_dir: Path) -> bool:
        try:
            config = json.loads((model_dir / "config.json").read_text())
            modules = json.loads((model_dir / "modules.json").read_text())
            pooling = json.loads((model_dir / "1_Pooling" / "config.json").read_text())
        except (OSError, ValueError):
            return False
        kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
        return (
            config.get("model_type") == "bert" and config.get("hidden_act") == "gelu"
            and config.get("position_embedding_type", "absolute") == "absolute"
            and kinds[:2] == ["Transformer", "Pooling"] and set(kinds[2:]) <= {"Normalize"}
            and pooling.get("pooling_mode_mean_tokens") and not any(
                pooling.get(k) for k in ("pooling_mode_cls_token", "pooling_mode_max_tokens",
                                         "pooling_mode_mean_sqrt_len_tokens", "pooling_mode_lasttoken"))
            and (model_dir / "model.safetensors").is_file() and (model_dir / "tokenizer.json").is_file()
            and _stored_dtypes(model_dir / "model.safetensors") <= set(_DTYPES)
        )

    def __init__(self, model_dir: Path):
        from tokenizers import Tokenizer

        config = json.loads((model_dir / "config.json").read_text())
        st_config = model_dir / "sentence_bert_config.json"
        max_length = json.loads(st_config.read_text()).get("max_seq_length", 512) if st_config.is_file() else 512
        modules = json.loads((model_dir / "modules.json").read_text())
        self.normalize = any(m.get("type", "").endswith("Normalize") for m in modules)
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(int(max_length))
        from threadpoolctl import ThreadpoolController

        # One BLAS thread: these matrices are tiny, and on a busy 2-core machine a second OpenBLAS
        # thread turned a 30 ms query into 640 ms at p95 (measured; the brief says the same of torch).
        self._blas = ThreadpoolController()
        self.w = {k.removeprefix("bert."): v for k, v in read_safetensors(model_dir / "model.safetensors").items()}
        self.layers = int(config["num_hidden_layers"])

    def encode(self, text: str) -> np.ndarray:
        with self._blas.limit(limits=1, user_api="blas"):
            return self._encode(text)

    def _encode(self, text: str) -> np.ndarray:
        w, heads = self.w, self.heads
        encoding = self.tokenizer.encode(text)
        ids, types = np.asarray(encoding.ids), np.asarray(encoding.type_ids)
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][: len(ids)]
             + w["embeddings.token_type_embeddings.weight"][types])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        tokens, hidden = x.shape
        size = hidden // heads
        for n in range(self.layers):
            p = f"encoder.layer.{n}."

            def dense(v: np.ndarray, name: str) -> np.ndarray:
                return v @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            q = dense(x, "attention.self.query").reshape(tokens, heads, size).transpose(1, 0, 2)
            k = dense(x, "attention.self.key").reshape(tokens, heads, size).transpose(1, 0, 2)
            v = dense(x, "attention.self.value").reshape(tokens, heads, size).transpose(1, 0, 2)
            scores = q @ k.transpose(0, 2, 1) / np.float32(np.sqrt(size))
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            context = (scores / scores.sum(-1, keepdims=True)) @ v
            context = context.transpose(1, 0, 2).reshape(tokens, hidden)
            x = _layer_norm(x + dense(context, "attention.output.dense"),
                            w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], self.eps)
            inner = _gelu(dense(x, "intermediate.dense"))
            x = _layer_norm(x + dense(inner, "output.dense"),
                            w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps)
        pooled = x.mean(0)
        return pooled / max(float(np.linalg.norm(pooled)), 1e-12) if self.normalize else pooled
