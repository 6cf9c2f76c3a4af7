"""The baseline to beat: naive RAG as most tutorials build it, over the same corpus and model.

- Documents: the index's roadmap sources read as raw files, the way a tutorial's TextLoader reads
  them (Markdown and text as they are on disk, mojibake and page debris included; a PDF or HTML file
  goes through our text extraction, as a tutorial's PDF/HTML loader would extract it). The resource
  catalogue (corpus/resources.yaml) is left out: it is our own structured enrichment, not a document
  a tutorial would load. A source that is not on disk here (an index built elsewhere, served by a
  Chroma server) is rebuilt from its indexed passages in order, and the report says so.
- Chunks: langchain-text-splitters' RecursiveCharacterTextSplitter, chunk_size 1000, overlap 100.
- Retrieval: dense only, top 4, through langchain-chroma in its own in-memory Chroma collection,
  embedded with the advisor's own embedding model (passed explicitly: Chroma's default embedding
  function downloads a model and is never used).
- Answer: the same backend as ours, given those 4 chunks as evidence for a plain "fact" question: no
  query rewriting, no history (only the last turn is sent), no intent routing, no roadmap
  structure, no evidence floor, and it always answers (answerable true) because a naive chain has no refusal logic.
"""

from __future__ import annotations

import copy
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from rag.errors import AdvisorError
from rag.evidence import Evidence
from rag.intents.registry import DEFAULT
from rag.models import Answer, Passage
from rag.query import StandaloneQuery

RAW_SUFFIXES = {".md", ".markdown", ".mdown", ".txt", ".text", ""}
CHUNK_SIZE = 1000
CHUNK_OVERLAP = 100
TOP_K = 4


class BaselineError(AdvisorError):
    pass


@dataclass
class RawDocument:
    source: str
    text: str
    from_index: bool = False  # rebuilt from indexed passages (the file was not on disk)


@dataclass
class NaiveRAG:
    advisor: object  # rag.advisor.Advisor: its embedder, store and backend are reused
    chunk_size: int = CHUNK_SIZE
    chunk_overlap: int = CHUNK_OVERLAP
    k: int = TOP_K
    documents: list[RawDocument] = field(default_factory=list)
    chunks: list[Passage] = field(default_factory=list)

    name = "baseline"

    def __post_init__(self) -> None:
        self._vectorstore = None
        self._client = None
        self._collection = f"naive-baseline-{uuid.uuid4().hex[:12]}"

    # -- build -------------------------------------------------------------------------------
    def load_documents(self) -> list[RawDocument]:
        store = self.advisor.store
        manifest = store.manifest()
        documents: list[RawDocument] = []
        passages: list[Passage] | None = None
        for source, entry in sorted(manifest.items()):
            if entry.kind != "roadmap":
                continue
            path = Path(entry.source or source)
            if path.is_file():
                documents.append(RawDocument(source=source, text=_read_raw(path)))
                continue
            if passages is None:
                passages = store.all_passages()
            by_id = {p.chunk_id: p for p in passages}
            parts = [by_id[c] for c in entry.chunk_ids if c in by_id]
            text = "\n\n".join(f"{p.section}\n{p.text}" for p in parts)
            if text.strip():
                documents.append(RawDocument(source=source, text=text, from_index=True))
        if not documents:
            raise BaselineError(
                "The baseline needs the index's roadmap documents, and this index has none. "
                "Ingest some roadmaps (advisor ingest), or run with --no-baseline."
            )
        return documents

    def build(self) -> "NaiveRAG":
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma
        from langchain_core.documents import Document
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        self.documents = self.load_documents()
        splitter = RecursiveCharacterTextSplitter(chunk_size=self.chunk_size, chunk_overlap=self.chunk_overlap)
        docs = splitter.split_documents(
            [Document(page_content=d.text, metadata={"source": d.source}) for d in self.documents]
        )
        self._client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False, allow_reset=True))
        self._vectorstore = Chroma(
            client=self._client, collection_name=self._collection, embedding_function=self.advisor.embedder
        )
        ids = [f"naive:{i:04d}" for i in range(len(docs))]
        if docs:
            self._vectorstore.add_documents(docs, ids=ids)
        self.chunks = [self._passage(i, d, 0.0) for i, d in zip(ids, docs)]
        return self

    def close(self) -> None:
        if self._client is not None:
            try:
                self._client.delete_collection(self._collection)
            except Exception:  # already gone
                pass
            self._client = self._vectorstore = None

    def __enter__(self) -> "NaiveRAG":
        return self.build()

    def __exit__(self, *exc) -> None:
        self.close()

    @staticmethod
    def _passage(chunk_id: str, document, score: float) -> Passage:
        source = document.metadata.get("source", "")
        return Passage(chunk_id=chunk_id, source=source, title=Path(source).name, section="",
                       text=document.page_content, kind="roadmap", score=round(score, 4))

    # -- answer ------------------------------------------------------------------------------
    def retrieve(self, question: str) -> list[Passage]:
        if self._vectorstore is None:
            raise BaselineError("The baseline is not built; call build() first.")
        found = self._vectorstore.similarity_search_with_score(question, k=self.k)
        passages = []
        for document, distance in found:
            # Chroma's default space is squared L2; on normalised vectors cosine = 1 - d/2
            passages.append(self._passage(document.id, document, 1.0 - float(distance) / 2.0))
        return passages

    def answer(self, question: str, history: list[dict[str, str]] | None = None) -> Answer:
        """Answer the last turn only (a naive chain keeps no history), always as answerable."""
        started = time.perf_counter()
        passages = self.retrieve(question)
        evidence = Evidence(query=StandaloneQuery(question=question, query=question, intent=DEFAULT.name), ranked=passages)
        evidence.retrieve_ms = (time.perf_counter() - started) * 1000  # type: ignore[attr-defined]
        return self.advisor.respond(evidence, started=started, backend=self._backend())

    def _backend(self):
        """The advisor's backend, but the extractive one (or a model backend's extractive fallback)
        without the evidence floor: the floor is our composition (it re-reads search's ranking), not
        the single prompt a tutorial's chain makes."""
        from rag.backends.extractive import ExtractiveBackend

        backend = self.advisor.backend()
        if isinstance(backend, ExtractiveBackend):
            return ExtractiveBackend(floor=None)
        if isinstance(getattr(backend, "extractive", None), ExtractiveBackend):  # a model backend's fallback
            backend = copy.copy(backend)  # the advisor's own keeps its floor
            backend.extractive = ExtractiveBackend(floor=None)
        return backend


def _read_raw(path: Path) -> str:
    if path.suffix.lower() in RAW_SUFFIXES:
        return path.read_text(encoding="utf-8", errors="replace")
    from ingest.loaders import load_file  # PDF / HTML: text extraction, as a tutorial's loader

    return load_file(path).text
