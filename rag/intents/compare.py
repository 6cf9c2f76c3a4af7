""""NLP & LLMs or computer vision?": the subjects named (or carried from the earlier question),
the passages about each, side by side in a table."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag import comparatives, roadmap_sides
from rag.acronyms import spells
from rag.answer_lines import OPENING_LABEL, subject_terms
from rag.evidence import Evidence, EvidenceFinder, Swap
from rag.extractive import CitationBook, Composition, passage_lines, short_title
from rag.intents.base import IntentUnit
from rag.intents.injection import attribute
from rag.models import Passage, RoadmapStructure
from rag.retrieval import RetrievalFilter
from rag.roadmap_sides import RoadmapComparison
from rag.text import GENERIC, STOPWORDS, content_terms, stem, tokens

DETECT = re.compile(
    r"\b(compare|compared|comparison|versus|vs\.?|differ|difference|differences|pros and cons|"
    r"or should i)\b|\bhow does .+ (compare|stack up)|"
    r"\b(better|which (one |path |option )?(is|should))\b.*\bor\b|\bor\b.*\b(better|which)\b",
    re.IGNORECASE,
)
EXACT = re.compile(r"\b(compare|compared|comparison|versus|vs\.?|differ|differences?|pros and cons)\b", re.I)
OUTLOOK = re.compile(r"^(2026 reality|opportunity|frontier|practical|recommendation|why|focus|skills to emphasize)\b", re.I)


@dataclass
class Side:
    """One subject of a comparison."""

    name: str
    passages: list[Passage]


@dataclass
class CompareEvidence:
    sides: list[Side]
    roadmaps: RoadmapComparison | None = None  # two named roadmaps, each side from its own (rag.roadmap_sides)

    def groups(self) -> list[list[Passage]]:
        own = [self.roadmaps.passages()] if self.roadmaps is not None else []
        return own + [side.passages for side in self.sides]

    def covered(self) -> bool:
        return len(self.sides) >= 2 or self.roadmaps is not None

    def rescore(self, swap: Swap) -> None:
        for side in self.sides:
            side.passages = swap(side.passages)
        if self.roadmaps is not None:
            self.roadmaps.rescore(swap)


class Compare(IntentUnit):
    order = 20
    carried_by_follow_ups = True
    task = (
        "Task: compare the options in a Markdown table with one column per option and rows for: what it "
        "is, what to learn, career outlook. Put the citation [n] inside each cell; write 'not stated' where "
        "the passages say nothing."
    )

    def detects(self, question: str) -> bool:
        return bool(DETECT.search(question)) or comparatives.is_comparative(question)

    def certain(self, question: str) -> bool:
        return bool(EXACT.search(question)) or comparatives.exact(question)

    def gather(self, finder: EvidenceFinder, evidence: Evidence, k: int,
               structures: list[RoadmapStructure]) -> CompareEvidence:
        query = evidence.query
        roadmaps = roadmap_sides.named_roadmaps(finder, query.question, comparing=True)
        # "how does roadmap A compare with roadmap B on math?": each side from its own roadmap, first
        compared = roadmap_sides.compare_roadmaps(finder, query.question, roadmaps) if roadmaps else None
        names = compare_subjects(query.question)
        if len(names) < 2 and query.subject:
            # "compare it with CV": "it" is the stage the last answer was about (rag.focus), else the earlier words
            earlier = [query.about] if query.about else compare_subjects(query.subject) or [_topic_phrase(query.subject)]
            names = names + [n for n in earlier if n and n not in names]
        focus = query.focus if query.about and query.focus is not None and query.focus.stage_index is not None else None
        sides = []
        for name in names[:3]:
            if focus is not None and name == query.about:  # the stage the conversation is on, in its own roadmap
                passages = finder.stage_passages(focus.doc_id, focus.stage_index)[:2]
            else:
                passages = passages_about(finder, name, k, structures)
            if passages:
                sides.append(Side(name=heading_name(name, passages), passages=passages))
        if compared is not None:  # two roadmaps named: each side is one roadmap, titled by it, not a question half
            sides = [Side(short_title(s.roadmap.title), on_dimension(s.passages, compared.dimension))
                     for s in compared.sides]
        return CompareEvidence(sides, compared)

    def compose(self, composition: Composition) -> str:
        payload = composition.evidence.payload
        if not isinstance(payload, CompareEvidence) or len(payload.sides) < 2:
            return ""
        sides, book = payload.sides, composition.book
        lead = "" if payload.roadmaps is None else roadmap_sides.compose(
            payload.roadmaps, composition.evidence.query.question, book, composition.idf, composition.default_idf,
            OPENING_LABEL) + "\n\n"
        # "is X harder than Y?": whether the roadmaps rank them on that, before the side-by-side table
        ranked = comparatives.preface(composition.evidence.query.question,
                                      [(side.name, side.passages) for side in sides], book,
                                      composition.evidence.retrieved)
        header = "| | " + " | ".join(f"**{s.name}**" for s in sides) + " |"
        rule = "|---|" + "---|" * len(sides)
        rows: dict[str, list[str]] = {"Where it sits": [], "What to learn": [], "Opportunity / risk": []}
        counts: dict[str, int] = {}
        for side in sides:
            for chunk in {p.chunk_id for p in side.passages}:
                counts[chunk] = counts.get(chunk, 0) + 1
        shared = {chunk for chunk, n in counts.items() if n > 1}
        for side in sides:
            first = side.passages[0]
            rows["Where it sits"].append(f"{first.section} ({short_title(first.title)}) {book.cite(first)}")
            learn, outlook = [], []
            for passage in side.passages:  # a passage two sides share (one list of books): this side's own entry
                own = side_lines(passage, side.name, most=len(passage_lines(passage))) if passage.chunk_id in shared \
                    else passage_lines(passage)
                for line in own:
                    (outlook if OUTLOOK.match(line) else learn).append((line.rstrip("."), passage))
            asks = payload.roadmaps.dimension if payload.roadmaps is not None else side.name
            rows["What to learn"].append(_cell(asked_first(learn, asks, composition.idf, composition.default_idf)[:3], book))
            rows["Opportunity / risk"].append(_cell(outlook[:2], book) if outlook else "not stated in the roadmaps")
        table = [header, rule] + [f"| {name} | " + " | ".join(cells) + " |" for name, cells in rows.items()]
        return lead + (ranked + "\n\n" if ranked else "") + "\n".join(table)

    def prompt_groups(self, evidence: Evidence) -> list[list[Passage]]:
        payload = evidence.payload
        if not isinstance(payload, CompareEvidence) or not payload.sides:
            return []
        longest = max(len(side.passages) for side in payload.sides)
        return [[side.passages[i] for side in payload.sides if i < len(side.passages)] for i in range(longest)]

    def instructions(self, evidence: Evidence, numbers: dict[str, int], with_order: bool = True) -> str:
        payload = evidence.payload
        if isinstance(payload, CompareEvidence) and payload.sides:
            asked = comparatives.dimension(evidence.query.question).phrase if comparatives.is_comparative(
                evidence.query.question) else ""
            ranking = (f" The question asks which is {attribute(asked)}: say plainly whether the passages rank "
                       "them on that, and never rank them yourself." if asked else "")
            return self.task + " Options: " + "; ".join(attribute(side.name) for side in payload.sides) + "." + ranking
        return self.task


def heading_name(name: str, passages: list[Passage]) -> str:
    """A side named as the roadmap heads it ("llm scientist" -> "The LLM Scientist", "cv" -> "Computer
    Vision"): its first passage's own heading, when that says what the learner's words say, its
    small words aside (or spells the acronym they typed); else the learner's words. A table headed by what the
    roadmap calls each side reads as the comparison, not as the question's leftovers."""
    raw = passages[0].section.split(" > ")[-1] if passages else ""
    if raw.casefold() == name.casefold():
        return name  # the stage the conversation is on, already by its title
    # the heading as written ("Phase 2: Experiment Tracking"), without emoji, markup or a table's pipe
    head = " ".join(re.sub(r"[*_`<>|\[\]]", " ", re.sub(r"^[^\w]+", "", raw)).split()).strip(" .-:")
    asked = {stem(t) for t in content_terms(name)}
    heading = {stem(t) for t in content_terms(head)}
    if not head or not heading or len(heading) > max(len(asked), 2):
        return name  # a heading that says more ("Calculus 1A: Differentiation" for "calculus") is one course of it
    if asked and asked == heading:
        return head
    word = name.strip()
    return head if len(word.split()) == 1 and 2 <= len(word) <= 5 and spells(word.upper(), head) else name


def _naming_line(finder: EvidenceFinder, name: str, stems: set[str]) -> list[Passage]:
    """The passage with a line that names every word of a subject of two or more words ("Programming
    Interviews Exposed", a list entry), best by word rarity first; [] when no line does."""
    lexical = getattr(finder.retriever, "lexical", None)
    if lexical is None or len(stems) < 2:
        return []
    for passage, _ in lexical.search(name, 8, lexical.mask_for(RetrievalFilter(kind="roadmap"))):
        if any(stems <= {stem(w) for w in tokens(line)} for line in passage_lines(passage)):
            return [passage]
    return []


def side_lines(passage: Passage, name: str, most: int = 3) -> list[str]:
    """A passage's lines for one side: from the line that names the side (a list entry with its notes),
    when one names most of its words; else the passage's first lines."""
    lines = passage_lines(passage)
    stems = {stem(t) for t in content_terms(name)}
    def named(line: str) -> int:
        return len(stems & {stem(w) for w in tokens(line)})
    best = max(range(len(lines)), key=lambda n: named(lines[n]), default=None)
    if best is None or not stems or named(lines[best]) * 2 < len(stems) + 1:
        return lines[:most]
    return lines[best:best + most]


def on_dimension(passages: list[Passage], dimension: str) -> list[Passage]:
    """A roadmap side's passages, those naming more of what is asked of both first ("kafka": the
    stage that lists Kafka before the roadmap's introduction); otherwise in their found order."""
    asked = {stem(t) for t in subject_terms(dimension)}
    if not asked:
        return passages
    def named(p: Passage) -> int:
        return len(asked & {stem(w) for w in tokens(f"{p.section} {p.text}")})
    return sorted(passages, key=lambda p: -named(p))


def passages_about(finder: EvidenceFinder, name: str, k: int, structures: list[RoadmapStructure]) -> list[Passage]:
    """Passages whose own heading names the subject, else the stage it names, else search."""
    labelled = comparatives.labelled_stage(name, structures) if comparatives.is_label(name) else None
    if labelled is not None:  # "option a or option b?"
        return finder.stage_passages(labelled[0].doc_id, labelled[1].index)[:2]
    stems = {stem(t) for t in content_terms(name)}
    if not stems:
        return []
    hits = finder.headed(stems)
    best = max(hits.values(), default=0)
    if best and best == len(stems):
        return [finder.passages[i] for i in sorted(i for i, n in hits.items() if n == best)][:2]
    named = _naming_line(finder, name, stems)  # a book or course the roadmap lists: the list that names it whole
    if named:
        return named
    if best and best >= min(2, len(stems)):
        return [finder.passages[i] for i in sorted(i for i, n in hits.items() if n == best)][:2]
    matches = finder.locate(structures, name, min_score=3.0)
    if matches:
        match = matches[0]
        return finder.stage_passages(match.roadmap.doc_id, match.stage.index)[:2]
    found = finder.retriever.search(name, filter=RetrievalFilter(kind="roadmap"), k=k)
    return [p for p in found if stems & {stem(t) for t in tokens(p.text)}][:2]


def asked_first(lines: list[tuple[str, Passage]], asks: str, idf, default_idf: float = 1.0) -> list[tuple[str, Passage]]:
    """A side's lines, those naming what is asked of it first ("math + python" of a roadmap's
    first stage: its math and Python lines, not its first line on exceptions), each group in its
    found order; the three best are the cell, said in the order the roadmap gives them."""
    asked = {stem(t) for t in content_terms(asks)}
    if not asked:
        return lines
    def weight(text: str) -> float:
        said = {stem(w) for w in tokens(text)} | {stem(t) for t in content_terms(text)}  # "math" is "mathematics"
        return sum(idf.get(t, default_idf) for t in asked & said)
    order = sorted(range(len(lines)), key=lambda n: -weight(lines[n][0]))
    best = sorted(order[:3])  # the cell keeps the roadmap's order
    return [lines[n] for n in best] + [lines[n] for n in order[3:]]


def _cell(items: list[tuple[str, Passage]], book: CitationBook) -> str:
    if not items:
        return "not stated in the roadmaps"
    parts: dict[str, list[str]] = {}
    passages: dict[str, Passage] = {}
    for line, passage in items:
        parts.setdefault(passage.chunk_id, []).append(line.replace("|", "/"))
        passages[passage.chunk_id] = passage
    return "; ".join("; ".join(lines) + f" {book.cite(passages[cid])}" for cid, lines in parts.items())


COMPARE_SPLIT = re.compile(r"\s+(?:vs\.?|versus|or|and|with|to|against)\s+", re.I)
COMPARE_LEAD = re.compile(
    r"^(please\s+)?(can you\s+)?(compare|comparison of|"
    r"(what(?:'s|’s|s|\s+is|\s+are)?\s+)?(the\s+)?(main\s+|key\s+|real\s+)?(differences?|diffs?)\s+(between|of)|"
    r"how does|how do|should i (pick|choose|go for|do|learn)|"
    r"which (is better|should i (pick|choose|learn|do))[:,]?)\s+",
    re.I,
)
COMPARE_TAIL = re.compile(
    r"\s+(compare|compares|stack up|differ)\b.*$|\s+(for (a )?(career|beginners?|me|jobs?)|in 2026|"
    r"(as a|for a) .*|which (is|one).*|what.*)$",
    re.I,
)


def _plain_words(text: str) -> str:
    """A subject is words: markup from the question (tags, Markdown, table pipes) never reaches a
    heading of the answer, where it would render as HTML or break the comparison table."""
    text = re.sub(r"<[^>]*>?", " ", text)
    return " ".join(re.sub(r"[^\w\s&+#/.'-]", " ", text).split())


def _clean_subject(part: str) -> str:
    part = _plain_words(part)
    part = re.sub(r"^(should|would|could|can|do|does|is|are|will)\b.*?\b(in|into|on|learn|study|pick|choose|go for|do)\s+",
                  "", part, flags=re.I)
    return re.sub(r"\s+(for|as|when)\s+.*$", "", part, flags=re.I).strip()


def compare_subjects(question: str) -> list[str]:
    fragments = [f.strip().rstrip(".!").strip() for f in re.split(r"\s[-–—]\s|[,;?]", question.strip())]
    fragments = [f for f in fragments if f]
    text = next((f for f in fragments if COMPARE_SPLIT.search(f)), fragments[0] if fragments else "")
    text = re.sub(r"\b(option [a-d])\s*:\s*", r"\1 ", text, flags=re.I)
    text = COMPARE_LEAD.sub("", text)
    text = COMPARE_TAIL.sub("", text)
    text = re.sub(r"(?<!option\s)(?<!track\s)\b(the|a|an)\s+", " ", text, flags=re.I)  # not "option a"
    parts = comparatives.split_than(text) or [p.strip(" ,:;-") for p in COMPARE_SPLIT.split(text) if p and p.strip(" ,:;-")]
    parts = [_clean_subject(p) for p in parts]
    # "NLP & LLMs" stays one subject; drop fragments with no content word
    subjects = [p for p in parts if content_terms(p) or comparatives.is_label(p)]
    return subjects if len(subjects) >= 2 else ([_topic_phrase(question)] if content_terms(question) else [])


def _topic_phrase(text: str) -> str:
    words = [w for w in re.findall(r"[\w&+#/.-]+", text) if w.lower() not in STOPWORDS | GENERIC]
    return " ".join(words).strip(" ?.!")


UNIT = Compare()
