""""What should I learn after PyTorch?": where the learner stands in each roadmap and the stages
that follow, in the roadmap's own order, with what to learn and the resources recommended there."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.evidence import Evidence, EvidenceFinder, RoadmapPath, StageEvidence, Swap
from rag.extractive import Composition, anchors, passage_lines
from rag.intents.base import IntentUnit
from rag.intents.injection import attribute
from rag.models import Passage, RoadmapStructure, Stage
from rag.query import ConversationFocus, StandaloneQuery
from rag.retrieval import RetrievalFilter
from rag.roadmap import PARALLEL_GROUPS
from rag.roadmap_paths import list_beats
from rag.scope_types import asks_outcome  # "what careers after finishing?" asks an outcome, not a next stage
from rag.ellipsis import inherits

NAMED_STAGE = 2.0  # a stage named by its title, label or a sub-heading scores this much a word (rag.roadmap.stage_score)
MAX_POINT = 220  # characters: a longer line is a paragraph, not a point
MAX_LIST_SCAN = 12  # roadmaps whose ordered lists are all read for the item a question names
RESOURCES_PER_STAGE = 2  # a next-step answer names a stage's first resources (the rest: ask for resources)
DETECT = re.compile(
    r"\b(after|next|afterwards|then what|what now|now what|move on|moving on|follow(s|ing)? (up|on)|"
    r"comes? (after|next)|finished|done with|completed|once i('ve| have)? (learned|finished|mastered|done)|"
    r"what should i (learn|study|do) (now|then))\b",
    re.IGNORECASE,
)

EXACT = re.compile(r"\b(what (comes|is|should i (learn|study|take|do)) (after|next)|what'?s next|what'?s (is )?the next|now what|next step)\b|"
                   r"^\W*(?:and\s+|so\s+)?after\b(?!\s+all\b)[^?.!]{1,80}\bwhat (?:should|do|can|would) i (?:learn|study|take|do)\b", re.I)  # "after X, what should I learn?"

# "and then?", "ok, then?": said alone in a conversation, it asks what follows what the last answer was about
THEN_ALONE = re.compile(r"^\W*(?:(?:and|ok(?:ay)?|so|alright|right|cool|great|nice|thanks)\W+)*then\W*$", re.I)


@dataclass
class NextStepEvidence:
    paths: list[RoadmapPath]

    def groups(self) -> list[list[Passage]]:
        return [group for path in self.paths for group in path.groups()]

    def covered(self) -> bool:
        return bool(self.paths)

    def rescore(self, swap: Swap) -> None:
        for path in self.paths:
            path.rescore(swap)


class NextStep(IntentUnit):
    order = 40
    carried_by_follow_ups = True
    task = (
        "Task: say what to learn next. Recommend the stages that come right after the learner's current "
        "stage, in the roadmap's own order listed below (never reorder, skip or invent stages), and what "
        "to learn in each, citing its passages."
    )

    def detects(self, question: str) -> bool:
        return bool(DETECT.search(question)) and not asks_outcome(question)

    def certain(self, question: str) -> bool:
        return bool(EXACT.search(question)) and not asks_outcome(question)

    def continues(self, question: str, earlier: list[str]) -> bool:
        return bool(earlier) and bool(THEN_ALONE.match(question))

    def gather(self, finder: EvidenceFinder, evidence: Evidence, k: int,
               structures: list[RoadmapStructure]) -> NextStepEvidence:
        query = evidence.query
        anchor = focus_stage(query.focus, structures)
        bare = inherits(query)  # "what comes right after it?": the earlier turn's words say what "it" is
        if query.led and not bare:  # "and after I open the notebook in colab?": a step of the list the last answer gave
            led = finder.under_heading(query.led, {r.doc_id for r in structures})
            found = finder.item_path(query.question, led, structures, min_cover=0.0) if led else None
            if found is not None:
                return NextStepEvidence([found])
        if query.led and bare and not _names_a_stage(query.led, structures):  # "and after that one?" after a list
            found = finder.pointed_item_path(query.led, query.subject, structures)
            if found is not None and found.within:
                return NextStepEvidence([found])
        if anchor is not None and query.focus.after and bare:  # "and the one after that?" after an item of a stage
            walked = _item_after_earlier(finder, query, anchor[0], structures)
            if walked is not None:
                return NextStepEvidence([walked])
        if anchor is not None and query.focus.after:  # "and after that one?": from the stage in focus
            return NextStepEvidence([finder.path_at(*anchor)])
        paths = finder.paths_after(query.subject if bare else query.question, structures)
        if not paths and query.subject:
            paths = finder.paths_after(query.subject, structures)
        near = {p.doc_id for p in evidence.ranked}  # an index of many roadmaps: its lists are read where search points
        listed = finder.ordered_item_path(query.subject if bare else query.question,
                                          structures if len(structures) <= MAX_LIST_SCAN else [r for r in structures if r.doc_id in near])
        if listed is not None and list_beats(listed, paths, query.subject if bare else query.question):
            return NextStepEvidence([listed])  # the list the item is in, alone: no other roadmap's stages
        weak = bool(paths) and all(path.score < NAMED_STAGE and path.reached is None for path in paths)
        if not paths or weak:  # no stage named (a word of a stage's topics at most): a list entry the question names
            # within one roadmap the search is the one already ranked; across them, roadmap passages only
            searched = [] if evidence.scope else finder.retriever.search(query.query, filter=RetrievalFilter(kind="roadmap"), k=k)
            found = finder.item_path(query.subject if bare else query.question, [*evidence.ranked, *searched], structures)
            if found is not None and (not paths or found.position.stage.index < 0):  # over a weak stage: an entry outside every stage
                paths = [found]
        return NextStepEvidence(paths)

    def compose(self, composition: Composition) -> str:
        payload = composition.evidence.payload
        if not isinstance(payload, NextStepEvidence) or not payload.paths:
            return ""
        paths = payload.paths
        book = composition.book
        blocks = []
        if any(path.following for path in paths):  # a parallel option has no "next": leave it out
            paths = [path for path in paths if path.following or path.within]
        for path in paths:  # the stages before where the learner stands are not theirs to learn next
            composition.skip_before(path.roadmap.doc_id, path.position.stage.index)
        for rank, path in enumerate(paths):
            again = rank > 0 and paths[rank - 1].roadmap.doc_id == path.roadmap.doc_id  # the item is in another stage too
            lines = [] if again else [f"**{path.roadmap.title}**", ""]
            where = path.position.passages[0] if path.position.passages else None
            stage_line = (f"It is also in **{path.position.stage.title}**" if again else
                          f"Your question points to **{path.position.stage.title}**") + (f" {book.cite(where)}" if where else "")
            if path.reached is not None:  # an item inside the stage: what follows it there comes first
                lines += _within_lines(path, book, again)
                if path.following:
                    lines += ["", "After this stage:", "", _stage_summary(len(path.within) + 1, path.following[0], composition, 0)]
                blocks.append("\n".join(lines))
                continue
            if not path.following and path.position.stage.group not in PARALLEL_GROUPS:
                lines.append(f"{stage_line}, the last stage of this roadmap: there is no next stage in it.")
                after = [f"{_run_on(_said_after(p))} {book.cite(p)}" for p in _beyond(path) if passage_lines(p)]
                if after:
                    lines += ["", "After it, the roadmap says: " + " ".join(after)]
                blocks.append("\n".join(lines))
                continue
            lines.append(f"{stage_line}. Next:")
            lines.append("")
            for number, part in enumerate(path.following, 1):
                if number == 1 and path.crossing is not None:
                    lines += [_crossing_line(path, book), ""]
                # the best-matching roadmap lists two resources a stage; the others one
                lines.append(_stage_summary(number, part, composition, RESOURCES_PER_STAGE if rank == 0 else 1))
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    def prompt_groups(self, evidence: Evidence) -> list[list[Passage]]:
        payload = evidence.payload
        if not isinstance(payload, NextStepEvidence) or not payload.paths:
            return []
        groups = [[p for path in payload.paths for p in path.position.passages[:1]]]
        groups.append([item.passage for path in payload.paths for item in path.within])
        depth = max(len(path.following) for path in payload.paths)
        for step in range(depth):
            parts = [path.following[step] for path in payload.paths if step < len(path.following)]
            groups.append([p for part in parts for p in _learn_first(part.passages)[:2]])
            groups.append([p for part in parts for p in part.resources[:2]])
        return groups

    def instructions(self, evidence: Evidence, numbers: dict[str, int], with_order: bool = True) -> str:
        payload = evidence.payload
        if with_order and isinstance(payload, NextStepEvidence) and payload.paths:
            return self.task + "\n\n" + stage_order(payload.paths, numbers)
        return self.task


def _beyond(path: RoadmapPath) -> list[Passage]:
    """What the roadmap says after its last stage: the first section there, not the unrelated
    sections that follow it (how to contribute, the team)."""
    first = path.beyond[0].section.split(" > ")[0] if path.beyond else ""
    return [p for p in path.beyond if p.section.split(" > ")[0] == first]


def _said_after(passage: Passage) -> list[str]:
    """A passage's first lines; when it introduces a list ("What is next for you? ...:"), the list
    is what it says."""
    lines = passage_lines(passage, keep_colons=True)
    lead = next((n for n, line in enumerate(lines) if line.endswith(":") and n + 1 < len(lines)), None)
    return lines[lead:lead + 5] if lead is not None else lines[:3]


def _within_lines(path: RoadmapPath, book, again: bool = False) -> list[str]:
    """'Your question points to **Supervised Learning** in **Step 5** [1]. Next in this stage:' and
    the items after it, each with what the roadmap says of it ('It also appears as ...' for the
    same item in a later stage)."""
    reached, stage = path.reached, path.position.stage
    lead = "It also appears as" if again else "Your question points to"
    opening = f"{lead} **{reached.label}** in **{stage.title}** {book.cite(reached.passage)}"
    if not path.within:
        return [f"{opening}, the last item of this stage."]
    lines = [f"{opening}. Next in this {'section' if stage.group == 'sections' else 'stage'}:", ""]
    for number, item in enumerate(path.within, 1):
        said = item.text[len(item.label):].lstrip(" :;,.-") if item.text.startswith(item.label) else item.text
        if item.level == 0:  # a sub-heading: its first lines say what it holds
            said = _run_on([line for line in passage_lines(item.passage) if not line.endswith(":")][:2])
        point = said if len(said) < MAX_POINT else re.split(r"(?<=[.!?])\s+", said)[0][:MAX_POINT]
        lines.append(f"{number}. **{item.label}**" + (f": {point.rstrip('.')}" if point else "") + f" {book.cite(item.passage)}")
    return lines


def _crossing_line(path: RoadmapPath, book) -> str:
    """'That ends **Core CS**; the roadmap continues with **Advanced CS** > **Advanced programming**:',
    with the first lines the entered part says about itself."""
    crossing = path.crossing
    entered = " > ".join(f"**{name}**" for name in crossing.entered)
    line = f"That ends **{crossing.ended[0]}**; the roadmap continues with {entered}:"
    said = [f"{_run_on(passage_lines(p)[:2])} {book.cite(p)}" for p in path.entering if passage_lines(p)]
    return line + (" " + " ".join(said) if said else "")


def _names_a_stage(heading: str, structures: list[RoadmapStructure]) -> bool:
    """The heading is a stage's title or label (stages move along the roadmap, not along a list)."""
    key = " ".join(heading.casefold().split())
    return any(key in {" ".join(n.casefold().split()) for n in (s.title, s.label) if n} for r in structures for s in r.stages)


