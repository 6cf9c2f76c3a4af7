"""What every extractive composition shares: the citation book that numbers passages (and refuses
any that was not retrieved), a passage read as lines, and the parts of one composition.

Deterministic and offline. Each intent module (rag.intents) arranges its answer the way an advisor
would: the stages that come next, a list of resources with links from the catalogue, a
side-by-side table, or the most relevant lines of the best passages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

from rag.evidence import Evidence
from rag.intents.injection import instruction_like, redact
from rag.lines import read_lines
from rag.literal_refs import without_code
from rag.models import Citation, Passage, ResourceLink


class CitationBook:
    """Numbers passages in order of first citation; refuses any passage that was not retrieved."""

    def __init__(self, retrieved: list[Passage]):
        self._allowed = {p.chunk_id: p for p in retrieved}
        self._numbers: dict[str, int] = {}

    def cite(self, passage: Passage) -> str:
        if passage.chunk_id not in self._allowed:
            raise ValueError(f"passage {passage.chunk_id} was not retrieved and cannot be cited")
        if passage.chunk_id not in self._numbers:
            self._numbers[passage.chunk_id] = len(self._numbers) + 1
        return f"[{self._numbers[passage.chunk_id]}]"

    def cites(self, passage: Passage) -> bool:
        """The answer cites this passage already."""
        return passage.chunk_id in self._numbers

    def count(self) -> int:
        return len(self._numbers)

    def number(self, passage: Passage) -> int:
        self.cite(passage)
        return self._numbers[passage.chunk_id]

    def citations(self) -> list[Citation]:
        """The cited passages, each pointing at its exact chunk; the text shown to the learner has the
        lines addressed to a model replaced by a marker (the same lines the answer never quotes), so a
        planted instruction or its link never reaches a reader through a citation."""
        out = []
        for chunk_id, number in sorted(self._numbers.items(), key=lambda item: item[1]):
            p = self._allowed[chunk_id]
            out.append(
                Citation(id=number, chunk_id=p.chunk_id, source=p.source, title=p.title, section=p.section,
                         url=p.url, text=redact(p.text), score=round(p.score, 4))
            )
        return out


@dataclass
class Composition:
    """One extractive answer being written: its evidence, the citations and resource links so far,
    and the index's word rarity (to pick the lines that share the question's rarest words)."""

    evidence: Evidence
    idf: Mapping[str, float] = field(default_factory=dict)
    default_idf: float = 1.0
    book: CitationBook = field(init=False)
    resources: list[ResourceLink] = field(default_factory=list)
    # per roadmap, the stage index before which the answer left stages out on purpose (those the
    # learner knows, those before a next-step target): the evidence floor does not add them back
    skipped_before: dict[str, int] = field(default_factory=dict)
    skipped_stages: set[tuple[str, int]] = field(default_factory=set)  # and single stages left out (a known one mid-roadmap)

    def __post_init__(self) -> None:
        self.book = CitationBook(self.evidence.retrieved)

    def skip_before(self, doc_id: str, stage_index: int | None) -> None:
        """Records that the answer starts `doc_id` at `stage_index`: its earlier stages are left out on purpose."""
        if stage_index is not None and stage_index > 0:
            self.skipped_before[doc_id] = min(stage_index, self.skipped_before.get(doc_id, stage_index))

    def skip_stage(self, doc_id: str, stage_index: int | None) -> None:
        """Records that the answer leaves out this one stage on purpose (the learner knows it)."""
        if stage_index is not None:
            self.skipped_stages.add((doc_id, stage_index))

    def skipped(self, passage: Passage) -> bool:
        """Whether `passage` sits in a stage the answer left out on purpose."""
        if passage.stage_index is None:
            return False
        start = self.skipped_before.get(passage.doc_id)
        return (start is not None and 0 <= passage.stage_index < start) or \
            (passage.doc_id, passage.stage_index) in self.skipped_stages

    def link(self, title: str, passage: Passage, url: str | None = None) -> None:
        """A resource link for the answer, citing `passage` (a URL is listed once)."""
        url = url or passage.url
        if not url or any(r.url == url for r in self.resources):
            return
        own = url == passage.url
        self.resources.append(ResourceLink(
            title=title, url=url, citation=self.book.number(passage),
            kind=passage.resource_kind if own else None, cost=passage.cost if own else None,
        ))


MAX_CITATIONS = 16  # the hard cap: lines citing a later passage are left out
CITED = re.compile(r"\[(\d+)\]")


def cap_citations(text: str, citations: list[Citation], resources: list[ResourceLink],
                  cap: int = MAX_CITATIONS) -> tuple[str, list[Citation], list[ResourceLink]]:
    """The answer without the lines that cite beyond `cap` (passages are numbered in reading order,
    so those are the answer's last, least relevant lines); a line is kept or dropped whole, never
    left with a claim whose citation was cut, and a block that loses every cited line loses its
    heading too (a heading over nothing)."""
    if len(citations) <= cap:
        return text, citations, resources
    blocks = []
    for block in text.split("\n\n"):
        kept = [line for line in block.split("\n") if all(int(n) <= cap for n in CITED.findall(without_code(line)))]
        if CITED.search(without_code(block)) and not any(CITED.search(without_code(line)) for line in kept):
            continue
        blocks.append("\n".join(kept))
    capped = "\n\n".join(block for block in blocks if block.strip())
    used = {int(n) for n in CITED.findall(without_code(capped))}
    return capped.strip(), [c for c in citations if c.id in used], [r for r in resources if r.citation in used]


def passage_lines(passage: Passage, *, keep_colons: bool = False) -> list[str]:
    """Bullets with their nested children folded in: '- GANs: DCGAN, StyleGAN' reads on its own.
    Read through rag.lines: a hard-wrapped paragraph is one line, and a table's "| --- |" rule is no
    line (its header and body rows stay as written: the header names what a row's cells are)."""
    lines: list[str] = []
    for line in read_lines(passage.text):
        if line.kind == "table_rule":
            continue
        text = f"| {line.text} |" if line.table else line.text
        if not text or instruction_like(text):  # a line addressed to a model is never quoted
            continue
        if line.indent >= 2 and lines and lines[-1].endswith(":"):
            lines[-1] = f"{lines[-1]} {text}"
        else:
            lines.append(text)
    return lines if keep_colons else [line.rstrip(":") for line in lines]


def anchors(passage: Passage) -> list[dict]:
    return passage.links


def short_title(title: str) -> str:
    return title.split(":")[0] if len(title) > 40 else title
