"""The embedding weights are verified before use, on the query path as on the ingest path; a verified
file is not hashed again until it changes."""

from __future__ import annotations

import shutil

import pytest

from rag.embeddings import Embedder, resolve_model_dir, verify_weights
from rag.errors import EmbeddingModelError
from rag.settings import BUNDLED_MODEL, BUNDLED_MODEL_SHA256, get_settings


@pytest.fixture
def model_copy(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(resolve_model_dir(BUNDLED_MODEL), copy)
    return copy


def tamper(model_dir) -> None:
    weights = model_dir / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-100] ^= 0xFF  # one byte of the last tensor: the file still parses
    weights.write_bytes(bytes(data))


def test_tampered_weights_are_refused_on_the_query_path(model_copy, tmp_path):
    tamper(model_copy)
    settings = get_settings(embedding_model=str(model_copy), embedding_sha256=BUNDLED_MODEL_SHA256,
                            state_dir=tmp_path / "state")
    with pytest.raises(EmbeddingModelError, match="do not match the expected sha256"):
        Embedder(settings).embed_query("What should I learn after PyTorch?")


def test_a_verified_file_is_hashed_again_once_it_changes(model_copy, tmp_path):
    stamps = tmp_path / "state"
    verify_weights(model_copy, BUNDLED_MODEL_SHA256, stamps)
    assert len(list((stamps / "verified-weights").iterdir())) == 1
    verify_weights(model_copy, BUNDLED_MODEL_SHA256, stamps)  # stamped: passes without hashing

    tamper(model_copy)  # same size, new mtime: the stamp no longer matches
    with pytest.raises(EmbeddingModelError):
        verify_weights(model_copy, BUNDLED_MODEL_SHA256, stamps)


def test_a_stamp_never_vouches_for_another_expected_hash(model_copy, tmp_path):
    stamps = tmp_path / "state"
    verify_weights(model_copy, BUNDLED_MODEL_SHA256, stamps)
    with pytest.raises(EmbeddingModelError):
        verify_weights(model_copy, "0" * 64, stamps)
