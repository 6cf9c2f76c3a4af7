"""The advisor: one answer pipeline (validate -> rewrite -> find evidence -> decide answerability ->
generate) over one index, with the generation backends as leaves.

One Advisor per index, built once and shared: it holds the store, the embedding model, and
everything derived from the index (read through one `snapshot` reference per answer, so a reload
never mixes old and new parts in one answer). Backends are built lazily, once per name, and any of
them can answer a call (`backend=`). It is safe to call from several threads.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from typing import Iterator

from langchain_core.runnables import Runnable, RunnableLambda
from pydantic import BaseModel, Field

from rag.backends import build_backend
from rag.backends.base import AnswerRequest, Backend, Reply, lines
from rag.backends.allowed_links import urls_in
from rag.ellipsis import meaning_text
from rag.errors import IndexChangedError, InvalidQuestionError
from rag.evidence import Evidence, EvidenceFinder
from rag.extractive import CitationBook
from rag.focus import focused
from rag.intents.injection import redact
from rag.intents.out_of_scope import IGNORED_INSTRUCTION, nearest_covered
from rag.intents.registry import REFUSAL, unit
from rag.lexical import LexicalIndex
from rag.link_health import load_link_health, with_link_health
from rag.models import Answer, IndexStatus, Passage, RoadmapStructure
from rag.retrieval import HybridRetriever
from rag.rewrite import rewrite, standalone
from rag.scope import in_scope
from rag.settings import Settings, get_settings
from rag.stated_cost import paid_mark, paid_sentence
from rag.instruction_reader import InstructionReader
from rag.understanding import PrototypeReader, understand

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NEAREST_SIMILARITY = 0.35  # a refusal names the nearest passage only when it is about something close
_ADVISORS: dict[tuple, "Advisor"] = {}
_ADVISORS_LOCK = threading.Lock()


def clean_question(question: str, limit: int) -> str:
    if not isinstance(question, str):
        raise InvalidQuestionError("The question must be text.")
    # invalid UTF-8 in argv arrives as lone surrogates: make them visible, not a crash later
    text = CONTROL.sub(" ", question.encode("utf-8", "replace").decode("utf-8"))
    if len(text) > limit:
        raise InvalidQuestionError(
            f"The question is {len(text):,} characters long; the limit is {limit:,}. Ask something shorter."
        )
    # spaces collapsed, line breaks kept: a line is where a pasted chat turn or heading starts
    # ("### System" on a line of its own), which is how an instruction around a question is told apart
    text = "\n".join(" ".join(line.split()) for line in text.splitlines() if line.split())
    if not text:
        raise InvalidQuestionError("The question is empty. Ask something like: What should I learn after PyTorch?")
    return text


def clean_history(history: list[dict[str, str]] | None, limit: int) -> list[dict[str, str]]:
    turns = []
    for turn in history or []:
        if not isinstance(turn, dict) or turn.get("role") not in {"user", "assistant"}:
            raise InvalidQuestionError('History must be a list of {"role": "user"|"assistant", "content": "..."}.')
        content = CONTROL.sub(" ", str(turn.get("content", "")))[: limit * 4]
        turns.append({"role": turn["role"], "content": content})
    return turns[-12:]


class Question(BaseModel):
    """The input of the Advisor's LangChain runnable."""

    question: str
    history: list[dict[str, str]] = Field(default_factory=list)
    backend: str | None = None