def _item_after_earlier(finder: EvidenceFinder, query: StandaloneQuery, roadmap: RoadmapStructure,
                        structures: list[RoadmapStructure]) -> RoadmapPath | None:
    """The earlier question named an item inside a stage ("what's in neural networks part 2?"): "the
    one after that" is the item after it, not the next stage; when the earlier question already asked
    what follows the item, its answer led with the next item, so the walk goes on from that one. Only
    right after that question: once a later turn moved on ("and then?"), the stage in focus says where."""
    if not query.earlier or query.earlier[-1] != query.subject:
        return None
    found = next((p for p in finder.paths_after(query.subject, structures)
                  if p.roadmap.doc_id == roadmap.doc_id and p.reached is not None), None)
    if found is None or query.subject_intent != UNIT.name:
        return found
    return finder.walked_on(found)


def focus_stage(focus: ConversationFocus | None, structures: list[RoadmapStructure]) -> tuple[RoadmapStructure, Stage] | None:
    """The roadmap and stage a follow-up's focus names, when it names a stage of these roadmaps."""
    if focus is None or focus.stage_index is None:
        return None
    roadmap = next((r for r in structures if r.doc_id == focus.doc_id), None)
    stage = roadmap.stage(focus.stage_index) if roadmap is not None else None
    return (roadmap, stage) if stage is not None else None


