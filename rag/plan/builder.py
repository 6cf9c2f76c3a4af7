"""A learning plan from a request and the index: the chosen roadmap's stages in its order, known and
done stages skipped (each with its reason), hours per stage, week ranges, and what does not fit the
horizon kept for later. Deterministic, no model: the same request on the same index gives the same
plan, and every stage, estimate, resource and skip cites a passage of the index."""

from __future__ import annotations

import math

from rag.errors import PlanRequestError
from rag.extractive import CitationBook
from rag.models import Passage, RoadmapStructure, Stage
from rag.plan.content import StageContent, stage_content
from rag.plan.estimate import StageHours, stage_hours
from rag.plan.goal import ROLE_WORDS, choose_roadmap, goal_terms, track_groups
from rag.plan.library import PlanLibrary
from rag.plan.models import Estimate, Guidance, Later, Plan, PlanItem, PlanRequest, PlanResource, Skip, WholeTime
from rag.plan.pace import paced, whole_estimate
from rag.plan.render import inline, plan_markdown
from rag.plan.guidance import advice_group, roadmap_guide
from rag.plan.sections import follows_stages, section_units
from rag.plan.until import stop_at
from rag.plan.skills import optional_stage, partly_teaching, skipped_stages, split_run_together, vague
from rag.roadmap import stage_stems

PARALLEL_GROUPS = {"options", "paths"}  # alternatives and goal-specific timelines, not steps to take in turn


def build_plan(request: PlanRequest, library: PlanLibrary, *, after_week: int = 0) -> Plan:
    """`after_week`: the weeks an earlier plan already takes (the second roadmap of "first A, then
    B" starts after them); its items' weeks count on from there."""
    roadmap = choose_roadmap(library.structures, goal=request.goal, roadmap=request.roadmap, track=request.track,
                             topic=request.topic, targeter=library.roadmap_targeter() if request.roadmap else None)
    track = track_groups(roadmap, request.track) if request.track else set()
    ordered = follows_stages(roadmap)
    if ordered:
        contents = {s.index: stage_content(library, roadmap, s, free_only=request.free_only) for s in roadmap.stages}
        stages = [s for s in plan_stages(roadmap, request.goal, track) if contents[s.index].main_passage is not None]
    else:  # the roadmap sets no order: its sections, in the order the document lists them
        units = section_units(roadmap, library.document_passages(roadmap))
        if not units:
            raise PlanRequestError(f"{roadmap.title} sets no order and has no sections to plan from; "
                                   "ask a question about it instead.")
        contents = {u.stage.index: stage_content(library, roadmap, u.stage, free_only=request.free_only,
                                                 passages=u.passages) for u in units}
        stages = [u.stage for u in units]
    stages, beyond, stopped = stop_at(stages, request.until)
    own = library.document_passages(roadmap)
    inside = {p.chunk_id for c in contents.values() for p in c.passages}
    guide = roadmap_guide(own, inside)  # the roadmap's own words on the order and pace to take it in
    if not ordered:  # a section's own time is that section's, not the whole roadmap's
        own = [p for p in own if p.chunk_id not in inside]
    whole = whole_estimate(own, request.hours_per_week)
    # the roadmap's own lines outside its stages may give the whole's time or a time per lesson
    book = CitationBook([p for c in contents.values() for p in _citable(c)] + [p for p in own if p.stage_index is None]
                        + [g.passage for g in guide])
    known = split_run_together(stages, request.known)  # "python sql and git": three skills
    coverage, unmatched = skipped_stages(stages, known, request.done, assumed=request.assumed,
                                         role=request.role or "", within=[s for s in stages if s.group in track],
                                         did=request.did)
    reasons = {c.stage.index: c.reason for c in coverage}
    for stage in stages:
        if stage.index not in reasons and optional_stage(stage) and not _goal_names(roadmap, stage, request.goal):
            reasons[stage.index] = "The roadmap marks this stage optional."

    plan = Plan(roadmap=roadmap.title, source=roadmap.source, goal=request.goal,
                hours_per_week=request.hours_per_week, weeks=request.weeks, known=request.known,
                order="stages" if ordered else "sections")
    # numbered first: the answer states them first
    said = whole.text if whole is not None else ""
    plan.guide = [Guidance(text=g.text, citation=book.number(g.passage), kind=g.kind) for g in guide
                  if g.text not in said]  # a line the whole's figure quotes is said there
    if whole is not None:
        plan.whole = WholeTime(text=whole.text, paced=whole.paced, citation=book.number(whole.passage))
    for stage in stages:
        if stage.index in reasons:
            plan.skipped.append(Skip(stage=stage.title, reason=reasons[stage.index],
                                     citation=book.number(contents[stage.index].main_passage)))
    budget, used, full, needed = request.budget_hours, 0.0, False, []
    for stage in (s for s in stages if s.index not in reasons):
        content = contents[stage.index]
        hours = stage_hours(stage, len(content.learn), content.passages, own, request.hours_per_week)
        needed.append((stage, hours.hours))
        if full or used + hours.hours > budget + 1e-9:
            left = budget - used
            if not full and (left >= request.hours_per_week - 1e-9 or not plan.items) and left >= 1:
                # a whole week or more is left (or nothing fits at all): the stage is started in it, and
                # the item says how much of it the horizon holds and that the rest comes after
                part = StageHours(round(left, 1), hours.kind, hours.text, hours.passage, hours.estimate, hours.note)
                plan.items.append(_item(stage, content, part, used, request.hours_per_week, book, after_week,
                                        of_hours=hours.hours))
                used = budget
            full = True  # the roadmap's order holds: nothing after a stage that does not fit moves ahead of it
            if plan.items and plan.items[-1].index == stage.index:
                continue
            plan.later.append(Later(stage=stage.title, citation=book.number(content.main_passage)))
            continue
        plan.items.append(_item(stage, content, hours, used, request.hours_per_week, book, after_week))
        used += hours.hours
    staying = [s for s in stages if s.index not in reasons]
    part = ", ".join(inline(g) for g in sorted(track)) + " (the part planned)" if track and len(stages) < len(roadmap.stages) else ""
    notes = [note for skill in unmatched if (note := _skill_note(skill, stages, staying, part))]
    if request.until:
        notes.insert(0, _until_note(request.until, stages, beyond, stopped))
    if roadmap.stages and not ordered:  # its numbered parts are tips: say why they are not the plan's order
        groups = ", ".join(dict.fromkeys(inline(s.group) for s in roadmap.stages))
        notes.insert(0, f"The numbered parts of {groups} give advice, not steps to study, so they are not planned")
    if plan.later or any(item.of_hours is not None for item in plan.items):  # the weekly budget does not fit: what
        # all of it needs at this pace, from the hours above
        notes.append(_shortfall(needed, request.hours_per_week, request.weeks,
                                any(i.of_hours is None for i in plan.items), after_week > 0))
    plan.citations = book.citations()  # found through the roadmap's structure, not a search: score 0
    later_learn = {stage.title: contents[stage.index].learn[0][0] for stage in stages
                   if contents[stage.index].learn and contents[stage.index].learn[0][1] is contents[stage.index].main_passage}
    plan.answer = plan_markdown(plan, notes=notes, options=_unchosen_options(roadmap, stages), later_learn=later_learn)
    return plan


