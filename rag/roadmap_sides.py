"""A comparison of two named roadmaps ("how does the robot learning roadmap compare with the MLOps
roadmap on math?", "which one teaches deep learning, the Microsoft curriculum or the pytorch course?",
"which takes longer, A or B?"): each side is answered from its own roadmap, labelled with its title,
on what was asked (the question without the roadmaps' names and the words that ask to compare).

Which roadmap each part of the question names is rag.targeting's; the lines are picked the way a
direct question's opening lines are (rag.answer_lines), within each roadmap's passages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.answer_lines import cues, score_lines, subject_terms, weak
from rag.evidence import EvidenceFinder, Swap
from rag.extractive import CitationBook, short_title
from rag.headed_answers import HeadedAnswer, heading_matcher, template_headings
from rag.models import Passage, RoadmapStructure
from rag.retrieval import RetrievalFilter
from rag.targeting import ASKING, ROADMAP_WORDS
from rag.parts import PART_STEMS
from rag.text import STOPWORDS, content_terms, stem, tokens

# Where a question names its sides: "A or B", "A vs B", "A compared with B", "A and B".
SPLIT = re.compile(r"\s+(?:or|vs\.?|versus|and|against|compared?\s+(?:with|to)|compares?\s+(?:with|to))\s+|[,;:]\s*",
                   re.I)
MAX_SIDE_LINES = 2
MAX_SIDE_PASSAGES = 6
STAGE_TITLE_SCORE = 3.0  # a stage named by the subject: one of its words in the stage's title (rag.roadmap)


@dataclass
class RoadmapSide:
    roadmap: RoadmapStructure
    passages: list[Passage] = field(default_factory=list)
    headed: HeadedAnswer | None = None  # a heading of this roadmap that asks the dimension ("Do I need a GPU?")


@dataclass
class RoadmapComparison:
    """Two or more roadmaps the question names, each with its passages on the asked dimension."""

    sides: list[RoadmapSide]
    dimension: str  # what was asked of both ("math", "takes longer"); "" for the roadmaps as a whole

    def passages(self) -> list[Passage]:
        return [p for side in self.sides for p in side.passages]

    def rescore(self, swap: Swap) -> None:
        for side in self.sides:
            side.passages = swap(side.passages)
            if side.headed is not None:
                passage = swap([side.headed.passage])[0]
                side.headed = HeadedAnswer(side.headed.heading, side.headed.lines, passage, side.headed.score)


def _naming_parts(finder: EvidenceFinder, question: str) -> list[tuple[str, RoadmapStructure | None]]:
    """The question's parts, each with the roadmap it names (rag.targeting's rule for every request
    that names roadmaps in turn)."""
    return finder.targeter.naming_parts(question, SPLIT)


def named_roadmaps(finder: EvidenceFinder, question: str, comparing: bool = False) -> list[RoadmapStructure]:
    """The distinct roadmaps the question's parts name, each part naming one (two or more, else none).
    A question that asks to compare (`comparing`) may name both in one part ("compare the deep
    learning stage of road to ml with the prep plan's"): the roadmaps whose names it says as names,
    in the order it says them."""
    if len(finder.structures) < 2:
        return []
    found: list[RoadmapStructure] = []
    for _, roadmap in _naming_parts(finder, question):
        if roadmap is not None and all(r.doc_id != roadmap.doc_id for r in found):
            found.append(roadmap)
    if len(found) < 2 and comparing:
        found = said_roadmaps(finder, question)
    return found if len(found) >= 2 else []


def said_roadmaps(finder: EvidenceFinder, question: str) -> list[RoadmapStructure]:
    """The roadmaps whose names `question` says as names, by where it first says each."""
    words = question.split()
    said = [r for r in finder.structures if finder.targeter.says_name(question, r)]
    first = {r.doc_id: next((n for n in range(1, len(words) + 1)
                             if finder.targeter.says_name(" ".join(words[:n]), r)), len(words)) for r in said}
    return sorted(said, key=lambda r: first[r.doc_id])


def dimension_of(finder: EvidenceFinder, question: str, roadmaps: list[RoadmapStructure]) -> str:
    """What is asked of each roadmap: the parts that name none, and what the naming parts say
    besides the name ("on math")."""
    parts = _naming_parts(finder, question)
    kept = [finder.targeter.without_names(part, roadmap) if roadmap is not None else part for part, roadmap in parts]
    text = " ".join(kept)
    for roadmap in roadmaps:  # one no part named alone ("A's deep learning stage with B's")
        if all(named is None or named.doc_id != roadmap.doc_id for _, named in parts):
            text = finder.targeter.without_names(text, roadmap)
    words = ASKING.sub(" ", ROADMAP_WORDS.sub(" ", re.sub(r"[?!.,;:]", " ", text))).split()
    # what is left of the names' phrases ("road *to* ml*'s*") and the words that say "a part of it"
    # ("the math+python *part*", "the RL *module*") ask nothing of either roadmap
    asked = [w for w in words if w.lower() not in STOPWORDS and len(w) > 1 and stem(w.lower()) not in PART_STEMS]
    return re.sub(r"(?<=[a-z])\+(?=[a-z])", " ", " ".join(asked or words), flags=re.I)  # "math+python", not "c++"


def compare_roadmaps(finder: EvidenceFinder, question: str, roadmaps: list[RoadmapStructure]) -> RoadmapComparison:
    """Each roadmap's passages on the asked dimension: a search within it, its own lines about
    itself as a whole when the dimension asks a type they give (how long it takes), and a heading
    of it that asks the dimension (its body answers for that roadmap)."""
    dimension = dimension_of(finder, question, roadmaps)
    wanted = asked_types(dimension, question)
    matcher = heading_matcher(finder)
    sides = []
    for roadmap in roadmaps:
        own = RetrievalFilter(doc_id=roadmap.doc_id, kind="roadmap")
        found = finder.retriever.search(dimension, filter=own, k=MAX_SIDE_PASSAGES) if content_terms(dimension) else []
        subject = " ".join(subject_terms(dimension))  # and its subject's own words ("deep learning"), by BM25
        lexical = getattr(finder.retriever, "lexical", None)
        if subject and lexical is not None:
            seen = {p.chunk_id for p in found}
            found += [p for p, _ in lexical.search(subject, 2, lexical.mask_for(own)) if p.chunk_id not in seen]
        whole = [p for p in finder.about_whole(roadmap) if p.kind == "roadmap"]
        if wanted:
            whole = [p for p in whole if any(cue.gives.search(p.text) for cue in wanted)]
            if subject:  # "the math part, time-wise": its own lines that name the subject (a time table's row)
                whole = [p for p in whole if _names(p, subject)]
        named = _headed_by(finder, roadmap, dimension)  # "prerequisites": its section headed "Prerequisites"
        named += [p for p in _stage_named(finder, roadmap, subject) if p not in named]  # "the deep learning stage"
        found = named + [p for p in found if p.chunk_id not in {n.chunk_id for n in named}]
        known = {p.chunk_id for p in found}
        extra = [p for p in whole if p.chunk_id not in known][:2 if wanted or not found else 0]
        passages = (extra + found if wanted else found + extra)[:MAX_SIDE_PASSAGES + 1]
        headed = matcher.best(dimension, passages, templates=template_headings(finder)) if dimension else None
        sides.append(RoadmapSide(roadmap, passages, headed))
    return RoadmapComparison(sides, dimension)


def _names(passage: Passage, subject: str) -> bool:
    return bool({stem(t) for t in content_terms(subject)} & {stem(w) for w in tokens(f"{passage.section} {passage.text}")})


def _stage_named(finder: EvidenceFinder, roadmap: RoadmapStructure, subject: str, most: int = 2) -> list[Passage]:
    """The first passages of the roadmap's stage whose title names the subject ("Stage 1: Math +
    Python Basics" for "the math+python part"), when one does."""
    if not subject:
        return []
    matches = finder.locate([roadmap], subject, min_score=STAGE_TITLE_SCORE)
    if not matches:
        return []
    return [p for p in finder.stage_passages(roadmap.doc_id, matches[0].stage.index) if p.kind == "roadmap"][:most]


def asked_types(dimension: str, question: str) -> list:
    """The answer types asked of each roadmap: the dimension's, or a duration the question asks
    ("how long does each take?" leaves "long take" once its asking words are gone)."""
    return cues(dimension) or [cue for cue in cues(question) if cue.name == "duration"]


def _headed_by(finder: EvidenceFinder, roadmap: RoadmapStructure, dimension: str) -> list[Passage]:
    """The roadmap's passages whose own heading is the dimension's words, all of them."""
    asked = {stem(t) for t in content_terms(dimension)}
    if not asked:
        return []
    hits = finder.headed(asked)
    return [finder.passages[i] for i, n in sorted(hits.items())
            if n == len(asked) and finder.passages[i].doc_id == roadmap.doc_id and finder.passages[i].kind == "roadmap"][:2]


def compose(comparison: RoadmapComparison, question: str, book: CitationBook, idf, default_idf: float,
            label: str) -> str:
    """One bullet per roadmap, led by its title: the lines that answer the dimension (a heading of
    it that asks the dimension first), or a plain statement that its passages say nothing of it."""
    said = {stem(t) for t in subject_terms(comparison.dimension)}  # not the words that ask ("teaches")
    asked = said or {stem(t) for t in content_terms(comparison.dimension)}
    key = max(said, key=lambda t: idf.get(t, default_idf), default=None)  # its rarest word, as said
    asks = comparison.dimension or question
    wanted = asked_types(asks, question)  # "the pytorch course" asks for no course: the type is the dimension's
    bullets = []
    for side in comparison.sides:
        title = short_title(side.roadmap.title)
        picked: list[tuple[str, Passage]] = []
        if side.headed is not None:
            picked = [(line, side.headed.passage) for line in side.headed.lines[:MAX_SIDE_LINES]]
        # the headed passage is among the side's passages: a line it gave is not said again
        said_already = {_said(line) for line, _ in picked}
        more = [(line, p) for line, p in _side_lines(side, asks, wanted, asked, key, idf, default_idf)
                if _said(line) not in said_already and _said(line.split(": ", 1)[-1]) not in said_already]
        picked += more[:max(0, MAX_SIDE_LINES - len(picked))]
        if not picked:
            bullets.append(f"- **{title}**: its passages found here say nothing about \"{comparison.dimension or 'it'}\"")
            continue
        (first, passage), rest = picked[0], picked[1:]
        bullets.append(f"- **{title}**: {first.rstrip(':')} {book.cite(passage)}")
        bullets += [f"  - {line.rstrip(':')} {book.cite(p)}" for line, p in rest]
    return f"**{label}**\n" + "\n".join(bullets)


def _said(line: str) -> str:
    """A line as said, for telling repeats apart (case, spacing and end marks aside)."""
    return " ".join(line.lower().split()).rstrip(" .:")


def _side_lines(side: RoadmapSide, asks: str, wanted: list, asked: set[str], key: str | None, idf,
                default_idf: float) -> list[tuple[str, Passage]]:
    """A side's lines on the dimension, best first: those that give the asked type and name the
    subject ("| Stage 0 | Foundation (Python, Math) | 2-3 months |" for "the math part, time-wise"),
    then those that do either. A line under a heading that gives the type (a stage titled "Math +
    Python Basics (2–3 weeks)") is said with that heading, once per passage."""
    ranked: list[tuple[int, str, Passage]] = []
    headed: set[str] = set()
    for line in score_lines(asks, asks, side.passages, idf, default_idf):
        text = f"{line.text} {line.passage.section}"
        words = {stem(w) for w in tokens(text)} | {stem(t) for t in content_terms(text)}
        # "deep learning": its rarest word, and two of its words, not "learning" alone
        shares = len(asked & words) >= min(2, len(asked)) and (key is None or key in words)
        typed = bool(wanted) and all(cue.gives.search(line.text) for cue in wanted)
        said = line.text
        heading = next((part for part in reversed(line.passage.section.split(" > ")) if wanted and asked
                        and all(cue.gives.search(part) for cue in wanted) and asked & {stem(w) for w in tokens(part)}), None)
        if not typed and heading is not None and shares and line.passage.chunk_id not in headed:
            typed, said = True, f"{heading}: {line.text}"
            headed.add(line.passage.chunk_id)
        if weak(line.text, line.passage.section) or not (typed or not asked or shares):
            continue
        if all(said != other for _, other, _ in ranked):
            ranked.append((0 if typed and shares else 1, said, line.passage))
    ranked.sort(key=lambda item: item[0])  # stable: the line order within each rank stays
    return [(said, passage) for _, said, passage in ranked]