def _run_on(lines: list[str]) -> str:
    """Lines as one sentence run: a finished sentence is followed by a space, anything else by "; "."""
    text = ""
    for line in (line.strip().rstrip(",;:") for line in lines):
        text += ("" if not text else " " if text.endswith((".", "!", "?")) else "; ") + line
    return text


def _stage_summary(number: int, part: StageEvidence, composition: Composition, resources: int) -> str:
    book = composition.book
    learn = [p for p in part.passages if "resource" not in p.section.lower()
             and not p.section.lower().split(" > ")[-1].startswith("why")]
    learn = (learn or part.passages)[:1]  # one passage says what the stage teaches: one citation
    points: list[tuple[str, Passage]] = []
    for passage in learn:
        for line in passage_lines(passage):
            cells = [cell for cell in line.split("; ") if not _restates(cell, part.stage)]  # a table row's own cells
            while len(cells) > 1 and len("; ".join(cells)) >= MAX_POINT:
                cells.pop()  # a long row: its first cells
            line = "; ".join(cells)
            line = line if len(line) < MAX_POINT else re.split(r"(?<=[.!?])\s+", line)[0]  # a paragraph: its first sentence
            if len(points) < 4 and line and not line.endswith(":") and len(line) < MAX_POINT:
                points.append((line.rstrip("."), passage))
    cited: dict[str, list[str]] = {}
    for line, passage in points:
        cited.setdefault(passage.chunk_id, []).append(line)
    pieces = []
    for chunk_id, lines in cited.items():
        passage = next(p for p in part.passages if p.chunk_id == chunk_id)
        pieces.append("; ".join(lines) + f" {book.cite(passage)}")
    summary = f"{number}. **{part.stage.title}**: " + ("; ".join(pieces) if pieces else "see the roadmap")
    if part.options:
        names = "; ".join(f"{p.section.split(' > ')[-1]} {book.cite(p)}" for p in part.options)
        summary += f". You choose one of: {names}"
    names = _resource_names(part, composition, resources) if resources else ""
    return summary + (f". Resources: {names}" if names else "")


