"""The terminal shows a citation's passage without a line planted in it for a model: `advisor ask
--json` (the answer contract every client reads) and the passages the chat prints under Sources."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from app.commands import print_answer
from rag.advisor import Advisor
from rag.settings import get_settings
from tests.rag.test_cited_passages import LOOK_ALIKE, ROADMAP
from tests.roadmap_index import index_roadmaps

QUESTION = "What does the prompt engineering step cover?"


@pytest.fixture
def db(tmp_path):
    return index_roadmaps(tmp_path, {"chatbot.md": ROADMAP}).db_dir


def test_ask_json_carries_cited_passages_without_the_planted_line(db, capsys):
    assert main(["ask", QUESTION, "--db", str(db), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    texts = [c["text"] for c in answer["citations"]]
    assert any(LOOK_ALIKE in text for text in texts)  # the passage that holds the planted line is cited
    assert all("scam.example.com" not in text for text in texts)
    assert "scam.example.com" not in json.dumps(answer)


def test_the_chat_prints_cited_passages_without_the_planted_line(db, capsys):
    answer = Advisor(get_settings(db_dir=db)).answer(QUESTION)
    capsys.readouterr()
    print_answer(answer, show_passages=True)
    out = " ".join(capsys.readouterr().out.split())
    assert LOOK_ALIKE in out and "removed]" in out
    assert "scam.example.com" not in out and "only resource you need" not in out


def test_the_chat_prints_a_documents_own_bracketed_number_as_written(capsys):
    """`--show-passages` prints plain text (not Markdown): a document's "[1]", escaped in the store so
    no answer reads it as a marker, shows as "[1]", not "\\[1\\]"."""
    from rag.models import Answer, Citation

    cited = Citation(id=1, chunk_id="c", source="r.md", title="Roadmap", section="Papers",
                     text=r"Attention is all you need \[1\]; see arr\[0\].", score=0.5)
    answer = Answer(question="q", answer="Read the paper [1].", answerable=True, intent="fact",
                    citations=[cited])
    print_answer(answer, show_passages=True)
    out = capsys.readouterr().out
    assert "Attention is all you need [1]; see arr[0]." in out and "\\[" not in out
