"""A plan for one learner: the stages of one roadmap in its own order, without the ones the learner
says they know, each with the roadmap's own time estimate and, when the learner gave their weekly
hours, the weeks that estimate comes to (labelled as computed from the cited line)."""

from __future__ import annotations

from dataclasses import dataclass, field

from rag.evidence import Evidence, EvidenceFinder, StageEvidence
from rag.extractive import Composition, passage_lines
from rag.learner import COMPUTED, LearnerContext, at_pace, parse_estimate
from rag.models import Passage, RoadmapStructure, StageEstimate

MAX_PLAN_STAGES = 4
POINTS_PER_STAGE = 2


@dataclass
class Plan:
    roadmap: RoadmapStructure
    context: LearnerContext
    stages: list[StageEvidence] = field(default_factory=list)
    skipped: list[StageEvidence] = field(default_factory=list)

    def passages(self) -> list[Passage]:
        return [p for part in self.skipped for p in part.passages[:1]] + [
            p for part in self.stages for p in part.passages[:3]]


def gather_plan(finder: EvidenceFinder, evidence: Evidence, structures: list[RoadmapStructure],
                context: LearnerContext) -> Plan | None:
    """The roadmap the search favours (or the one the question named), from its first stage on."""
    if not structures:
        return None
    best = next((p.doc_id for p in evidence.ranked if p.kind == "roadmap" and p.stage_index is not None), None)
    roadmap = next((r for r in structures if r.doc_id == best), structures[0])
    main = [s for s in roadmap.stages if s.group == roadmap.stages[0].group] if roadmap.stages else []
    plan = Plan(roadmap=roadmap, context=context)
    for stage in main:
        part = finder.stage_evidence(roadmap, stage)
        if not part.passages:
            continue
        if context.knows(stage):
            plan.skipped.append(part)
        elif len(plan.stages) < MAX_PLAN_STAGES:
            plan.stages.append(part)
    return plan if plan.stages else None


def stage_estimate(part: StageEvidence) -> tuple[StageEstimate, Passage] | None:
    """The stage's own estimate (from ingest when it found one, else read from its lines) and the
    passage that states it."""
    stored = part.stage.estimate
    for passage in part.passages:
        if stored is not None and (not stored.section or stored.section == passage.section) \
                and stored.text.split("(")[0].strip() in passage.text:
            return stored, passage
    for passage in part.passages:
        for line in passage_lines(passage):
            found = parse_estimate(line, passage.section)
            if found is not None:
                return found, passage
    return None


def plan_text(composition: Composition, plan: Plan) -> str:
    book = composition.book
    lines = [f"**A plan from {plan.roadmap.title}**", ""]
    if plan.skipped:
        names = ", ".join(f"{part.stage.title} {book.cite(part.passages[0])}" for part in plan.skipped)
        lines.append(f"You said you know {', '.join(plan.context.known) or 'some of this'}: skipping {names}.")
    lines.append("")
    for number, part in enumerate(plan.stages, 1):
        points = [line for line in passage_lines(part.passages[0]) if not line.endswith(":")][:POINTS_PER_STAGE]
        entry = f"{number}. **{part.stage.title}**"
        if points:
            entry += ": " + "; ".join(point.rstrip(".") for point in points) + f" {book.cite(part.passages[0])}"
        found = stage_estimate(part)
        if found is not None:
            estimate, passage = found
            mark = book.cite(passage)
            entry += f". The roadmap's estimate: {estimate.text} {mark}"
            pace = at_pace(estimate, plan.context.hours_per_week) if plan.context.hours_per_week else ""
            if pace:
                entry += f"; {pace} ({COMPUTED}) {mark}"
        lines.append(entry)
    if plan.context.hours_per_week and not any(stage_estimate(part) for part in plan.stages):
        lines.append("")
        lines.append(f"The roadmap gives no time estimate for these stages, so none is computed for "
                     f"{plan.context.hours_per_week:g} h/week.")
    return "\n".join(lines)


def paced_line(estimate_line: str, context: LearnerContext, mark: str) -> str:
    """'- 15-20 h/week for 4-6 weeks is 60-120 h: 8-15 weeks at 8 h/week (computed from the cited line) [1]'
    for an answer line that states an estimate, at the learner's pace."""
    if not context.hours_per_week:
        return ""
    estimate = parse_estimate(estimate_line)
    pace = at_pace(estimate, context.hours_per_week) if estimate else ""
    return f"- {pace} ({COMPUTED}) {mark}" if pace else ""
