"""The evidence a direct question is answered from: the stage or part it names, the roadmap's own
lines about itself, the sibling passages of the best results, and one more search for the asked
answer type when nothing found so far gives it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.acronyms import Definition, asked_acronyms, find_definitions
from rag.answer_lines import counted, cues, specific_cues, subject_terms
from rag.evidence import Evidence, EvidenceFinder, Swap
from rag.headed_answers import HeadedAnswer, document_order, heading_matcher, template_headings
from rag.learner import LearnerContext, without_quantities
from rag.list_answer import asks_for_list
from rag.start_skips import SkippedStage
from rag.models import Passage, RoadmapStructure
from rag.part_answer import PartEvidence
from rag.path_types import StageEvidence
from rag.parts import PART_STEMS
from rag.retrieval import RetrievalFilter
from rag.roadmap_time import RoadmapTime
from rag.roadmap import StageMatch, label_terms
from rag.coverage import Absence, Presence
from rag.roadmap_sides import RoadmapComparison
from rag.targeting import ROADMAP_WORDS
from rag.text import content_terms, stem, tokens

MAX_NEARBY = 4
MAX_WHOLE_ROADMAPS = 3  # a question about "the roadmap" with none named: the first few roadmaps' own lines


@dataclass
class FactEvidence:
    focus: list[Passage]  # the section or stage a question names
    nearby: list[Passage] = field(default_factory=list)  # the rest of the best results' stages
    part: PartEvidence | None = None
    whole: bool = False  # the focus is the roadmap's own lines about itself as a whole
    query: str = ""  # the query without the words that named its roadmap (they name every line of it)
    named: bool = False  # the focus stage's title holds every subject word of the question
    anchored: bool = False  # the focus is the stage the conversation is on, not a guess from words
    times: list[RoadmapTime] = field(default_factory=list)  # "how long does the whole thing take?" (rag.roadmap_time)
    headed: HeadedAnswer | None = None  # a heading that asks the question ("What are the prerequisites?")
    defined: list[Definition] = field(default_factory=list)  # the acronyms it asks about, as the text defines them
    compared: RoadmapComparison | None = None  # two roadmaps it names, each answered from its own
    absent: Absence | None = None  # "does it cover X?" where no passage of it names X (rag.coverage)
    present: Presence | None = None  # "does it cover X?" where one does: the line that names X
    skipped: list[SkippedStage] = field(default_factory=list)  # stages a start answer leaves out (rag.start_skips)

    def groups(self) -> list[list[Passage]]:
        return [self.focus, self.nearby, self.compared.passages() if self.compared else [],
                self.absent.elsewhere if self.absent else [], [self.present.passage] if self.present else [],
                [s.passage for s in self.skipped]]

    def covered(self) -> bool:
        """A part or a roadmap named with nothing else, or a stage whose title holds every word the
        question names its subject with: the structure answers it. Naming a stage among other
        words is not enough: the similarity decides."""
        return self.part is not None or self.whole or self.named or bool(self.times) or bool(self.defined) \
            or self.compared is not None or self.absent is not None

    def rescore(self, swap: Swap) -> None:
        self.focus, self.nearby = swap(self.focus), swap(self.nearby)
        self.defined = [replace_definition(d, swap([d.passage])[0]) for d in self.defined]
        if self.compared is not None:
            self.compared.rescore(swap)
        if self.absent is not None:
            self.absent.rescore(swap)
        if self.present is not None:
            self.present.rescore(swap)
        if self.headed is not None:
            self.headed = replace_passage(self.headed, swap([self.headed.passage])[0])
        if self.part is not None:
            replace = {p.chunk_id: p for p in self.focus}
            self.part.intro = [replace.get(p.chunk_id, p) for p in self.part.intro]
            for child in self.part.children:
                child.passage = replace.get(child.passage.chunk_id, child.passage)



MAX_STAGE_PASSAGES = 4  # a stage's first passages answer for it
MAX_TYPED_LATER = 2  # ... and its later ones that give the asked type, when none of the first does


def stage_focus(part: StageEvidence, question: str) -> list[Passage]:
    """A stage's first passages and its options; for a question of an answer type none of them gives
    ("how long does it take?", "is there a book for it?", "how many projects?"), also the stage's later
    passages that give it: the line that answers may sit deep in a long stage."""
    shown = part.passages[:MAX_STAGE_PASSAGES]
    wanted = [cue for cue in specific_cues(question) if cue.name != "number"]  # any digit is no answer type
    count = counted(question)

    def typed(passage: Passage) -> bool:
        return bool(wanted and gives(passage, wanted) or count is not None and count.search(passage.text))

    later = [] if not (wanted or count) or any(typed(p) for p in shown) else \
        [p for p in part.passages[MAX_STAGE_PASSAGES:] if typed(p)][:MAX_TYPED_LATER]
    return shown + later + part.options


def focus(finder: EvidenceFinder, text: str, structures: list[RoadmapStructure], question: str = "") -> list[Passage]:
    """Passages of the stages whose titles name a distinctive word of `text` (of `question`, the
    answer type asked)."""
    idf = finder.retriever.lexical.idf
    threshold = 1.4  # the word is in at most a quarter of the passages
    distinctive = [t for t in content_terms(text) if idf.get(stem(t), threshold + 1) > threshold]
    labels = label_terms(text)  # "stage 1", "phase 2": a numbered stage, though every title says "stage"
    if not distinctive and not labels:
        return []
    order = [stem(t) for t in distinctive]

    def first_mention(match: StageMatch) -> int:
        title = {stem(t) for t in content_terms(match.stage.title)}
        return min((i for i, t in enumerate(order) if t in title), default=len(order))

    said = {stem(t) for t in tokens(text)}

    def labelled(match: StageMatch) -> bool:  # "the deep learning quarter": a stage of the "quarters"
        return bool(said & {stem(t) for t in tokens(f"{match.stage.group} {match.stage.label}")})

    matches = finder.locate(structures, " ".join(distinctive) or text, min_score=3.0, per_roadmap=False, labels=labels)
    matches = [StageMatch(m.roadmap, m.stage, m.score + labelled(m)) for m in matches]
    matches.sort(key=lambda m: (-m.score, first_mention(m)))
    if matches:  # the best-matching stage(s); on a tie, the one the question names first
        best = (matches[0].score, first_mention(matches[0]))
        matches = [m for m in matches if (m.score, first_mention(m)) == best]
    found: list[Passage] = []
    for match in matches[:2]:
        part = finder.stage_evidence(match.roadmap, match.stage)
        found += stage_focus(part, question) if question else part.passages[:MAX_STAGE_PASSAGES] + part.options
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


# A roadmap's own section on what to have before its first stage, or on how to begin it.
PREREQUISITES = re.compile(r"^\W*(prerequisites?|pre-?reqs?|requirements|before you (begin|start)|what you('ll)? need|"
                           r"(what are the |are there any )?prerequisites|what (do i|you) need|who is this (course |guide )?for)\b", re.I)
GETTING_STARTED = re.compile(r"^\W*((how (do i|to) )?get(ting)? started|start here|where to (start|begin)|how to (start|begin|use)"
                             r"( this \w+)?|setup|set ?up|installation)\b", re.I)


def start_passages(finder: EvidenceFinder, structures: list[RoadmapStructure],
                   context: LearnerContext | None = None, before: bool = False) -> list[Passage]:
    """"Where do I start?": each roadmap's first stage (rag.fact_evidence.first_stages); a roadmap
    with no stages, its own prerequisites or getting-started section. "What do I need before I
    start?" (`before`): that prerequisites section first, the first stage where it has none."""
    found: list[Passage] = []
    for rank, roadmap in enumerate(structures):
        prerequisites, getting_started = start_sections(finder, roadmap)
        stage = first_stages(finder, [roadmap], context)
        if before and prerequisites:
            found += prerequisites
        elif stage:
            found += stage
        else:
            found += prerequisites or getting_started
        if rank == 0 and not found:  # the roadmap asked about says nowhere where to start: not another's
            return []
    return found