def _shortfall(needed: list[tuple[Stage, float]], per_week: float, weeks: int, some_fit: bool,
              after: bool = False) -> str:
    """How far the time given falls short: the first stage alone when none fits, else all the stages.
    `after`: the plan follows an earlier one ("first A, then B"), so its weeks are those left, not given."""
    pace = f"{per_week:g} hour{'s' if per_week != 1 else ''} a week"
    given = "left" if after else "given"
    if not some_fit or len(needed) == 1:
        stage, hours = needed[0]
        return (f"{inline(stage.title)} alone needs {hours:g} hours: at {pace} that is "
                f"{math.ceil(hours / per_week - 1e-9)} weeks, more than the {_weeks(weeks)} {given}")
    total = sum(hours for _, hours in needed)
    return (f"All {len(needed)} parts still to do need {total:g} hours: at {pace} that is "
            f"{math.ceil(total / per_week - 1e-9)} weeks, more than the {_weeks(weeks)} {given}, so the rest waits for later")


def _weeks(count: int) -> str:
    return f"{count} week{'s' if count != 1 else ''}"


def _until_note(until: str, stages: list[Stage], beyond: list[Stage], stopped: bool) -> str:
    """Where the plan stops, as the learner asked, and what it leaves out after that."""
    if not stopped:
        return f"No stage of this roadmap names {inline(until)}, so the plan does not stop early"
    left = f": left out after it, {', '.join(inline(s.title) for s in beyond)}" if beyond else ""
    return f"You asked for a plan up to {inline(until)}, so it ends with {inline(stages[-1].title)}{left}"


def _skill_note(skill: str, stages: list[Stage], staying: list[Stage], part: str = "") -> str:
    """Why a skill the learner knows skipped nothing: it names no subject, it is one part of a larger
    stage (which stays), or no stage names it. Nothing when only skipped stages teach it."""
    if vague(skill):
        return (f"You said you know {inline(skill)}: that names no stage, so nothing was skipped for it. Name the "
                "skills (\"I know Python and SQL\") to skip the stages that teach them")
    stage = partly_teaching(staying, skill)
    if stage is not None:  # our reasoning, in bold like the plan's other computed lines; the stage cites itself
        return (f"You know {inline(skill)}, one part of what {inline(stage.title)} teaches, so that stage stays "
                "in the plan")
    if partly_teaching(stages, skill) is not None:
        return ""  # taught only in stages skipped for another reason, said there
    return f"No stage of {part or 'this roadmap'} names {inline(skill)}, so nothing was skipped for it"


