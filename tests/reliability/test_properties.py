"""Property-based tests (hypothesis) over the question path, the loaders and the structure parser.

Example counts are modest so the suite stays fast; the strategies mix arbitrary text with the
shapes the code branches on (headings, bullets, links, stage names, control characters).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ingest.chunking import chunk_document
from ingest.loaders import UnreadableSource, load_file
from ingest.structure import parse_document
from rag.advisor import clean_question
from rag.errors import InvalidQuestionError
from tests.reliability.conftest import assert_safe_answer

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FAST = settings(max_examples=200, deadline=None)
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])

WORDS = ["python", "pytorch", "sql", "statistics", "nlp", "llms", "rag", "langchain", "mlops", "docker",
         "computer", "vision", "deep", "learning", "transformers", "after", "next", "compare", "vs",
         "resources", "for", "what", "should", "i", "learn", "step", "q3", "2026", "option", "b", "and",
         "the", "roadmap", "gen", "ai", "it", "that", "any", "courses", "?", "!", "&", "[1]", "**", "#"]
any_text = st.text(max_size=300)
wordy = st.lists(st.sampled_from(WORDS), min_size=0, max_size=14).map(" ".join)
tricky = st.sampled_from(["\x00", "\x1b[2J", "\u202e", "\u200b", "<script>", "](javascript:x)", "[2]",
                          "\ud800", "\n", "\t", "   ", "学习", "تعلم", "🚀"])
question_text = st.one_of(any_text, wordy, st.tuples(wordy, tricky, wordy).map("".join))


@FAST
@given(st.one_of(question_text, st.text(min_size=1990, max_size=2100)))
def test_clean_question_returns_clean_text_or_refuses(text):
    try:
        cleaned = clean_question(text, 2000)
    except InvalidQuestionError as exc:
        assert "empty" in str(exc) or "limit" in str(exc)
        return
    assert cleaned and cleaned == cleaned.strip() and len(cleaned) <= 2000
    assert not CONTROL.search(cleaned) and "  " not in cleaned


@SLOW
@given(question=question_text, follow_up=st.booleans())
def test_answer_on_arbitrary_text_is_safe_or_refused(advisor, known_urls, question, follow_up):
    history = [{"role": "user", "content": "What should I learn after PyTorch?"},
               {"role": "assistant", "content": "**Step 7: NLP** [1]"}] if follow_up else []
    try:
        answer = advisor.answer(question, history)
    except InvalidQuestionError:
        return
    assert_safe_answer(answer, known_urls)
    assert answer.intent in {"next_step", "resources", "compare", "fact", "out_of_scope"}
    assert answer.answerable or not answer.citations or answer.intent == "out_of_scope"


# -- loaders and structure -----------------------------------------------------------------------
heading = st.builds(lambda level, words: "#" * level + " " + words, st.integers(1, 7), wordy)
stage_heading = st.builds(lambda level, n, words: "#" * level + f" Step {n}: " + words,
                          st.integers(1, 4), st.integers(0, 99), wordy)
bullet = st.builds(lambda depth, words: "  " * depth + "- " + words, st.integers(0, 12), wordy)
link = st.builds(lambda anchor, path: f"- [{anchor}](https://example.org/{path})", wordy,
                 st.text("abc/-_.", max_size=20))
plain_line = st.one_of(wordy, any_text.map(lambda t: t.replace("\n", " ")))
markdown_line = st.one_of(heading, stage_heading, bullet, link, plain_line, st.just(""), st.just("---"))
documents = st.lists(markdown_line, max_size=60).map("\n".join)


@pytest.fixture(scope="module")
def token_counter():
    from rag.embeddings import TokenCounter
    from rag.settings import BUNDLED_MODEL

    return TokenCounter(BUNDLED_MODEL)


@SLOW
@given(text=st.one_of(documents, any_text), markdown=st.booleans(), budget=st.sampled_from([48, 200]))
def test_any_text_parses_and_chunks_without_crashing(token_counter, text, markdown, budget):
    parsed = parse_document(text, doc_id="doc", source="doc.md", markdown=markdown, fallback_title="Fallback")
    assert parsed.structure.title
    assert [s.index for s in parsed.structure.stages] == list(range(len(parsed.structure.stages)))
    chunks = chunk_document(parsed, max_tokens=budget, count=token_counter.count, source_hash="h")
    assert len({c.id for c in chunks}) == len(chunks)
    for chunk in chunks:  # long words are split and long heading paths shortened: no exception
        assert token_counter.count(chunk.text) <= budget, chunk.text[:300]


ordinary_line = st.one_of(heading, stage_heading, bullet, link, wordy, st.just(""), st.just("---"))
ordinary_documents = st.lists(ordinary_line, max_size=60).map("\n".join)


@SLOW
@given(text=ordinary_documents, markdown=st.booleans(), budget=st.sampled_from([48, 200]))
def test_chunks_are_always_within_the_token_budget(token_counter, text, markdown, budget):
    parsed = parse_document(text, doc_id="doc", source="doc.md", markdown=markdown, fallback_title="Fallback")
    assume(all(token_counter.count(f"{parsed.structure.title} > {s.name}") < budget // 2 for s in parsed.sections))
    for chunk in chunk_document(parsed, max_tokens=budget, count=token_counter.count, source_hash="h"):
        assert token_counter.count(chunk.text) <= budget, chunk.text[:300]


@SLOW
@given(data=st.one_of(st.binary(max_size=2000), documents.map(lambda t: t.encode("utf-8")),
                      any_text.map(lambda t: t.encode("utf-16")), any_text.map(lambda t: t.encode("cp1252", "ignore")),
                      st.binary(max_size=600).map(lambda b: b"%PDF-1.7\n" + b),
                      st.binary(max_size=600).map(lambda b: b"<html><body><h1>T</h1><ul><li>" + b)),
       suffix=st.sampled_from([".md", ".txt", ".html", ".pdf", ""]))
def test_loaders_return_text_or_a_reason_for_any_bytes(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"roadmap{suffix}"
        path.write_bytes(data)
        try:
            loaded = load_file(path)
        except UnreadableSource as exc:
            assert exc.reason
            return
        assert loaded.text.strip() and "\x00" not in loaded.text
        parse_document(loaded.text, doc_id="d", source="s", markdown=loaded.markdown, fallback_title="F")