def start_roadmaps(structures: list[RoadmapStructure], ranked: list[Passage], most: int = 3) -> list[RoadmapStructure]:
    """Across roadmaps, the ones "where do I start?" is about: those of the best search results, the
    best first ("new to RL, where do I start with the SB3 tips?" is not answered from another
    roadmap's first stage when targeting missed the name, though search found it)."""
    if len(structures) < 2:
        return structures
    near = list(dict.fromkeys(p.doc_id for p in ranked if p.kind == "roadmap"))[:1]
    near += [p.doc_id for p in ranked[:most] if p.kind == "roadmap" and p.doc_id not in near]
    by_id = {r.doc_id: r for r in structures}
    return [by_id[d] for d in dict.fromkeys(near) if d in by_id] or structures


def start_sections(finder: EvidenceFinder, roadmap: RoadmapStructure) -> tuple[list[Passage], list[Passage]]:
    """A roadmap's own prerequisites section and its getting-started section (two passages each at most)."""
    own = [p for p in finder.passages if p.doc_id == roadmap.doc_id and p.kind == "roadmap"]
    heading = lambda p: p.section.split(" > ")[-1]  # noqa: E731
    return ([p for p in own if PREREQUISITES.match(heading(p))][:2],
            [p for p in own if GETTING_STARTED.match(heading(p))][:2])


