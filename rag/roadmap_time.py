"""How long a whole roadmap takes, said the way its documents say it.

"How long does the whole thing take?" / "how long would the roadmap take me at 6 hours a week?":
a roadmap rarely states a total. What an honest answer can give, per roadmap, is: the time it
states for itself as a whole (a line outside its stages: "about 2 years ... 20 hours/week"), how
its stages are laid out (quarters, steps), which stages give their own estimate and which do not,
and the timelines it gives for something else (a goal's "Months 1-3"), labelled as what they are.
The learner's pace is applied only to a stated figure, labelled as computed from the cited line
(rag.learner); stages without a figure are never filled in, so no total is ever invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rag.answer_lines import ASKING_WORDS, cues, subject_terms
from rag.edits import EditIndex
from rag.estimates import SPAN, TIME_UNIT_WORDS, daily_rate, heading_estimate, parse_estimate, weekend_rate, weekly_rate
from rag.extractive import CitationBook, passage_lines
from rag.learner import COMPUTED, LearnerContext, learner_context, num, paced_line, without_quantities
from rag.models import Passage, RoadmapStructure, Stage
from rag.parts import PART_STEMS
from rag.roadmap import PARALLEL_GROUPS
from rag.targeting import ROADMAP_WORDS
from rag.text import STOPWORDS, stem, tokens
from rag.whole_time import kind_of, unit_lines, whole_lines

# Words that say "all of it" or the learner's situation, naming no part of a roadmap.
WHOLE = frozenset("""whole entire thing things everything all full complete overall total start end finish
    finishing done it this that one them me my i roughly approx approximately realistically run runs""".split())
SITUATION = TIME_UNIT_WORDS | frozenset("""only just can could do have got spare free weekend weekends weekday
    weekdays evening evenings night nights job working work full-time part-time fulltime parttime busy time study
    studying learn learning pace rate around about like maybe per each every""".split())
SAYS_WHOLE = re.compile(r"\b(whole|entire|all of it|everything|overall|in total|altogether|end to end|"
                        r"road ?maps?|curriculum|programme|program)\b", re.I)
NUMBERED_PART = re.compile(r"\b(?:step|stage|phase|module|part|level|unit|chapter|section|option|track|quarter|"
                           r"semester|year|month|week)\s*#?\d+\b|\b(?:option|track)\s+[a-d]\b", re.I)
TIMED_GROUPS = re.compile(r"\b(quarters?|months?|weeks?|semesters?|years?|terms?|days?)\b", re.I)
MAX_ROADMAPS = 3
INSTRUCTIONS = ("For each roadmap, say what time it states for itself as a whole (if any), which stages state "
                "their own time and which do not, and label a goal's timeline as a goal's. Apply the learner's "
                "weekly hours only to a stated figure, saying it is computed from the cited line; never add "
                "stages up into a total and never estimate a stage that states no time.")
_FILLER = {w for w in WHOLE | SITUATION | ASKING_WORDS | STOPWORDS if len(w) >= 3}
_FILLER_NEAR = EditIndex(_FILLER)
MAX_GOAL_LINES = 3
MAX_LISTED = 6  # stages named one by one; a longer list is counted, with its first few shown


@dataclass
class StageTime:
    stage: Stage
    passage: Passage | None  # the stage's passage (its estimate line, or its first passage)
    line: str = ""  # the estimate line as the document states it; "" when the stage gives none


@dataclass
class RoadmapTime:
    """Everything one roadmap says about time, each with the passage that says it."""

    roadmap: RoadmapStructure
    whole: list[tuple[str, Passage]] = field(default_factory=list)  # its own lines about itself
    main: list[StageTime] = field(default_factory=list)  # its main sequence of stages, in order
    other: list[tuple[Stage, str, Passage]] = field(default_factory=list)  # timelines of goals/options
    per_unit: list[tuple[str, str, Passage]] = field(default_factory=list)  # ("lesson", "Each lesson takes 3 hours", p)
    asked: Stage | None = None  # the stage a question asked the time of, when it gives none of its own
    asked_passages: list[Passage] = field(default_factory=list)

    def passages(self) -> list[Passage]:
        found = self.asked_passages[:1] + [p for _, p in self.whole] + [p for _, _, p in self.per_unit] + [t.passage for t in self.main if t.passage] + [p for _, _, p in self.other]
        return list({p.chunk_id: p for p in found}.values())


def weekly_pace(question: str) -> tuple[float, str] | None:
    """The learner's hours a week and how that was read ("" when they said it per week)."""
    weekly = weekly_rate(question)
    if weekly:
        return weekly, ""
    daily = daily_rate(question)
    if daily:
        (per_day, days), hours = daily, daily[0] * daily[1]
        return hours, f"{num(per_day)} h a day over {days} days a week is {num(hours)} h/week"
    weekend = weekend_rate(question)
    if weekend:
        return weekend, f"your {num(weekend)} hours at weekends taken as {num(weekend)} h/week"
    return None


