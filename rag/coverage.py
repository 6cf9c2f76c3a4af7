""""Does the robotics roadmap cover Kubernetes?" when no passage of that roadmap names Kubernetes: the
answer says so plainly first ("it does not mention ..."), then where else the index does mention it,
then the roadmap's closest lines. A literal statement about the words, checked in the lexical index,
never a guess that the subject is absent in other words. When a passage of it does name them all,
the answer opens as plainly the other way: "Yes", and the line that names them.
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

# What the document says it leaves out: "What you won't see covered", "Not covered here", "Topics not
# part of this guide", "Excluded", "Out of scope". A heading or line saying so lists what it does NOT teach.
NOT_COVERED = re.compile(
    r"\b(?:you\s+)?(?:won'?t|will\s+not|don'?t|do\s+not)\s+(?:see|find|learn|get|cover)\b|"
    r"\bnot\s+(?:be\s+)?(?:covered|included|part\s+of|taught|discussed)\b|\bexcluded\b|\bout\s+of\s+scope\b|"
    r"\b(?:isn'?t|aren'?t)\s+(?:covered|included|part\s+of)\b", re.I)
# "does it cover X?", "is X part of it?", "is X in the roadmap?", "does it teach/include/mention X?"
ASKS_COVERAGE = re.compile(r"^\W*(?:does|do|did|is|are|will|would|can)\s+(?!i\b|you\b|we\b|u\b)"
                           r".*\b(?:cover(?:s|ed)?|includes?|included|teach(?:es)?|taught|mentions?|mentioned|part of|"
                           r"in\s+(?:the|this|that|it|its|their|your)|inside|within|contains?)\b|"
                           # "is there a course on compilers ...?", "does it have anything on quantization?"
                           r"^\W*(?:is|are)\s+there\s+(?:a|an|any|anything|something)\b.*\b(?:on|about|for|in)\s+\w|"
                           r"^\W*(?:does|do)\s+.*\b(?:have|has|offer)\s+(?:anything|something|any|a|an)\s+(?:\w+\s+)?"
                           r"(?:on|about)\b", re.I)
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


def _asked(finder: EvidenceFinder, question: str, roadmap: RoadmapStructure | None) -> tuple[list[str], set[str]] | None:
    """The subject words of a coverage question about `roadmap`, with their stems; None when it asks
    no coverage or names no subject."""
    if roadmap is None or not ASKS_COVERAGE.search(question):
        return None
    words = _subject(finder, question, roadmap)
    stems = {stem(w) for w in words}
    return (words, stems) if stems else None


def _spelled(question: str, words: list[str]) -> str:
    """The subject in the learner's own spelling ("SLAM", "Kubernetes"), else its words."""
    lowered = {w.lower() for w in words}
    return " ".join(w for w in re.findall(r"[\w+#.-]+", question) if w.lower() in lowered) or " ".join(words)


def _names_all(passage: Passage, stems: set[str]) -> bool:
    said = {stem(w) for w in tokens(f"{passage.section}\n{passage.text}")}
    return stems <= said


def absent(finder: EvidenceFinder, question: str, roadmap: RoadmapStructure | None) -> Absence | None:
    """The coverage question's subject when no passage of `roadmap` names all its words (and the
    index knows them at all: a word no passage uses is for the scope check to judge)."""
    asked = _asked(finder, question, roadmap)
    if asked is None:
        return None
    words, stems = asked
    lexical = finder.retriever.lexical
    if any(s not in lexical.vocabulary for s in stems):
        return None
    inside = np.flatnonzero(lexical.mask_for(RetrievalFilter(doc_id=roadmap.doc_id)))
    if any(_names_all(lexical.passages[i], stems) for i in inside):  # every passage: a "No" must be true
        return None
    others = [p for p, _ in lexical.search(" ".join(words), SEARCHED, lexical.mask_for(RetrievalFilter(kind="roadmap")))
              if p.doc_id != roadmap.doc_id and _names_all(p, stems)]
    return Absence(_spelled(question, words), roadmap, others[:MAX_ELSEWHERE])


@dataclass
class Presence:
    """The subject a coverage question asks about and the line of the roadmap that names it."""

    subject: str
    roadmap: RoadmapStructure
    line: str
    passage: Passage

    def rescore(self, swap: Swap) -> None:
        self.passage = swap([self.passage])[0]


def _denies(passage: Passage, stems: set[str]) -> bool:
    """The passage lists the subject as left out ("What you won't see covered", "SQL is not covered
    here"): its heading says so, or a line naming a subject word does. Never a "Yes" from it."""
    if NOT_COVERED.search(passage.section):
        return True
    return any(NOT_COVERED.search(line) for line in passage_lines(passage)
               if stems & {stem(w) for w in tokens(line)})


def present(finder: EvidenceFinder, question: str, roadmap: RoadmapStructure | None,
            ranked: list[Passage]) -> Presence | None:
    """The line of `roadmap` that names every word of the coverage question's subject: from the
    passages retrieved for it first, else the roadmap's first passage that names them all; the
    line naming the most of them, a line of the passage's heading when no single line does."""
    asked = _asked(finder, question, roadmap)
    if asked is None:
        return None
    words, stems = asked
    own = [p for p in ranked if p.doc_id == roadmap.doc_id and p.kind == "roadmap"]
    lexical = finder.retriever.lexical
    own += [p for p, _ in lexical.search(" ".join(words), SEARCHED, lexical.mask_for(RetrievalFilter(doc_id=roadmap.doc_id)))
            if p.kind == "roadmap"]
    passage = next((p for p in own if _names_all(p, stems) and not _denies(p, stems)), None)
    if passage is None:
        return None
    lines = passage_lines(passage) or [passage.section.split(" > ")[-1]]
    heading = {stem(w) for w in tokens(passage.section)}
    def named(line: str) -> int:  # the subject words a line names, its heading's counting for it
        return len(stems & ({stem(w) for w in tokens(line)} | heading)) * 2 + len(stems & {stem(w) for w in tokens(line)})
    line = max(lines, key=named)  # the first of the best (max keeps the earliest)
    return Presence(_spelled(question, words), roadmap, line, passage)


def compose_present(presence: Presence, book: CitationBook, label: str) -> str:
    """"Yes", the roadmap, and the line that names the subject (cited), before the supporting lines."""
    where = presence.passage.stage_title or presence.passage.section.split(" > ")[-1]
    return (f"**{label}**\n**Yes: {short_title(presence.roadmap.title)} covers \"{presence.subject}\".**\n"
            f"- **{where}**: {presence.line} {book.cite(presence.passage)}")


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