def labelled(finder: EvidenceFinder, question: str, known: set[str], most: int = 2) -> list[Passage]:
    """"Which tools are nice to have?": the passages whose own heading the list question names
    ("Nice to Have"), by the rarity of the words it shares with the question, the
    heading's words named, two or all (search may rank a list with no words of the question's low)."""
    if not asks_for_list(question):
        return []
    idf = finder.retriever.lexical.idf
    asked = {stem(t) for t in content_terms(question)}
    scored: list[tuple[float, int]] = []
    own: dict[str, set[str]] = {}
    for position in finder.headed(asked):
        heading = finder.sections[position].split(" > ")[-1]
        words = own.setdefault(heading, {stem(t) for t in content_terms(heading)})
        hits = asked & words
        if len(hits) >= 2 or hits and hits == words:
            scored.append((sum(idf.get(t, 1.0) for t in hits), position))
    scored.sort(key=lambda item: (-item[0], item[1]))
    found = [finder.passages[position] for _, position in scored]
    return [p for p in found if p.chunk_id not in known][:most]


def replace_passage(found: HeadedAnswer, passage: Passage) -> HeadedAnswer:
    return HeadedAnswer(found.heading, found.lines, passage, found.score)


def headed_answer(finder: EvidenceFinder, evidence: Evidence, payload: FactEvidence,
                  structures: list[RoadmapStructure]) -> HeadedAnswer | None:
    """A heading among the passages found so far (and their sections' siblings) that asks the question;
    not when the question names a stage alone (that stage answers it), and only a heading whose
    answer gives the asked type ("is there a book ...?" is not answered by "Why learn X?")."""
    if payload.named or payload.part is not None:
        return None
    question = evidence.query.question
    if evidence.scope is not None and len(structures) == 1:
        question = finder.targeter.without_names(question, structures[0])
    pool: dict[str, Passage] = {}
    for p in [*payload.focus, *evidence.ranked, *payload.nearby]:
        if p.kind == "roadmap" and (evidence.scope is None or evidence.scope.accepts(p)):
            pool.setdefault(p.chunk_id, p)
    for p in nearby(finder, list(pool.values())[:4], []):  # the other questions of a FAQ section
        pool.setdefault(p.chunk_id, p)
    asked = specific_cues(ROADMAP_WORDS.sub(" ", question))  # "the pytorch course" asks for no course
    similar = getattr(finder.retriever, "similarities", None)
    scores = similar(evidence.query.query, list(pool)) if similar else {}
    return heading_matcher(finder).best(question, list(pool.values()), evidence.query.question, asked,
                                        document_order(finder), scores, template_headings(finder))


def replace_definition(found: Definition, passage: Passage) -> Definition:
    return Definition(found.acronym, found.long_form, found.line, passage)


def defined_acronyms(finder: EvidenceFinder, evidence: Evidence) -> list[Definition]:
    """"What's a PAT?": the line that defines each acronym the question asks about, found by the
    acronym's own words (and its plural) in the roadmap the question names, else in any roadmap."""
    asked = asked_acronyms(evidence.query.question)
    if not asked:
        return []
    lexical = finder.retriever.lexical
    mask = lexical.mask_for(evidence.scope or RetrievalFilter(kind="roadmap"))
    return find_definitions(asked, lambda text: [p for p, _ in lexical.search(text, MAX_NEARBY * 2, mask)
                                                 if p.kind == "roadmap"])
