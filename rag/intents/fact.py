"""A direct question ("What is in Step 3?", "How long is Q2?"): the default intent. The answer is
the lines that best answer it, from the stage the question names or the best search results."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.answer_lines import OPENING_LABEL, asks_where_to_start, cues, opening_lines
from rag.evidence import Evidence, EvidenceFinder, Swap
from rag.extractive import Composition, CitationBook, passage_lines, short_title
from rag.intents.base import IntentUnit
from rag.intents.next_step import focus_stage
from rag.learner import LearnerContext, assumption_note, learner_context, paced_line, without_quantities
from rag.models import Passage, RoadmapStructure
from rag.retrieval import RetrievalFilter
from rag.roadmap import StageMatch
from rag.text import content_terms, stem, tokens

MAX_FACT_LINES = 6
MAX_NEARBY = 4
MAX_OPENING_POOL = 8  # retrieved passages beyond the answer's own pool that may hold the opening line
OPTIONS_QUESTION = re.compile(r"\b(options|choices|speciali[sz]ations|which specialties|what can i specialise)\b", re.I)
STAGE_WORDS = re.compile(r"\b(step|stage|quarter|q[1-4]|option|path|route|phase|track)\b", re.I)


@dataclass
class FactEvidence:
    focus: list[Passage]  # the section or stage a question names
    nearby: list[Passage] = field(default_factory=list)  # the rest of the best results' stages
    anchored: bool = False  # the focus is the stage the conversation is on, not a guess from words

    def groups(self) -> list[list[Passage]]:
        return [self.focus, self.nearby]

    def covered(self) -> bool:
        return False  # naming a stage is not enough: the similarity decides

    def rescore(self, swap: Swap) -> None:
        self.focus, self.nearby = swap(self.focus), swap(self.nearby)


class Fact(IntentUnit):
    order = 90
    default = True
    task = "Task: answer the question directly in a few sentences or bullets, citing a passage after each."

    def detects(self, question: str) -> bool:
        return True

    def gather(self, finder: EvidenceFinder, evidence: Evidence, k: int,
               structures: list[RoadmapStructure]) -> FactEvidence:
        query = evidence.query
        if sum(p.kind == "roadmap" for p in evidence.ranked) < 3:
            known = {p.chunk_id for p in evidence.ranked}
            more = finder.retriever.search(query.query, filter=evidence.scope or RetrievalFilter(kind="roadmap"), k=k)
            evidence.ranked += [p for p in more if p.chunk_id not in known and p.kind == "roadmap"]
        payload = FactEvidence(focus=[])
        anchor = focus_stage(query.focus, structures)
        # the stage the conversation is on ("tell me more", "and before it?", "a book for it?")
        if anchor is not None and query.focus.carried and not query.focus.after and not query.focus.parts:
            part = finder.stage_evidence(*anchor)
            payload.focus, payload.anchored = part.passages[:4] + part.options, True
            return payload
        for text in (query.question, query.about, query.subject):
            payload.focus = focus(finder, without_quantities(text), structures) if text else []
            if payload.focus:
                break
        if not payload.focus and asks_where_to_start(query.question):
            payload.focus = first_stages(finder, structures, learner_context(query.question))
        if cues(query.question):  # a duration, a figure or a book often sits in a sibling section
            payload.nearby = nearby(finder, evidence.ranked, payload.focus)
        return payload

    def compose(self, composition: Composition) -> str:
        evidence = composition.evidence
        focus = getattr(evidence.payload, "focus", None) or []  # another intent's payload may name a focus too
        if OPTIONS_QUESTION.search(evidence.query.question) and any(
            p.stage_title.lower().startswith("option") for p in focus
        ):
            return _options(focus, composition.book)
        starts = asks_where_to_start(evidence.query.question)  # the first stages skip what a role is assumed to know
        return (assumption_note(learner_context(evidence.query.question)) if starts else "") + fact_lines(composition, focus)


def focus(finder: EvidenceFinder, text: str, structures: list[RoadmapStructure]) -> list[Passage]:
    """Passages of the stages whose titles name a distinctive word of the question."""
    idf = finder.retriever.lexical.idf
    threshold = 1.4  # the word is in at most a quarter of the passages
    distinctive = [t for t in content_terms(text) if idf.get(stem(t), threshold + 1) > threshold]
    if not distinctive:
        return []
    order = [stem(t) for t in distinctive]

    def first_mention(match: StageMatch) -> int:
        title = {stem(t) for t in content_terms(match.stage.title)}
        return min((i for i, t in enumerate(order) if t in title), default=len(order))

    matches = finder.locate(structures, " ".join(distinctive), min_score=3.0, per_roadmap=False)
    matches.sort(key=lambda m: (-m.score, first_mention(m)))
    if matches:  # the best-matching stage(s); on a tie, the one the question names first
        best = (matches[0].score, first_mention(matches[0]))
        matches = [m for m in matches if (m.score, first_mention(m)) == best]
    found: list[Passage] = []
    for match in matches[:2]:
        part = finder.stage_evidence(match.roadmap, match.stage)
        found += part.passages[:4] + part.options
    return found


def nearby(finder: EvidenceFinder, ranked: list[Passage], focus: list[Passage]) -> list[Passage]:
    """The other passages of the stages (or top sections) of the two best search results."""
    known = {p.chunk_id for p in ranked + focus}
    found: list[Passage] = []
    places = list(dict.fromkeys((p.doc_id, p.stage_index, p.section.split(" > ")[0]) for p in ranked if p.kind == "roadmap"))
    for doc_id, stage_index, top in places[:2]:
        if stage_index is not None:
            siblings = finder.stage_passages(doc_id, stage_index)
        else:
            siblings = [p for p in finder.passages if p.doc_id == doc_id and p.section.split(" > ")[0] == top]
        found += [p for p in siblings if p.chunk_id not in known][:MAX_NEARBY]
        known |= {p.chunk_id for p in found}
    return found


def first_stages(finder: EvidenceFinder, structures: list[RoadmapStructure],
                 context: LearnerContext | None = None) -> list[Passage]:
    """"Where do I start?": the first stage of each roadmap's main sequence that the learner does
    not already know ("I'm a backend dev, where do I start?" skips the programming stage)."""
    found: list[Passage] = []
    for roadmap in structures:
        main = [s for s in roadmap.stages if s.group == roadmap.stages[0].group] if roadmap.stages else []
        first = next((s for s in main if not (context and context.knows(s))), None)
        if first is not None:
            found += finder.stage_evidence(roadmap, first).passages[:2]
    return found


def fact_lines(composition: Composition, focus: list[Passage]) -> str:
    """The lines that best answer the question, weighted by how rare their shared words are,
    grouped under the stage or section they come from."""
    evidence, book = composition.evidence, composition.book
    terms = {stem(t) for t in content_terms(evidence.query.query)}
    ranked = [p for p in evidence.ranked if p.kind == "roadmap"][:6] or evidence.ranked[:6]
    focus_ids = {p.chunk_id for p in focus}
    top = {p.chunk_id for p in evidence.ranked[:1]}
    names_stage = STAGE_WORDS.search(evidence.query.question) is not None
    # a question that names a stage (and retrieval agrees, or it says "step", "path"...) is
    # answered from that stage; otherwise the stage only competes with the search results
    starts = asks_where_to_start(evidence.query.question)
    anchored = isinstance(evidence.payload, FactEvidence) and evidence.payload.anchored
    strong = bool(focus_ids) and (names_stage or starts or anchored or bool(focus_ids & top))
    pool = focus if strong else ranked + [p for p in focus if p.chunk_id not in {r.chunk_id for r in ranked}]
    first_stage = focus[0].stage_index if focus else None

    def weight(text: str) -> float:
        return sum(composition.idf.get(t, composition.default_idf) for t in terms & {stem(w) for w in tokens(text)})

    scored: list[tuple[float, int, int, str, Passage]] = []
    lines_of: dict[str, list[str]] = {}
    for order, passage in enumerate(pool):
        base = 0.7 * weight(passage.section) + 2.0 * passage.score
        if strong and passage.stage_index == first_stage:
            base += 1.0
        lines_of[passage.chunk_id] = passage_lines(passage, keep_colons=True)
        for position, line in enumerate(lines_of[passage.chunk_id]):
            scored.append((weight(line) + base, order, position, line, passage))
    nearby_passages = evidence.payload.nearby if isinstance(evidence.payload, FactEvidence) else []
    # "where do I start" answers from the first stages; otherwise any search result may hold the answer
    others = nearby_passages if starts and strong else nearby_passages + evidence.ranked
    candidates = pool + [p for p in others if p.kind == "roadmap" and p.chunk_id not in lines_of][:MAX_OPENING_POOL]
    opening = opening_lines(evidence.query.question, evidence.query.query, candidates, composition.idf,
                            composition.default_idf)
    said = {(line.passage.chunk_id, line.text) for line in opening}
    scored = [item for item in scored if (item[4].chunk_id, item[3]) not in said]
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    picked = {(item[1], item[2]): item for item in scored[:MAX_FACT_LINES]}
    for (order, position), item in list(picked.items()):
        if item[3].endswith(":"):  # an intro line brings (some of) the list it introduces
            for follow, line in enumerate(lines_of[item[4].chunk_id][position + 1 : position + 4], position + 1):
                picked.setdefault((order, follow), (item[0] - 0.01, order, follow, line, item[4]))
    best_of: dict[str, float] = {}
    for score, _, _, _, passage in picked.values():
        key = passage.stage_title or passage.section.split(" > ")[0]
        best_of[key] = max(best_of.get(key, score), score)
    blocks: dict[str, list[tuple[str, Passage]]] = {}
    for _, _, _, line, passage in sorted(picked.values(), key=lambda i: (i[1], i[2])):
        heading = heading_of(passage)
        blocks.setdefault(heading, []).append((line.rstrip(":"), passage))
    # the most relevant block first; lines keep their document order inside a block;
    # citations are numbered in reading order
    text = []
    if opening:
        context = learner_context(evidence.query.question)
        said_lines = []
        for line in opening:
            mark = book.cite(line.passage)
            said_lines.append(f"- **{heading_of(line.passage)}**: {line.text.rstrip(':')} {mark}")
            own = passage_lines(line.passage, keep_colons=True)
            if line.text.endswith(":") and line.text in own:  # an intro line brings the list it introduces
                start = own.index(line.text) + 1
                said_lines += [f"  - {item.rstrip(':')} {mark}" for item in own[start:start + 3]]
            said_lines.append(paced_line(line.text, context, mark))
        text.append(f"**{OPENING_LABEL}**\n" + "\n".join(filter(None, said_lines)))
    for heading in sorted(blocks, key=lambda h: -best_of.get(h, 0.0)):
        lines = [f"- {line} {book.cite(passage)}" for line, passage in blocks[heading]]
        text.append(f"**{heading}** ({short_title(blocks[heading][0][1].title)})\n" + "\n".join(lines))
    return "\n\n".join(text)


def heading_of(passage: Passage) -> str:
    """The stage or top section a line comes from (what a follow-up's "it" refers to)."""
    return passage.stage_title or passage.section.split(" > ")[0] or short_title(passage.title)


def _options(focus: list[Passage], book: CitationBook) -> str:
    """'What are the options in Q4?': each option of the stage with what it covers."""
    lines = []
    for passage in (p for p in focus if p.stage_title.lower().startswith("option")):
        points = passage_lines(passage)[:3]
        lines.append(f"- **{passage.stage_title}**: {'; '.join(points)} {book.cite(passage)}")
    return "\n".join(lines)


UNIT = Fact()
