"""`advisor mcp`: the MCP server over stdio, driven by the official `mcp` client (ClientSession over
stdio_client), the way an agent or an IDE assistant starts it."""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path

import pytest

from app.openai_api import chat_content

ROOT = Path(__file__).resolve().parents[2]
FIRST = "What should I learn after PyTorch?"
FOLLOW_UP = "Any resources for that?"
TYPO = "Any resources for taht?"  # read as FOLLOW_UP, echoed as typed
PLAN = {"goal": "generative AI engineer", "known": ["python", "sql", "git"], "hours_per_week": 10, "weeks": 12}


async def _session_calls(db: Path, calls: list[tuple[str, dict]]):
    from mcp import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    params = StdioServerParameters(command=sys.executable, args=["-m", "app.cli", "mcp", "--db", str(db)], cwd=str(ROOT),
                                   env={"PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
                                        "ANONYMIZED_TELEMETRY": "False"})
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            tools = await session.list_tools()
            results = [await session.call_tool(name, arguments) for name, arguments in calls]
    return tools, results


@pytest.fixture(scope="module")
def session_results(corpus_index):
    calls = [
        ("ask", {"question": FOLLOW_UP, "history": [{"role": "user", "content": FIRST}]}),
        ("search", {"query": "fine-tuning large language models", "k": 4}),
        ("roadmap", {"name": "gen ai engineer"}),
        ("roadmap", {}),
        ("roadmap", {"name": "pastry chef"}),
        ("ask", {"question": "   "}),
        ("plan", PLAN),
        ("plan", {"goal": "marine biologist"}),
        ("ask", {"question": TYPO, "history": [{"role": "user", "content": FIRST}]}),
    ]
    return asyncio.run(asyncio.wait_for(_session_calls(corpus_index, calls), 180))


@pytest.mark.server
def test_the_server_lists_its_tools_with_their_parameters(session_results):
    tools, _ = session_results
    by_name = {t.name: t for t in tools.tools}
    assert set(by_name) == {"ask", "search", "roadmap", "plan"}
    assert set(by_name["ask"].input_schema["properties"]) == {"question", "history"}
    assert by_name["ask"].input_schema["required"] == ["question"]


@pytest.mark.server
def test_ask_answers_in_the_conversation_with_markers_and_sources(session_results, advisor):
    _, (asked, *_) = session_results
    expected = advisor.answer(FOLLOW_UP, [{"role": "user", "content": FIRST}])
    assert not asked.is_error and expected.intent == "resources"
    text = asked.content[0].text
    assert text == chat_content(expected)  # the history reached the advisor
    assert "[1]" in text and "**Sources**" in text
    contract = asked.structured_content
    assert [c["chunk_id"] for c in contract["citations"]] == [c.chunk_id for c in expected.citations]
    assert {int(n) for n in re.findall(r"\[(\d+)\]", text)} <= {c["id"] for c in contract["citations"]}


@pytest.mark.server
def test_search_returns_numbered_passages_with_their_sources(session_results, advisor):
    _, (_, searched, *_) = session_results
    passages = advisor.search("fine-tuning large language models", 4)
    text = searched.content[0].text
    assert [p["chunk_id"] for p in searched.structured_content["passages"]] == [p.chunk_id for p in passages]
    for number, passage in enumerate(passages, 1):
        assert f"[{number}] {passage.title} > {passage.section}" in text
        assert f"- [{number}] {passage.source}" in text


@pytest.mark.server
def test_roadmap_lists_the_named_roadmaps_stages_in_order(session_results, advisor):
    _, (_, _, named, every, *_) = session_results
    genai = next(r for r in advisor.roadmaps() if "Gen AI" in r.title)
    text = named.content[0].text
    assert [r["doc_id"] for r in named.structured_content["roadmaps"]] == [genai.doc_id]
    positions = [text.index(f"{s.index + 1}. {s.title}") for s in genai.stages]
    assert positions == sorted(positions) and len(positions) >= 11
    assert f"- [1] {genai.source}" in text
    assert len(every.structured_content["roadmaps"]) == 2


@pytest.mark.server
def test_bad_input_is_a_tool_error_that_says_what_to_do(session_results):
    _, (*_, unknown, empty, _, no_roadmap, _) = session_results
    assert unknown.is_error and "The index has:" in unknown.content[0].text
    assert empty.is_error and "The question is empty" in empty.content[0].text
    assert no_roadmap.is_error and "marine biologist" in no_roadmap.content[0].text


@pytest.mark.server
def test_plan_makes_the_cited_plan_of_advisor_plan(session_results, corpus_index):
    from rag.plan import PlanLibrary, PlanRequest, build_plan
    from rag.settings import get_settings
    from rag.store import IndexStore

    _, results = session_results
    planned = results[-3]
    expected = build_plan(PlanRequest(**PLAN), PlanLibrary.from_store(IndexStore(get_settings(db_dir=corpus_index)).open_for_read()))
    assert not planned.is_error and planned.structured_content == expected.to_contract()
    text = planned.content[0].text
    assert "Step 4: Mathematics for Generative AI" in text and "**Sources**" in text
    assert {int(n) for n in re.findall(r"\[(\d+)\]", text)} <= {c.id for c in expected.citations}


@pytest.mark.server
def test_ask_echoes_the_question_as_typed_when_it_reads_a_misspelt_word_back(session_results, advisor):
    _, results = session_results
    typo = results[-1]
    expected = advisor.answer(FOLLOW_UP, [{"role": "user", "content": FIRST}])
    assert not typo.is_error and typo.structured_content["question"] == TYPO
    assert typo.structured_content["intent"] == "resources"
    assert typo.content[0].text == chat_content(expected)  # answered as the respelt question


def test_search_passages_as_data_carry_a_documents_bracketed_number_as_written():
    """The structured passage is data, not Markdown: its "[1]" is the document's, unescaped; the
    Markdown search text keeps it escaped so a client never reads it as result [1]."""
    from app.mcp_server import _passage, search_text
    from rag.models import Passage

    passage = Passage(chunk_id="c", source="r.md", title="Roadmap", section="Papers",
                      text=r"Attention is all you need \[1\].", score=0.5)
    assert _passage(1, passage)["text"] == "Attention is all you need [1]."
    assert r"\[1\]" in search_text("attention", [passage])