def asks_whole_time(question: str, roadmaps: list[RoadmapStructure], without_names) -> list[RoadmapStructure]:
    """The roadmaps a question asks the whole duration of: it asks how long, and no word of it names
    anything but a roadmap, the whole of it, or the learner's own time ("how long would the whole
    thing take me, weekends only?"). `without_names(text, roadmap)` drops the roadmap's own name."""
    if not any(cue.name == "duration" for cue in cues(question)):
        return []
    text = without_quantities(question)
    if NUMBERED_PART.search(text):  # "step 2", "option b": one part, not the whole
        return []
    found = []
    for roadmap in roadmaps[:MAX_ROADMAPS]:
        rest = [t for t in subject_terms(without_names(text, roadmap))
                if t not in WHOLE and t not in SITUATION and stem(t) not in PART_STEMS
                and not ROADMAP_WORDS.fullmatch(t) and not t.isdigit() and not _misspelt_filler(t)]
        if not rest:
            found.append(roadmap)
    return found


def _misspelt_filler(word: str) -> bool:
    """"wil", "tak", "entrie": one edit from a word that asks or says "all of it", which names nothing."""
    if len(word) < 3:
        return False
    if len(word) == 3:  # a short word only by a dropped letter ("tak"), or it matches too much
        return _FILLER_NEAR.dropped(word)
    return _FILLER_NEAR.touches(word)


def untimed_stage(question: str, focus: list[Passage], roadmaps: list[RoadmapStructure],
                  named: bool = False) -> tuple[RoadmapStructure, Stage] | None:
    """"How long is Q2?" where the question names one stage (by its title's words or its label) that
    states no time of its own: that stage, so the answer says so instead of opening with another
    stage's figure."""
    if not any(cue.name == "duration" for cue in cues(question)):
        return None
    places = {(p.doc_id, p.stage_index) for p in focus}
    if len(places) != 1:
        return None
    doc_id, index = places.pop()
    roadmap = next((r for r in roadmaps if r.doc_id == doc_id), None)
    stage = roadmap.stage(index) if roadmap is not None and index is not None else None
    if stage is None or stage.estimate is not None or heading_estimate(stage.title, "") is not None:
        return None
    said = {w.lower() for w in tokens(question)}
    label = [w.lower() for w in tokens(stage.label) if not re.fullmatch(r"(?:19|20)\d\d", w)]
    if not (named or (label and set(label) <= said)):
        return None
    duration = _duration_cue()
    if any(duration.gives.search(line) for p in focus for line in passage_lines(p, keep_colons=True)):
        return None
    return roadmap, stage


def _duration_cue():
    return next(cue for cue in cues("how long") if cue.name == "duration")


