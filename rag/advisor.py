"""The advisor: a LangChain runnable composition (rewrite -> retrieve -> answer) over the index.

One Advisor per index and backend, built once and shared: it holds the store, the embedding model,
the BM25 index and the roadmap structure, and it is safe to call from several threads.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from typing import Iterator

from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough

from rag.errors import IndexChangedError, InvalidQuestionError
from rag.evidence import Evidence, EvidenceFinder
from rag.extractive import ExtractiveComposer
from rag.lexical import LexicalIndex
from rag.link_health import load_link_health, with_link_health
from rag.models import Answer, RoadmapStructure
from rag.retrieval import HybridRetriever, passage_to_document
from rag.rewrite import StandaloneQuery, rewrite
from rag.scope import in_scope
from rag.settings import Settings, get_settings

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
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
    text = " ".join(text.split())
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


def suggestions_for(structures: list[RoadmapStructure]) -> list[str]:
    """Two or three questions the roadmaps do cover, from their own stage names."""
    out: list[str] = []
    sequential = [s for r in structures for s in r.stages if s.group in {"steps", "quarters"}]
    options = [s for r in structures for s in r.stages if s.group == "options"]

    def short(title: str) -> str:
        return title.split(":", 1)[-1].strip()

    if sequential:
        richest = max(sequential, key=lambda s: (len(s.topics), -s.index))
        out.append(f"What should I learn after {short(richest.title)}?")
    if len(options) >= 2:
        out.append(f"Compare {short(options[0].title)} with {short(options[1].title)}")
    linked = [s for s in sequential if s.links]
    if linked:
        out.append(f"Resources for {short(max(linked, key=lambda s: (len(s.links), -s.index)).title)}?")
    return out or ["What should I learn first?"]


class Advisor:
    def __init__(self, settings: Settings):
        from rag.embeddings import Embedder
        from rag.store import IndexStore

        self.settings = settings
        self.embedder = Embedder(settings, threads=settings.embedding_threads)
        self._reload_lock = threading.Lock()
        self._load(IndexStore(settings))

    def _load(self, store) -> None:
        """Open the index and build everything derived from it (BM25, structure, chain)."""
        from langchain_chroma import Chroma

        from rag.backends import make_backend

        settings = self.settings
        self.store = store.open_for_read()
        self.generation = self.store.generation()
        manifest = self.store.manifest()
        order = {cid: i for i, cid in enumerate(c for src in sorted(manifest) for c in manifest[src].chunk_ids)}
        passages = sorted(self.store.all_passages(), key=lambda p: order.get(p.chunk_id, len(order)))
        self.structures = [e.structure for _, e in sorted(manifest.items()) if e.structure is not None]
        self.lexical = LexicalIndex(passages)
        self.vectorstore = Chroma(
            client=self.store.client,
            collection_name=settings.collection,
            embedding_function=self.embedder,
            create_collection_if_not_exists=False,
        )
        self.retriever = HybridRetriever(
            store=self.store, vectorstore=self.vectorstore, embedder=self.embedder, lexical=self.lexical,
            k=settings.top_k, candidates=settings.candidates,
        )
        self.finder = EvidenceFinder(self.retriever, self.structures, passages)
        self.backend = make_backend(settings, self)
        self.chain = self.build_chain()

    # -- the chain ---------------------------------------------------------------------------
    def build_chain(self) -> Runnable:
        limit = self.settings.max_question_chars

        def validate(inputs: dict) -> dict:
            return {
                "question": clean_question(inputs["question"], limit),
                "history": clean_history(inputs.get("history"), limit),
                "started": time.perf_counter(),
            }

        def standalone(inputs: dict) -> StandaloneQuery:
            return self.backend.rewrite(inputs["question"], inputs["history"]) or rewrite(
                inputs["question"], inputs["history"]
            )

        def retrieve(inputs: dict) -> Evidence:
            started = time.perf_counter()
            evidence = self.finder.find(inputs["query"], self.settings.top_k)
            evidence.retrieve_ms = (time.perf_counter() - started) * 1000
            return evidence

        def documents(inputs: dict):
            return [passage_to_document(p) for p in inputs["evidence"].retrieved]

        return (
            RunnableLambda(validate).with_config(run_name="validate")
            | RunnablePassthrough.assign(query=RunnableLambda(standalone).with_config(run_name="rewrite"))
            | RunnablePassthrough.assign(evidence=RunnableLambda(retrieve).with_config(run_name="retrieve"))
            | RunnablePassthrough.assign(documents=RunnableLambda(documents).with_config(run_name="documents"))
            | RunnableLambda(self._respond).with_config(run_name="answer")
        )

    def _respond(self, inputs: dict) -> Answer:
        evidence = inputs["evidence"]
        answer = self.backend.answer(evidence, started=inputs["started"], answerable=self.answerable(evidence))
        answer.retrieved = evidence.retrieved
        return self.with_link_health(answer)

    def with_link_health(self, answer: Answer) -> Answer:
        """Resources as the last `advisor links check` found them (read from disk, never fetched)."""
        return with_link_health(answer, load_link_health(self.settings), answer.retrieved)

    def answerable(self, evidence: Evidence) -> bool:
        return in_scope(evidence, self.lexical.vocabulary)

    def out_of_scope(self, evidence: Evidence, started: float, backend: str, model: str | None = None) -> Answer:
        query = evidence.query
        text = (
            "I can't answer that from the roadmaps I know. They cover learning paths for AI/ML and "
            "Generative AI engineering (skills, stages, resources and career options), and this question "
            "is outside them."
            if not query.injection
            else "I can only answer questions about the AI/ML learning roadmaps, so I can't help with that request."
        )
        suggestions = suggestions_for(self.structures)
        text += "\n\nYou could ask:\n" + "\n".join(f"- {s}" for s in suggestions)
        total = (time.perf_counter() - started) * 1000
        return Answer(
            question=query.question, answer=text, answerable=False, intent="out_of_scope", backend=backend,
            model=model, suggestions=suggestions,
            timings_ms={"retrieve": round(evidence.retrieve_ms, 2), "generate": 0.0, "total": round(total, 2)},
        )

    def refresh(self, *, force: bool = False) -> bool:
        """Reload when a sync changed the index since it was opened (one small read per answer)."""
        if not force and self.store.generation() == self.generation:
            return False
        with self._reload_lock:
            if force or self.store.generation() != self.generation:
                self._load(self.store.reopen())
        return True

    # -- public ------------------------------------------------------------------------------
    def answer(self, question: str, history: list[dict[str, str]] | None = None) -> Answer:
        self.refresh()
        try:
            return self.chain.invoke({"question": question, "history": history or []})
        except IndexChangedError:  # a sync is under way in another process: reopen, ask once more
            self.refresh(force=True)
            return self.chain.invoke({"question": question, "history": history or []})

    def stream(self, question: str, history: list[dict[str, str]] | None = None) -> Iterator[str | Answer]:
        """Text pieces as the backend produces them, then the final Answer."""
        self.refresh()
        for item in self.backend.stream(self, question, history or []):
            yield self.with_link_health(item) if isinstance(item, Answer) else item

    def evidence(self, question: str, history: list[dict[str, str]] | None = None) -> Evidence:
        q = clean_question(question, self.settings.max_question_chars)
        h = clean_history(history, self.settings.max_question_chars)
        return self.finder.find(rewrite(q, h), self.settings.top_k)


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
