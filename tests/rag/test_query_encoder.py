"""The numpy query encoder gives the vectors the ingest encoder (sentence-transformers) gives."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from rag.embeddings import Embedder, resolve_model_dir
from rag.query_encoder import NumpyBertEncoder
from rag.settings import BUNDLED_MODEL, get_settings

TEXTS = [
    "What should I learn after PyTorch?",
    "x",
    "学完 PyTorch 之后我应该学什么？ ماذا بعد",
    "Generative AI (Gen AI) Engineer Roadmap 2025/26 > Step 7: Natural Language Processing (NLP) > Resources\n"
    + "- Hugging Face course, spaCy, NLTK and transformers " * 40,  # longer than 256 word pieces: truncated alike
]


def test_numpy_query_vectors_equal_the_ingest_vectors():
    embedder = Embedder(get_settings())
    encoder = NumpyBertEncoder(resolve_model_dir(BUNDLED_MODEL))
    full = np.asarray(embedder.embed_documents(TEXTS))
    for text, reference in zip(TEXTS, full):
        light = encoder.encode(text)
        assert float(light @ reference) / float(np.linalg.norm(light) * np.linalg.norm(reference)) >= 0.9999
    assert embedder.query_encoder is not None
    assert np.allclose(embedder.embed_query(TEXTS[0]), encoder.encode(TEXTS[0]))


def test_answering_a_question_never_imports_torch(corpus_index):
    script = (
        "import sys; from rag.advisor import Advisor; from rag.settings import get_settings; "
        f"a = Advisor(get_settings(db_dir={str(corpus_index)!r})).answer('What should I learn after PyTorch?'); "
        "assert a.citations; print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