def roadmap_time(finder, roadmap: RoadmapStructure, asked: Stage | None = None) -> RoadmapTime:
    """What `roadmap` says about time: its own lines about itself that give a duration, its main
    sequence with each stage's own estimate, and the duration lines of its other groups."""
    duration = _duration_cue()
    found = RoadmapTime(roadmap=roadmap, asked=asked)
    if asked is not None:
        found.asked_passages = finder.stage_passages(roadmap.doc_id, asked.index)
        if _stage_time(asked, found.asked_passages).line:  # it does give one after all: never say it does not
            found.asked, found.asked_passages = None, []
    found.whole = whole_lines(finder.about_whole(roadmap))  # the sentence that gives the time, not its paragraph
    found.per_unit = unit_lines(finder.about_whole(roadmap))
    for stage in roadmap.stages:
        passages = finder.stage_passages(roadmap.doc_id, stage.index)
        if stage.group not in PARALLEL_GROUPS:  # the sequence, over all its parts ("Core CS", "Advanced CS")
            found.main.append(_stage_time(stage, passages))
            continue
        for passage in passages:
            lines = [ln for ln in passage_lines(passage, keep_colons=True) if duration.gives.search(ln)]
            found.other += [(stage, ln, passage) for ln in lines]
    return found


def _stage_time(stage: Stage, passages: list[Passage]) -> StageTime:
    """The stage with its estimate as the document states it, and the passage that states it (a
    table row's cells may be joined in the estimate: "14 weeks, 6-10 hours/week"). A stage is only
    left without one when neither its heading nor any line of its passages states a time, so "no
    time estimate for X" is true of everything the index holds for X."""
    estimate = stage.estimate or heading_estimate(stage.title, stage.title)
    if estimate is None:
        stated = next(((p, ln) for p in passages for ln in passage_lines(p, keep_colons=True)
                       if parse_estimate(ln) is not None), None)
        if stated is not None:
            return StageTime(stage, stated[0], stated[1])
        return StageTime(stage, passages[0] if passages else None)
    said = estimate.text
    for passage in passages:
        line = next((ln for ln in passage_lines(passage, keep_colons=True) if said in ln), "")
        if line:
            return StageTime(stage, passage, line)
    span = SPAN.search(said)
    holder = next((p for p in passages if span and span.group(0) in p.text), passages[0] if passages else None)
    return StageTime(stage, holder, said if holder is not None else "")


def compose(times: list[RoadmapTime], question: str, book: CitationBook) -> str:
    """Per roadmap: what it states about its whole length, its stages with and without their own
    estimate, goal timelines labelled, and the learner's pace applied to stated figures only."""
    pace = weekly_pace(question)
    context = learner_context(question)
    if pace is not None:
        context = replace(context, hours_per_week=pace[0])
    blocks = []
    if pace is not None and pace[1]:
        blocks.append(f"**Your pace: {pace[1]}.**")
    for time in times:
        blocks.append(_roadmap_block(time, context, book))
    return "\n\n".join(blocks)