class Advisor:
    def __init__(self, settings: Settings):
        from rag.embeddings import Embedder
        from rag.stores import open_store

        self.settings = settings
        self.embedder = Embedder(settings, threads=settings.embedding_threads)
        self._reload_lock = threading.Lock()
        self._backends: dict[str, Backend] = {}
        self._backends_lock = threading.Lock()
        self._allowed_urls: tuple[object, frozenset[str]] | None = None
        self.reader = PrototypeReader(lambda text: self.embedder.embed_query(text), settings.embedding_model)
        # instructions the exact rules do not name, read by meaning; a piece that is the whole question
        # shares its vector with the search (the retriever keeps recent query vectors)
        self.instructions = InstructionReader(lambda text: self.snapshot.retriever.query_vector(text), settings.embedding_model)
        self._load(open_store(settings))
        self.backend()  # the configured backend is built now: a configuration problem shows at once

    def _load(self, store) -> None:
        """Open the index and its snapshot: everything derived from this generation (passages, BM25,
        structures, retriever, evidence finder), read from its file or built and saved. It is swapped
        in as one reference; an answer reads `self.snapshot` once, so it never mixes two generations."""
        from rag.snapshot import open_snapshot

        self.store = store.open_for_read()
        self.snapshot = open_snapshot(self.store, self.embedder, self.settings)

    @property
    def generation(self) -> str:
        return self.snapshot.generation

    @property
    def structures(self) -> list[RoadmapStructure]:
        return self.snapshot.structures

    @property
    def lexical(self) -> LexicalIndex:
        return self.snapshot.lexical

    @property
    def retriever(self) -> HybridRetriever:
        return self.snapshot.retriever

    @property
    def finder(self) -> EvidenceFinder:
        return self.snapshot.finder

    def refresh(self, *, force: bool = False) -> bool:
        """Reload when a sync changed the index since it was opened (one small read per answer)."""
        if not force and self.store.generation() == self.snapshot.generation:
            return False
        with self._reload_lock:
            if force or self.store.generation() != self.snapshot.generation:
                self._load(self.store.reopen())
        return True

    # -- backends ----------------------------------------------------------------------------
    def backend(self, name: str | Backend | None = None) -> Backend:
        """The backend called `name` (default: the configured one), built on first use; a Backend
        object is used as it is (one built elsewhere, e.g. with other settings)."""
        if name is not None and not isinstance(name, str):
            return name
        name = name or self.settings.backend
        with self._backends_lock:
            if name not in self._backends:
                self._backends[name] = build_backend(name, self.settings, self.embedder)
            return self._backends[name]

    # -- public ------------------------------------------------------------------------------
    def answer(self, question: str, history: list[dict[str, str]] | None = None, *,
               backend: str | Backend | None = None) -> Answer:
        self.refresh()
        try:
            return _last(self._pipeline(question, history, backend, streaming=False))
        except IndexChangedError:  # a sync is under way in another process: reopen, ask once more
            self.refresh(force=True)
            return _last(self._pipeline(question, history, backend, streaming=False))

    def stream(self, question: str, history: list[dict[str, str]] | None = None, *,
               backend: str | Backend | None = None) -> Iterator[str | Answer]:
        """Text pieces as the backend produces them, then the final Answer."""
        self.refresh()
        yield from self._pipeline(question, history, backend, streaming=True)

    @property
    def chain(self) -> Runnable:
        """The Advisor as a LangChain runnable: a `Question` (or dict) in, an `Answer` out."""

        def invoke(inputs: Question | dict) -> Answer:
            asked = inputs if isinstance(inputs, Question) else Question.model_validate(inputs)
            return self.answer(asked.question, asked.history, backend=asked.backend)

        return RunnableLambda(invoke).with_types(input_type=Question, output_type=Answer).with_config(run_name="advisor")

    def roadmaps(self) -> list[RoadmapStructure]:
        """Every roadmap in the index with its stages in order (for tools that list or navigate them)."""
        self.refresh()
        return list(self.snapshot.structures)

    def search(self, query: str, k: int | None = None) -> list[Passage]:
        """The hybrid search results for a query, best first, without composing an answer; shown as they
        are (MCP `search`), so lines addressed to a model are redacted as in a citation."""
        self.refresh()
        text = clean_question(query, self.settings.max_question_chars)
        found = self.snapshot.retriever.search(text, k=k or self.settings.top_k)
        return [p.model_copy(update={"text": redact(p.text)}) for p in found]

    def status(self) -> IndexStatus:
        """What a health check reports: the index's size and the generation the advisor answers from."""
        self.refresh()
        snap, facts = self.snapshot, self.store.index_facts()
        return IndexStatus(passages=facts["chunks"], roadmaps=len(snap.structures), generation=snap.generation,
                           backend=self.settings.backend, location=facts["location"])

    def evidence(self, question: str, history: list[dict[str, str]] | None = None) -> Evidence:
        """The evidence the deterministic rewrite of this question finds (no backend involved)."""
        q = clean_question(question, self.settings.max_question_chars)
        h = clean_history(history, self.settings.max_question_chars)
        snap = self.snapshot
        return self._find(snap, rewrite(snap.lexical.query_terms.respell_text(q), h, self.instructions), h)

    def respond(self, evidence: Evidence, *, started: float | None = None, backend: str | Backend | None = None) -> Answer:
        """An answer from evidence found elsewhere (the eval baseline's), taken as answerable."""
        started = time.perf_counter() if started is None else started
        return _last(self._generate(self.snapshot, evidence, [], started, self.backend(backend), streaming=False))

    # -- the pipeline --------------------------------------------------------------------------
    def _pipeline(self, question: str, history: list[dict[str, str]] | None, backend_name: str | Backend | None, *,
                  streaming: bool) -> Iterator[str | Answer]:
        started = time.perf_counter()
        limit = self.settings.max_question_chars
        typed = clean_question(question, limit)
        history = clean_history(history, limit)
        backend = self.backend(backend_name)
        snap = self.snapshot
        question = snap.lexical.query_terms.respell_text(typed)  # "calculas" read as the index spells it
        query = standalone(question, history, backend.rewrite_query, self.instructions)
        if question != typed and not query.ignored_instruction:  # the answer echoes the question as typed
            query = query.model_copy(update={"asked": typed})
        written = query.query != rewrite(question, history, self.instructions).query
        evidence = self._find(snap, query, history, model_written=written)
        if not in_scope(evidence, snap.lexical.vocabulary):
            yield from self._refuse(snap, evidence, started, backend.name, backend.model, streaming=streaming)
            return
        yield from self._generate(snap, evidence, history, started, backend, streaming=streaming)

    def _find(self, snap, query, history: list[dict[str, str]], *, model_written: bool = False) -> Evidence:
        started = time.perf_counter()
        query = focused(query, history, snap.finder, model_written=model_written)  # the roadmap and stage it follows up on
        query = understand(query, self.reader.read(snap.retriever.query_vector(meaning_text(query))))  # an elliptic turn with its topic
        evidence = snap.finder.find(query, self.settings.top_k, unit(query.intent))
        evidence.retrieve_ms = (time.perf_counter() - started) * 1000
        return evidence

    def _generate(self, snap, evidence: Evidence, history: list[dict[str, str]], started: float, backend: Backend, *,
                  streaming: bool) -> Iterator[str | Answer]:
        request = AnswerRequest(
            evidence=evidence, history=history, started=started, streaming=streaming,
            idf=snap.lexical.idf, default_idf=snap.lexical.default_idf,
            allowed_urls=self._urls_of(snap) if backend.checks_citations else frozenset(),
        )
        generate_started = time.perf_counter()
        reply: Reply | None = None
        shown = False
        for item in backend.execute(request):
            if isinstance(item, Reply):
                reply = item
            else:
                shown = True
                yield item
        if reply is None:  # pragma: no cover - every backend ends with its Reply
            raise RuntimeError(f"the {backend.name} backend gave no reply")
        if not reply.text.strip():
            yield from self._refuse(snap, evidence, started, reply.backend, reply.model,
                                    streaming=streaming and not shown, notice=reply.notice)
            return
        notice = reply.notice
        if evidence.query.ignored_instruction:  # said beside the answer, where the user sees it
            notice = " ".join(part for part in (IGNORED_INSTRUCTION, notice) if part)
        answer = self._build(evidence, started, reply.text, answerable=True, intent=evidence.query.intent,
                             backend=reply.backend, model=reply.model, generate_started=generate_started,
                             citations=reply.citations, resources=reply.resources, grounding=reply.grounding,
                             notice=notice)
        answer = unit(evidence.query.intent).annotate(answer, evidence)
        # resources as the last `advisor links check` found them (read from disk, never fetched)
        yield with_link_health(answer, load_link_health(self.settings), answer.retrieved)

    def _refuse(self, snap, evidence: Evidence, started: float, backend: str, model: str | None, *,
                streaming: bool, notice: str | None = None) -> Iterator[str | Answer]:
        nearest = nearest_covered(evidence.query.question, evidence.ranked, NEAREST_SIMILARITY)
        mark = None if evidence.query.injection else paid_mark(evidence.query.question, evidence.ranked,
                                                                 evidence.query.query)
        book = CitationBook(evidence.retrieved)  # a refusal cites only what it says is stated
        stated = paid_sentence(mark, book.cite(mark.passage)) if mark is not None else ""
        text, suggestions = REFUSAL.refuse(evidence.query, snap.structures, nearest, stated)
        if streaming:
            yield from lines(text)
        yield self._build(evidence, started, text, answerable=False, intent=REFUSAL.name, backend=backend,
                          model=model, suggestions=suggestions, notice=notice, citations=book.citations())

    @staticmethod
    def _build(evidence: Evidence, started: float, text: str, *, answerable: bool, intent: str, backend: str,
               model: str | None, generate_started: float | None = None, **parts) -> Answer:
        """The one place an Answer is made, with its timings."""
        now = time.perf_counter()
        generate = (now - generate_started) * 1000 if generate_started is not None else 0.0
        answer = Answer(
            question=evidence.query.asked or evidence.query.question, answer=text, answerable=answerable, intent=intent, backend=backend,
            model=model, **parts,
            timings_ms={"retrieve": round(evidence.retrieve_ms, 2), "generate": round(generate, 2),
                        "total": round((now - started) * 1000, 2)},
        )
        answer.retrieved = evidence.retrieved
        answer.searched = list(evidence.ranked)
        return answer

    def _urls_of(self, snap) -> frozenset[str]:
        """The links an answer may give, computed once per index snapshot."""
        cached = self._allowed_urls
        if cached is None or cached[0] is not snap:
            cached = self._allowed_urls = (snap, frozenset(urls_in(snap.passages)))
        return cached[1]


def _last(items: Iterator[str | Answer]) -> Answer:
    final = None
    for item in items:
        final = item
    assert isinstance(final, Answer)
    return final


def get_advisor(settings: Settings | None = None, **overrides) -> Advisor:
    """The shared Advisor for these settings (built once per process)."""
    settings = settings or get_settings(**overrides)
    secret = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
    key = (settings.model_dump_json(), hashlib.sha256(secret.encode()).hexdigest())  # every setting counts
    with _ADVISORS_LOCK:
        if key not in _ADVISORS:
            _ADVISORS[key] = Advisor(settings)
        return _ADVISORS[key]


def reset_advisors() -> None:
    with _ADVISORS_LOCK:
        _ADVISORS.clear()
