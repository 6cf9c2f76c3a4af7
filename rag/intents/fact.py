"""A direct question ("What is in Step 3?", "How long is Q2?"): the default intent. The answer is
the lines that best answer it, from the stage the question names or the best search results."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.answer_lines import OPENING_LABEL, asks_where_to_start, cues, opening_lines, subject_terms
from rag.evidence import Evidence, EvidenceFinder, Swap
from rag.extractive import Composition, CitationBook, passage_lines, short_title
from rag.intents.base import IntentUnit
from rag.intents.next_step import focus_stage
from rag.learner import COMPUTED, LearnerContext, assumption_note, learner_context, paced_line, without_quantities
from rag.models import Passage, RoadmapStructure
from rag.part_answer import PartEvidence, named_part, part_lines, roadmap_members
from rag.parts import PART_STEMS
from rag.targeting import ROADMAP_WORDS
from rag.retrieval import RetrievalFilter
from rag.roadmap import StageMatch
from rag import roadmap_time
from rag.text import content_terms, stem, tokens

MAX_FACT_LINES = 6
MAX_NEARBY = 4
MAX_WHOLE_ROADMAPS = 3  # a question about "the roadmap" with none named: the first few roadmaps' own lines
MAX_OPENING_POOL = 8  # retrieved passages beyond the answer's own pool that may hold the opening line
OPTIONS_QUESTION = re.compile(r"\b(options|choices|speciali[sz]ations|which specialties|what can i specialise)\b", re.I)
STAGE_WORDS = re.compile(r"\b(step|stage|quarter|q[1-4]|option|path|route|phase|track)\b", re.I)


@dataclass
class FactEvidence:
    focus: list[Passage]  # the section or stage a question names
    nearby: list[Passage] = field(default_factory=list)  # the rest of the best results' stages
    part: PartEvidence | None = None
    whole: bool = False  # the focus is the roadmap's own lines about itself as a whole
    query: str = ""  # the query without the words that named its roadmap (they name every line of it)
    named: bool = False  # the focus stage's title holds every subject word of the question
    anchored: bool = False  # the focus is the stage the conversation is on, not a guess from words
    times: list[roadmap_time.RoadmapTime] = field(default_factory=list)  # "how long does the whole thing take?"

    def groups(self) -> list[list[Passage]]:
        return [self.focus, self.nearby]

    def covered(self) -> bool:
        """A part or a roadmap named with nothing else, or a stage whose title holds every word the
        question names its subject with: the structure answers it. Naming a stage among other
        words is not enough: the similarity decides."""
        return self.part is not None or self.whole or self.named or bool(self.times)

    def rescore(self, swap: Swap) -> None:
        self.focus, self.nearby = swap(self.focus), swap(self.nearby)
        if self.part is not None:
            replace = {p.chunk_id: p for p in self.focus}
            self.part.intro = [replace.get(p.chunk_id, p) for p in self.part.intro]
            for child in self.part.children:
                child.passage = replace.get(child.passage.chunk_id, child.passage)


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
        # how long the whole roadmap takes (the stage the conversation is on only without "whole")
        timed = roadmap_time.asks_whole_time(query.question, structures, finder.targeter.without_names)
        if timed and (anchor is None or roadmap_time.SAYS_WHOLE.search(query.question)):
            payload.times = [roadmap_time.roadmap_time(finder, roadmap) for roadmap in timed]
            payload.focus, payload.whole = [p for t in payload.times for p in t.passages()], True
            return payload
        # the stage the conversation is on ("tell me more", "and before it?", "a book for it?")
        if anchor is not None and query.focus.carried and not query.focus.after and not query.focus.parts:
            part = finder.stage_evidence(*anchor)
            payload.focus, payload.anchored = part.passages[:4] + part.options, True
            return payload
        payload.part = roadmap_members(finder, query.question, structures)
        if payload.part is not None:  # "what are the steps of the Gen AI roadmap?"
            payload.focus = [*payload.part.intro, *(child.passage for child in payload.part.children)]
            return payload
        if cues(query.question):  # "how long does the OSSU CS curriculum take?"
            payload.focus = about_whole(finder, query.question, structures)
            payload.whole = bool(payload.focus)
        if payload.whole:  # the words that name the roadmap, or say "a roadmap", name every line of it
            named = structures[0] if evidence.scope is not None and len(structures) == 1 else None
            payload.query = ROADMAP_WORDS.sub(" ", finder.targeter.without_names(query.query, named)
                                              if named is not None else query.query)
        for text in (query.question, query.about, query.subject) if not payload.whole else ():
            payload.focus = focus(finder, without_quantities(text), structures) if text else []
            if payload.focus:
                break
        payload.named = bool(payload.focus) and names_only_its_stage(query.question, payload.focus)
        payload.part = None if payload.whole else named_part(finder, query.question, structures, evidence.ranked,
                                                             payload.focus)
        if payload.part is not None:
            payload.focus = [*payload.part.intro, *(child.passage for child in payload.part.children)]
            return payload
        if not payload.focus and asks_where_to_start(query.question):
            payload.focus = first_stages(finder, structures, learner_context(query.question))
        if cues(query.question):  # a duration, a figure or a book often sits in a sibling section
            payload.nearby = nearby(finder, evidence.ranked, payload.focus)
            payload.nearby += typed_search(finder, evidence, payload)
        return payload

    def compose(self, composition: Composition) -> str:
        evidence = composition.evidence
        if isinstance(evidence.payload, FactEvidence) and evidence.payload.part is not None:
            return part_lines(composition, evidence.payload.part)
        if isinstance(evidence.payload, FactEvidence) and evidence.payload.times:
            return roadmap_time.compose(evidence.payload.times, evidence.query.question, composition.book)
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

    said = {stem(t) for t in tokens(text)}

    def labelled(match: StageMatch) -> bool:  # "the deep learning quarter": a stage of the "quarters"
        return bool(said & {stem(t) for t in tokens(f"{match.stage.group} {match.stage.label}")})

    matches = finder.locate(structures, " ".join(distinctive), min_score=3.0, per_roadmap=False)
    matches = [StageMatch(m.roadmap, m.stage, m.score + labelled(m)) for m in matches]
    matches.sort(key=lambda m: (-m.score, first_mention(m)))
    if matches:  # the best-matching stage(s); on a tie, the one the question names first
        best = (matches[0].score, first_mention(matches[0]))
        matches = [m for m in matches if (m.score, first_mention(m)) == best]
    found: list[Passage] = []
    for match in matches[:2]:
        part = finder.stage_evidence(match.roadmap, match.stage)
        found += part.passages[:4] + part.options
    return found


def names_only_its_stage(question: str, focus: list[Passage]) -> bool:
    """Every word the question names its subject with is in the title of a stage it focuses on
    ("how long does the foundation part take?" and "Q1 2026: Foundation & Core Concepts")."""
    subject = {stem(t) for t in subject_terms(without_quantities(question))
               if stem(t) not in PART_STEMS and not ROADMAP_WORDS.fullmatch(t)}
    titles = {stem(t) for p in focus for t in content_terms(p.stage_title)}
    return bool(subject) and subject <= titles


def about_whole(finder: EvidenceFinder, question: str, structures: list[RoadmapStructure]) -> list[Passage]:
    """"How long does the OSSU CS curriculum take?": a question of an answer type about a roadmap
    as a whole (no word of it names anything but the roadmap) is answered from the roadmap's own
    lines outside its stages that give that type ("about 2 years ... 20 hours/week")."""
    wanted = cues(question)
    found: list[Passage] = []
    for roadmap in structures[:MAX_WHOLE_ROADMAPS]:
        own = finder.targeter.without_names(without_quantities(question), roadmap)
        if [t for t in subject_terms(own) if stem(t) not in PART_STEMS and not ROADMAP_WORDS.fullmatch(t)]:
            continue
        found += [p for p in finder.about_whole(roadmap) if any(cue.gives.search(p.text) for cue in wanted)][:2]
    return found


def gives(passage: Passage, wanted: list) -> bool:
    return any(cue.gives.search(passage.text) for cue in wanted)


def typed_search(finder: EvidenceFinder, evidence: Evidence, payload: FactEvidence) -> list[Passage]:
    """When no passage found so far gives the asked type (no line names a book, none a duration),
    one more search for the question with that type's own words, within the same roadmap(s)."""
    wanted = [cue for cue in cues(evidence.query.question) if cue.search_words]
    seen = [*payload.focus, *payload.nearby, *evidence.ranked]
    if not wanted or any(gives(p, wanted) for p in seen if p.kind == "roadmap"):
        return []
    text = evidence.query.query + " " + " ".join(cue.search_words for cue in wanted)
    flt = evidence.scope or RetrievalFilter(kind="roadmap")
    known = {p.chunk_id for p in seen}
    return [p for p in finder.retriever.search(text, filter=flt, k=MAX_NEARBY)
            if p.kind == "roadmap" and p.chunk_id not in known and gives(p, wanted)]


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
    payload = evidence.payload if isinstance(evidence.payload, FactEvidence) else None
    query = (payload.query if payload else "") or evidence.query.query
    terms = {stem(t) for t in content_terms(query)}
    ranked = [p for p in evidence.ranked if p.kind == "roadmap"][:6] or evidence.ranked[:6]
    focus_ids = {p.chunk_id for p in focus}
    top = {p.chunk_id for p in evidence.ranked[:1]}
    names_stage = STAGE_WORDS.search(evidence.query.question) is not None
    # a question that names a stage (and retrieval agrees, or it says "step", "path"...) is
    # answered from that stage; otherwise the stage only competes with the search results
    starts = asks_where_to_start(evidence.query.question)
    whole = isinstance(evidence.payload, FactEvidence) and evidence.payload.whole
    named = isinstance(evidence.payload, FactEvidence) and evidence.payload.named
    anchored = isinstance(evidence.payload, FactEvidence) and evidence.payload.anchored
    strong = bool(focus_ids) and (names_stage or starts or whole or named or anchored or bool(focus_ids & top))
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
    # "where do I start" answers from the first stages; otherwise any search result may hold the answer,
    # but a question about the roadmap as a whole from its own lines about itself, and one about a
    # stage alone (every subject word in its title) from that stage: its subject first, then the
    # asked type within it
    others = [] if whole else nearby_passages if starts and strong else nearby_passages + evidence.ranked
    wanted = cues(evidence.query.question)
    if named and not starts:
        inside = [p for p in others if (p.doc_id, p.stage_index) in {(f.doc_id, f.stage_index) for f in focus}]
        # the stage's own lines, unless none of them gives the asked type ("a book for deep learning")
        if not wanted or any(gives(p, wanted) for p in pool + inside):
            others = inside
    candidates = pool + [p for p in others if p.kind == "roadmap" and p.chunk_id not in lines_of][:MAX_OPENING_POOL]
    opening = opening_lines(evidence.query.question, query, candidates, composition.idf,
                            composition.default_idf)
    said = {(line.passage.chunk_id, line.text) for line in opening}
    # nor again the paragraph an opening sentence was taken from
    scored = [item for item in scored if not any(chunk == item[4].chunk_id and text in item[3] for chunk, text in said)]
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
        together = {line.passage.chunk_id for line in opening}
        if not any(COMPUTED in line for line in said_lines) and len(opening) > 1 and len(together) == 1:  # "Duration: 2 weeks", "Effort: 12 h/week"
            said_lines.append(paced_line("; ".join(line.text for line in opening), context, book.cite(opening[0].passage)))
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