def _roadmap_block(time: RoadmapTime, context: LearnerContext, book: CitationBook) -> str:
    title = time.roadmap.title
    out = [f"**{title}**"]
    if time.asked is not None:
        out = [f"**{time.asked.title}** ({title})", "- **It gives no time estimate of its own.**"]
        first = next((line for p in time.asked_passages[:1] for line in passage_lines(p)), "")
        if first:
            out.append(f"- It covers: {first} {book.cite(time.asked_passages[0])}")
        out.append(f"- **What {title} does say about time:**")
    stated = time.whole  # only lines that give a time are kept (roadmap_time)
    if stated:
        for line, passage in stated[:2]:
            mark = book.cite(passage)
            out.append(f"- For the whole roadmap it says: {line.rstrip(':')} {mark}")
            out.append(paced_line(line, context, mark))
    else:
        calendar = bool(time.main) and bool(TIMED_GROUPS.search(time.main[0].stage.group or ""))
        out.append("- **It states no total time for the whole roadmap" +
                   (f" (its {time.main[0].stage.group} are a span of the calendar, not a stated length)" if calendar else "")
                   + ".**")
    units = {unit for unit, _, _ in time.per_unit}
    for unit, line, passage in time.per_unit[:2]:  # "Each lesson takes about 3 hours": every lesson's time
        out.append(f"- For every {unit} it says: {line} {book.cite(passage)}")
    timed = [t for t in time.main if t.line]
    if time.main and time.asked is None:  # a question about one stage needs no list of them all
        out.append(_layout(time.main, book))
    if len(timed) > MAX_LISTED:
        out.append(f"- **{len(timed)} of its {len(time.main)} stages give their own estimate; the first {MAX_LISTED // 2}:**")
    for t in timed[:MAX_LISTED // 2] if len(timed) > MAX_LISTED else timed:
        mark = book.cite(t.passage)
        out.append(f"- {t.stage.title}: {t.line.rstrip(':')} {mark}")
        out.append(paced_line(t.line, context, mark))
    untimed = [t.stage.title for t in time.main if not t.line and kind_of(t.stage) not in units]
    if untimed and timed:
        named = "; ".join(untimed) if len(untimed) <= MAX_LISTED else f"{len(untimed)} stages, among them {'; '.join(untimed[:3])}"
        out.append(f"- **No time estimate for: {named}.**")
    elif untimed:
        out.append("- **None of its stages gives a time estimate.**")
    if context.hours_per_week and timed and (untimed or len(timed) > 1) and time.asked is None:
        out.append(f"- **I do not add the stages up into a total at {num(context.hours_per_week)} h/week: "
                   f"{'not every stage gives a time' if untimed else 'the roadmap does not say every stage is needed or done one after another'}.**")
    elif context.hours_per_week and not timed and not stated and not time.per_unit:
        out.append(f"- **So there is no figure to apply your {num(context.hours_per_week)} h/week to.**")
    by_stage: dict[int, list[tuple[Stage, str, Passage]]] = {}
    for item in time.other:
        by_stage.setdefault(item[0].index, []).append(item)
    if by_stage:
        out.append("- **Timelines it gives for a goal or option (not the roadmap's own length):**")
    for items in by_stage.values():
        cited = " ".join(dict.fromkeys(book.cite(p) for _, _, p in items[:MAX_GOAL_LINES]))
        said = "; ".join(line.rstrip(":.") for _, line, _ in items[:MAX_GOAL_LINES])
        out.append(f"  - {items[0][0].title}: {said} {cited}")
        for _, line, passage in items[:MAX_GOAL_LINES]:
            out.append(paced_line(line, context, book.cite(passage)).replace("- ", "  - ", 1))
    return "\n".join(filter(None, out))


def _layout(main: list[StageTime], book: CitationBook) -> str:
    """'It is laid out in 4 quarters, in this order:' and each stage cited, or, for a long sequence in
    parts, its parts by name and its first and last stage cited. The count and the parts are the
    index's structure, so they introduce the list (a heading), and each listed stage is a cited claim."""
    parts = list(dict.fromkeys(t.stage.group for t in main))
    item = lambda t: f"  - {t.stage.title} {book.cite(t.passage)}" if t.passage else f"  - {t.stage.title}"
    if len(parts) == 1:
        group = parts[0]
        plural = bool(re.fullmatch(r"[a-z]+s", group or ""))  # "quarters", "steps"; not "Curriculum"
        kind = f"{len(main)} {group}" if plural else f"{len(main)} stages"
        if len(main) <= MAX_LISTED:
            return "\n".join([f"- It is laid out in {kind}, in this order:", *(item(t) for t in main)])
        return "\n".join([f"- It is laid out in {kind}, from first to last:", item(main[0]), item(main[-1])])
    return "\n".join([f"- It is laid out in {len(main)} stages over {len(parts)} parts ({'; '.join(parts)}), "
                      "from first to last:", item(main[0]), item(main[-1])])



__all__ = ["RoadmapTime", "asks_whole_time", "compose", "roadmap_time", "weekly_pace", "COMPUTED", "tokens"]