def _item(stage: Stage, content: StageContent, hours: StageHours, used: float, per_week: float, book: CitationBook,
          after_week: int = 0, of_hours: float | None = None) -> PlanItem:
    citation = book.number(content.main_passage)
    learn_citations = [book.number(passage) for _, passage in content.learn]  # numbered in the order they are read
    cited = hours.passage is not None and hours.kind == "roadmap"
    estimate = Estimate(kind=hours.kind, text=hours.text,
                        citation=book.number(hours.passage) if hours.passage is not None else None,
                        # a table's row is cited as the table says it; only the stage's own line is recomputed
                        paced=paced(stage.estimate, per_week) if cited and hours.estimate is None else "",
                        note=hours.note)
    resources = [PlanResource(title=r.title, url=r.url, cost=r.cost, citation=book.number(r.passage))
                 for r in content.resources]
    start = int(used // per_week) + 1 + after_week
    end = max(start, math.ceil((used + hours.hours) / per_week - 1e-9) + after_week)
    return PlanItem(stage=stage.title, index=stage.index, start_week=start, end_week=end, hours=hours.hours, of_hours=of_hours,
                    estimate=estimate, learn=[text for text, _ in content.learn],
                    learn_citations=learn_citations, resources=resources,
                    citation=citation)


def plan_stages(roadmap: RoadmapStructure, goal: str | None, track: set[str] = frozenset()) -> list[Stage]:
    """The stages a learner takes in turn, in the roadmap's order, plus the one option (of parallel
    specialisations) that the goal names. A roadmap made only of parallel groups is taken whole. A
    `track` the learner names (its stage groups) is planned alone; else of tracks named for roles,
    the one the goal names."""
    sequence = [s for s in roadmap.stages if s.group not in PARALLEL_GROUPS]
    # numbered tips beside the steps ("Don't Make My Mistakes" > "1. You Won't Remember it All") are not steps
    steps = [s for s in sequence if not (s.group and advice_group(s.group))]
    sequence = steps or sequence
    if not sequence:
        return list(roadmap.stages)
    named = [s for s in sequence if s.group in track]
    sequence = named or _tracks_for_goal(sequence, goal)
    chosen = _option_for_goal(roadmap, goal)
    return sorted(sequence + ([chosen] if chosen else []), key=lambda s: s.index)


def _tracks_for_goal(sequence: list[Stage], goal: str | None) -> list[Stage]:
    """Of tracks named for roles ("The LLM Scientist", "The LLM Engineer"), the one the goal names: a
    track for another role is left out; a track named for no role ("LLM Fundamentals") stays."""
    wanted = set(goal_terms(goal)) & ROLE_WORDS if goal else set()
    if not wanted:
        return sequence
    roles = {group: set(goal_terms(group)) & ROLE_WORDS for group in {s.group for s in sequence}}
    if not any(named & wanted for named in roles.values()):
        return sequence
    return [s for s in sequence if not roles[s.group] or roles[s.group] & wanted]


def _option_for_goal(roadmap: RoadmapStructure, goal: str | None) -> Stage | None:
    options = [s for s in roadmap.stages if s.group == "options"]
    if not goal or not options:
        return None
    terms = _distinctive_goal_terms(roadmap, goal)
    scored = [(len(terms & stage_stems(s)[0]) * 2 + len(terms & stage_stems(s)[2]), -s.index, s) for s in options]
    best = max(scored, key=lambda x: x[:2])
    return best[2] if best[0] > 0 else None


def _unchosen_options(roadmap: RoadmapStructure, planned: list[Stage]) -> list[Stage]:
    chosen = {s.index for s in planned}
    options = [s for s in roadmap.stages if s.group == "options"]
    return [] if any(s.index in chosen for s in options) else options


def _goal_names(roadmap: RoadmapStructure, stage: Stage, goal: str | None) -> bool:
    return bool(_distinctive_goal_terms(roadmap, goal) & stage_stems(stage)[0])


def _distinctive_goal_terms(roadmap: RoadmapStructure, goal: str | None) -> set[str]:
    """The goal's words that pick a stage: not role words, not the words that chose the roadmap."""
    return set(goal_terms(goal)) - set(goal_terms(roadmap.title)) - ROLE_WORDS if goal else set()


def _citable(content: StageContent) -> list[Passage]:
    return [*content.passages, *(r.passage for r in content.resources)]