def _restates(line: str, stage: Stage) -> bool:
    """A table row's cell that only repeats what the stage line already says ("Week: 4", "Theme:
    <the title>", "Part: <the group>")."""
    name, colon, value = line.partition(": ")
    if not colon or len(name) > 40:
        return False
    value = value.strip().rstrip(".").lower()
    return value in {stage.title.lower(), stage.group.lower(), stage.label.lower()} or bool(re.fullmatch(r"#?\d{1,3}", value))


def _resource_names(part: StageEvidence, composition: Composition, most: int) -> str:
    book = composition.book
    names = []
    for passage in part.resources[:most]:
        title = passage.section.split(" > ")[-1]
        names.append(f"{title} {book.cite(passage)}")
        composition.link(title, passage)
    if not names:
        for passage in part.passages:
            if "resource" in passage.section.lower():
                found = [a["text"] for a in anchors(passage)] or passage_lines(passage)[:3]
                names.append(", ".join(found[:4]) + f" {book.cite(passage)}")
    return "; ".join(names)


def _learn_first(passages: list[Passage]) -> list[Passage]:
    """A stage's "what to learn" passages before its "why" and resource-list ones."""

    def rank(p: Passage) -> int:
        last = p.section.lower().split(" > ")[-1]
        return 2 if "resource" in last else 1 if last.startswith("why") else 0

    return sorted(passages, key=rank)


def stage_order(paths: list[RoadmapPath], numbers: dict[str, int]) -> str:
    """The stored stage order of each roadmap path, with the passage numbers of each stage."""
    lines = []
    for path in paths:
        def cited(stage_passages: list[Passage]) -> str:
            marks = "".join(f"[{numbers[p.chunk_id]}]" for p in stage_passages if p.chunk_id in numbers)
            return f" {marks}" if marks else ""

        lines.append(f"In {attribute(path.roadmap.title)}:")
        lines.append(f"- now: {path.position.stage.title}{cited(path.position.passages)}")
        if path.reached is not None:
            lines.append(f"- reached inside it: {path.reached.label}{cited([path.reached.passage])}")
        for item in path.within:
            lines.append(f"- next inside it: {item.label}{cited([item.passage])}")
        if not path.following:
            lines.append("- nothing follows it in this roadmap")
        for i, part in enumerate(path.following, 1):
            lines.append(f"- next {i}: {part.stage.title}{cited(part.passages + part.resources)}")
    return "\n".join(lines)


UNIT = NextStep()
