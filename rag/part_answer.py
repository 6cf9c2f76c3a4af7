"""A part the question names ("the math part of the CS curriculum", "which courses are in core
theory?"), answered from that part: its children in the roadmap's order, each with the lines of the
asked type (its weeks, its books) or what it covers, then what the part says about itself.

Which part a question names is `rag.parts`; this module decides whether the question is about the
part itself, gathers the part's passages and writes its lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.answer_lines import OPENING_LABEL, specific_cues, subject_terms
from rag.evidence import EvidenceFinder
from rag.extractive import Composition, passage_lines, short_title
from rag.learner import learner_context, paced_line, without_quantities
from rag.models import Passage, RoadmapStructure
from rag.roadmap import PARALLEL_GROUPS
from rag.parts import PART_STEMS, PART_WORDS, Part
from rag.targeting import ROADMAP_WORDS
from rag.text import stem

# A question that asks for the members of a part ("which courses are in core theory?").
MEMBERS = re.compile(r"\b(which|what|list|name)\b(?:\s+\w+){0,3}?\s+(courses?|classes|steps?|stages?|modules?|"
                     r"lessons?|units?|subjects?)\b", re.I)
MAX_PART_CHILDREN = 7  # a part's children listed with a citation each (the median answer cites at most 8)


@dataclass
class PartChild:
    title: str
    passage: Passage
    stages: list[str] = field(default_factory=list)  # a sub-part's stages, by title
    own: bool = False  # the passage is the sub-part's own (its heading's), not its first stage's


@dataclass
class PartEvidence:
    """A part the question names ("the math part", "core theory"): its own lines and its children."""

    roadmap: RoadmapStructure
    part: Part
    intro: list[Passage]
    children: list[PartChild]
    more: int = 0  # children left out
    asked: str = ""  # the question without the words that name the roadmap ("the LLM course" asks no course)
    about: str = ""  # a stem the intro's lines must hold ("part" for "what are the parts of ..."): they lead


def named_part(finder: EvidenceFinder, question: str, structures: list[RoadmapStructure], ranked: list[Passage],
               focus: list[Passage]) -> PartEvidence | None:
    """The part of a roadmap the question names, when it asks about the part itself: a question with
    other words of its own ("quantization in the scientist part") is about something in it, and a
    stage named as well as the part by one word without a word that says part is about the stage."""
    text = without_quantities(question)
    ranks = list(dict.fromkeys(p.doc_id for p in ranked if p.kind == "roadmap"))
    candidates = structures if len(structures) == 1 else sorted(
        (r for r in structures if r.doc_id in ranks[:3]), key=lambda r: ranks.index(r.doc_id))
    found = [(r, named) for r in candidates if (named := finder.part_named(text, r)) is not None]
    if not found:
        return None
    roadmap, named = max(found, key=lambda item: len(item[1].naming))  # on a tie, the best-ranked roadmap
    part = named.part
    known = getattr(getattr(finder.retriever, "lexical", None), "idf", None) or {}
    rest = [t for t in subject_terms(finder.targeter.without_names(text, roadmap))
            if stem(t) not in named.naming and stem(t) not in PART_STEMS and not ROADMAP_WORDS.fullmatch(t)
            and (not known or stem(t) in known)]  # a word no passage has ("teh") names nothing in it
    if rest:  # the question is about something in (or beside) the part, not the part itself
        return None
    says_part = bool(PART_WORDS.search(question)) or len(named.naming) > 1
    if focus and not says_part and any(p.stage_index not in part.stages for p in focus):
        return None
    tree = finder.heading_tree(roadmap.doc_id)
    children: list[PartChild] = []
    for path in part.children[:MAX_PART_CHILDREN]:
        child = tree.parts.get(path)
        if child is None or not child.stages:
            continue
        if len(child.stages) == 1:
            passages = finder.stage_passages(roadmap.doc_id, child.stages[0])
            stages: list[str] = []
        else:
            own = finder.part_passages(child)
            passages = own or finder.stage_passages(roadmap.doc_id, child.stages[0])
            stages = [s.title for i in child.stages if (s := roadmap.stage(i)) is not None]
        if passages:
            children.append(PartChild(child.name, passages[0], stages, own=len(child.stages) > 1 and bool(own)))
    if not children:
        return None
    return PartEvidence(roadmap, part, finder.part_passages(part)[:1], children, max(0, len(part.children) - MAX_PART_CHILDREN),
                        finder.targeter.without_names(question, roadmap))


def part_lines(composition: Composition, part: PartEvidence) -> str:
    """A part the question names: its children in the roadmap's order, each with the lines of the
    asked type (its duration, its books) or what it covers, then the part's own first lines."""
    question = part.asked or composition.evidence.query.question
    wanted = specific_cues(question)
    context = learner_context(question)
    book = composition.book
    def intro() -> list[str]:  # cited when placed: citations are numbered in reading order
        found = []
        for passage in part.intro:
            runs = _runs(passage_lines(passage, keep_colons=True))
            if part.about:  # the roadmap counting its own members: "divided into three parts"
                counted = re.compile(rf"\b(?:\d+|{NUMBER_WORDS})\s+(?:[\w-]+\s+)?{re.escape(part.about)}\w*", re.I)
                runs = [line for line in runs if counted.search(line)]
            found += [f"- {line} {book.cite(passage)}" for line in runs[:2]]
        return found

    # what the part says about itself first, unless the question asks for its members or a type they give
    members = (bool(wanted) or bool(MEMBERS.search(question))) and not part.about
    lines = [] if members else intro()
    whole = part.part.path == (part.roadmap.title,)
    lines.append(f"**{part.part.name}**" + ("" if whole else f" ({short_title(part.roadmap.title)})") + ", in the roadmap's order:")
    for child in part.children:
        own = [line for line in passage_lines(child.passage) if len(line) < 200]
        if wanted:
            said = [line for line in own if any(cue.gives.search(line) for cue in wanted)][:2]
        elif child.stages:  # a sub-part: what it says about itself, else where it starts
            said = _runs(passage_lines(child.passage, keep_colons=True))[:1] if child.own else [f"first {child.stages[0]}"]
        else:
            said = [line for line in own if child.title.lower() not in line.lower()][:1]
        mark = book.cite(child.passage)
        lines.append(f"- **{child.title}**" + (f": {'; '.join(said)}" if said else "") + f" {mark}")
        if wanted and context.hours_per_week:
            lines.append("  " + paced_line("; ".join(said), context, mark))
    if part.more:
        lines.append(f"- and {part.more} more in this {'roadmap' if whole else 'part'}")
    lines += intro() if members else []
    return f"**{OPENING_LABEL}**\n" + "\n".join(line for line in lines if line.strip())


