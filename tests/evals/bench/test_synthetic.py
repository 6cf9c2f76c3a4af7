"""The scale bench swaps the real embedder for SyntheticEmbedder; a method the answerer calls that the
stand-in lacks crashes every scale answer (it once showed up as an answer "timed out")."""
from __future__ import annotations

import inspect

import pytest

from evals.bench.scale import timed_answer
from evals.bench.synthetic import SyntheticEmbedder
from rag.embeddings import Embedder


def public_methods(cls) -> set[str]:
    return {name for name, member in inspect.getmembers(cls, inspect.isfunction) if not name.startswith("_")}


def test_the_stand_in_has_every_embedding_method_the_real_embedder_has():
    wanted = {name for name in public_methods(Embedder) if name.startswith(("embed", "aembed"))}
    assert wanted <= public_methods(SyntheticEmbedder)


def test_an_answer_that_fails_is_raised_not_reported_as_slow():
    class Broken:
        def answer(self, question):
            raise AttributeError("no such method")

    with pytest.raises(AttributeError):
        timed_answer(Broken(), "what next?", 5.0)
