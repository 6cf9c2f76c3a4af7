""""Does the robotics roadmap cover Kubernetes?" when no passage of that roadmap names Kubernetes: the
answer says so plainly first ("it does not mention ..."), then where else the index does mention it,
then the roadmap's closest lines. A literal statement about the words, checked in the lexical index,
never a guess that the subject is absent in other words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from rag.answer_lines import subject_terms
from rag.evidence import EvidenceFinder, Swap
from rag.extractive import CitationBook, passage_lines, short_title
from rag.models import Passage, RoadmapStructure
from rag.parts import PART_STEMS
from rag.retrieval import RetrievalFilter
from rag.targeting import ROADMAP_WORDS
from rag.text import stem, tokens

# "does it cover X?", "is X part of it?", "is X in the roadmap?", "does it teach/include/mention X?"
ASKS_COVERAGE = re.compile(r"^\W*(?:does|do|did|is|are|will|would|can)\s+(?!i\b|you\b|we\b|u\b)"
                           r".*\b(?:cover(?:s|ed)?|includes?|included|teach(?:es)?|taught|mentions?|mentioned|part of|"
                           r"in\s+(?:the|this|that|it|its|their|your)|inside|within|contains?)\b", re.I)
MAX_ELSEWHERE = 2
SEARCHED = 12  # lexical hits read per question of the other roadmaps


@dataclass
class Absence:
    """The subject a coverage question asks about, the roadmap that never names it, and the passages
    of other roadmaps that do."""

    subject: str
    roadmap: RoadmapStructure
    elsewhere: list[Passage] = field(default_factory=list)

    def rescore(self, swap: Swap) -> None:
        self.elsewhere = swap(self.elsewhere)


def _subject(finder: EvidenceFinder, question: str, roadmap: RoadmapStructure) -> list[str]:
    own = ROADMAP_WORDS.sub(" ", finder.targeter.without_names(question, roadmap))
    return [t for t in subject_terms(own) if stem(t) not in PART_STEMS]


def _names_all(passage: Passage, stems: set[str]) -> bool:
    said = {stem(w) for w in tokens(f"{passage.section}\n{passage.text}")}
    return stems <= said


def absent(finder: EvidenceFinder, question: str, roadmap: RoadmapStructure | None) -> Absence | None:
    """The coverage question's subject when no passage of `roadmap` names all its words (and the
    index knows them at all: a word no passage uses is for the scope check to judge)."""
    if roadmap is None or not ASKS_COVERAGE.search(question):
        return None
    words = _subject(finder, question, roadmap)
    stems = {stem(w) for w in words}
    lexical = finder.retriever.lexical
    if not stems or any(s not in lexical.vocabulary for s in stems):
        return None
    inside = np.flatnonzero(lexical.mask_for(RetrievalFilter(doc_id=roadmap.doc_id)))
    if any(_names_all(lexical.passages[i], stems) for i in inside):  # every passage: a "No" must be true
        return None
    text = " ".join(words)
    others = [p for p, _ in lexical.search(text, SEARCHED, lexical.mask_for(RetrievalFilter(kind="roadmap")))
              if p.doc_id != roadmap.doc_id and _names_all(p, stems)]
    lowered = {w.lower() for w in words}  # the learner's own spelling ("SLAM", "Kubernetes")
    subject = " ".join(w for w in re.findall(r"[\w+#.-]+", question) if w.lower() in lowered) or text
    return Absence(subject, roadmap, others[:MAX_ELSEWHERE])


def compose(absence: Absence, book: CitationBook, label: str) -> str:
    """The plain statement, then where else the index names the subject (cited)."""
    title = short_title(absence.roadmap.title)
    lines = [f"**{label}**", f"**No: {title} does not mention \"{absence.subject}\"; none of its passages names it.**"]
    stems = {stem(w.lower()) for w in absence.subject.split()}
    for passage in absence.elsewhere:
        line = next((l for l in passage_lines(passage) if stems <= {stem(w) for w in tokens(l)}), None)
        line = line or passage.section.split(" > ")[-1]
        lines.append(f"- {short_title(passage.title)} does, in {passage.section.split(' > ')[0]}: {line} {book.cite(passage)}")
    return "\n".join(lines)