def _runs(lines: list[str], most: int = 8) -> list[str]:
    """A part's own lines, a list run on after the line that introduces it ("Topics covered:
    functional programming; design for testing; ...")."""
    out: list[str] = []
    introduced = False
    for line in lines:
        if line.endswith(":"):
            out.append(line)
            introduced = True
        elif introduced and out and out[-1].count(";") < most - 1 and not line.startswith((">", "#")):
            out[-1] = f"{out[-1]} {line}" if out[-1].endswith(":") else f"{out[-1]}; {line}"
        else:
            out.append(line)
            introduced = False
    return [line for line in out if not line.endswith(":") and not line.startswith((">", "#"))]


NUMBER_WORDS = "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
WHOLE_MEMBERS = re.compile(r"\b(which|what|list|name)\b(?:\s+\w+){0,3}?\s+(steps|stages|parts|phases|quarters|"
                           r"tracks|modules|sections|courses|milestones)\b", re.I)


def roadmap_members(finder: EvidenceFinder, question: str, structures: list[RoadmapStructure]) -> PartEvidence | None:
    """"What are the steps of the Gen AI roadmap?": a question for the members of one roadmap as a
    whole (no word of it names anything in the roadmap) lists its parts in order (each with its
    stages), or its stages when it has one sequence."""
    if len(structures) != 1 or not WHOLE_MEMBERS.search(question):
        return None
    roadmap = structures[0]
    own = finder.targeter.without_names(without_quantities(question), roadmap)
    if [t for t in subject_terms(own) if stem(t) not in PART_STEMS and not ROADMAP_WORDS.fullmatch(t)]:
        return None
    stages = [s for s in roadmap.stages if s.group not in PARALLEL_GROUPS]
    groups = list(dict.fromkeys(s.group for s in stages))
    children: list[PartChild] = []
    if len(groups) > 1:
        tree = finder.heading_tree(roadmap.doc_id)
        for group in groups[:MAX_PART_CHILDREN]:
            members = [s for s in stages if s.group == group]
            heading = next((p for p in tree.parts.values() if p.name == group and p.own), None)
            headed = finder.part_passages(heading)[:1] if heading else []
            passages = headed or finder.stage_passages(roadmap.doc_id, members[0].index)
            if passages:
                children.append(PartChild(group, passages[0], [s.title for s in members], own=bool(headed)))
    else:
        for stage in stages[:MAX_PART_CHILDREN]:
            passages = finder.stage_passages(roadmap.doc_id, stage.index)
            if passages:
                children.append(PartChild(stage.title, passages[0]))
    if not children:
        return None
    whole = Part((roadmap.title,), stages=[s.index for s in stages])
    listed = len(groups) if len(groups) > 1 else len(stages)
    noun = stem(WHOLE_MEMBERS.search(question).group(2).lower())
    counted = re.compile(rf"\b(?:\d+|{NUMBER_WORDS})\s+(?:[\w-]+\s+)?{re.escape(noun)}\w*", re.I)
    said = [p for p in finder.about_whole(roadmap) if counted.search(p.text)][:1]
    return PartEvidence(roadmap, whole, said, children, max(0, listed - MAX_PART_CHILDREN), own, noun if said else "")


def first_of_part(finder: EvidenceFinder, topic: str, structures: list[RoadmapStructure]) -> list[Passage]:
    """"Which math course do I take first?": the first stage of the part the topic names (a group of
    stages such as "Core math"), not the whole roadmap's first stage, when the topic says nothing but
    that part; [] otherwise (a stage named by its own title is found by its title)."""
    for roadmap in structures[:3]:
        named = finder.part_named(topic, roadmap)
        if named is None or len(named.part.stages) < 2 or len(named.part.stages) >= len(roadmap.stages):
            continue
        rest = [t for t in subject_terms(finder.targeter.without_names(topic, roadmap))
                if stem(t) not in named.naming and stem(t) not in PART_STEMS and not ROADMAP_WORDS.fullmatch(t)]
        if not rest:
            return finder.stage_passages(roadmap.doc_id, named.part.stages[0])
    return []
