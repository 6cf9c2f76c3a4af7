""""I know Python and SQL, I can study 10 hours a week, make me a 3-month plan to become an LLM
engineer": a week-by-week plan from rag.plan, read from the conversation (follow-ups such as "make
it 6 hours a week" or "I also know git" re-plan). The schedule is deterministic; a language model
may word it, never change it. Details the learner did not give take defaults, stated in the answer.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field

from rag.errors import PlanRequestError
from rag.evidence import Evidence, EvidenceFinder, Swap
from rag.extractive import Composition
from rag.intents.base import IntentUnit
from rag.link_health import broken_links
from rag.models import Answer, Passage, RoadmapStructure
from rag.passages import column
from rag.plan.ask import NAMED_PLAN, PlanAsk, is_plan_request, read_plan_request
from rag.plan.builder import build_plan
from rag.plan.library import PlanLibrary
from rag.plan.models import Plan
from rag.plan.sequence import try_sequence
from rag.learner import labelled
from rag.plan.render import inline, order_note

MARKER = re.compile(r"(?<!\\)\[(\d{1,3})\]")
_LIBRARIES: "weakref.WeakKeyDictionary[EvidenceFinder, PlanLibrary]" = weakref.WeakKeyDictionary()


@dataclass
class PlanEvidence:
    ask: PlanAsk
    plan: Plan | None = None
    cited: list[Passage] = field(default_factory=list)  # the passages the plan cites, in its numbering
    problem: str = ""  # why no plan could be made (no roadmap fits the goal, ...)

    def groups(self) -> list[list[Passage]]:
        return [self.cited]

    def covered(self) -> bool:
        """A plan request is in scope: answered with a plan, or with why none can be made yet."""
        return self.plan is not None or bool(self.problem)

    def rescore(self, swap: Swap) -> None:
        self.cited = swap(self.cited)


class PlanIntent(IntentUnit):
    order = 10  # before resources and next steps: "plan 10 weeks, free resources only" is a plan
    capped = False  # a plan cites each stage it schedules, as its plan object does
    task = (
        "Task: present the learning plan below to the learner. Keep its stages, their order, week ranges "
        "and hours exactly as given (never add, drop, move or re-time a stage), say which stages are skipped "
        "and why, and cite each stage's passages. State the assumed hours or weeks when the plan says they "
        "were assumed."
    )

    def detects(self, question: str) -> bool:
        return is_plan_request(NAMED_PLAN.sub(" ", question))

    def continues(self, question: str, earlier: list[str]) -> bool:
        return not is_plan_request(question) and read_plan_request(question, _turns(earlier)) is not None

    def gather(self, finder: EvidenceFinder, evidence: Evidence, k: int,
               structures: list[RoadmapStructure]) -> PlanEvidence | None:
        query = evidence.query
        ask = read_plan_request(query.question, _turns(query.earlier))
        if ask is None:
            return None
        library = _library(finder)
        if structures is not finder.structures:  # the question named one roadmap
            library = PlanLibrary(structures, finder.passages, is_broken=library.is_broken, targeter=library.targeter)
        found = PlanEvidence(ask)
        found.plan = try_sequence(ask, ask.opening or query.question, _library(finder))  # "first A, then B": two roadmaps
        if found.plan is not None:
            found.ask = ask.model_copy(update={"sequence": True})
        try:
            found.plan = found.plan or build_plan(ask.request, library)
        except PlanRequestError as exc:
            if ask.request.roadmap is None:
                found.problem = str(exc)
                return found
            try:  # a roadmap name read from a sentence may be loose: the goal alone may still decide
                found.plan = build_plan(ask.request.model_copy(update={"roadmap": None}), library)
            except PlanRequestError:
                found.problem = str(exc)
                return found
        wanted = {c.chunk_id for c in found.plan.citations}  # made into Passages: only the cited ones
        ids = column(library.passages, "chunk_id")
        by_id = {cid: library.passages[i] for i, cid in enumerate(ids) if cid in wanted}
        found.cited = [by_id[c.chunk_id] for c in found.plan.citations]
        return found

    def compose(self, composition: Composition) -> str:
        payload = composition.evidence.payload
        if not isinstance(payload, PlanEvidence):
            return ""
        if payload.plan is None:
            return _cannot_plan(payload.problem)
        numbers = {c.id: composition.book.number(p) for c, p in zip(payload.plan.citations, payload.cited)}
        text = MARKER.sub(lambda m: f"[{numbers.get(int(m.group(1)), m.group(1))}]", payload.plan.answer)
        for item in payload.plan.items:
            for resource in item.resources:
                if resource.url:
                    composition.link(resource.title, payload.cited[resource.citation - 1], resource.url)
        return assumptions(payload.ask) + text

    def prompt_groups(self, evidence: Evidence) -> list[list[Passage]]:
        payload = evidence.payload
        return [payload.cited] if isinstance(payload, PlanEvidence) and payload.plan else []

    def instructions(self, evidence: Evidence, numbers: dict[str, int], with_order: bool = True) -> str:
        payload = evidence.payload
        if isinstance(payload, PlanEvidence) and payload.plan is None and payload.problem:
            return ("Task: no plan can be made yet. Tell the learner why, in one or two sentences, and ask for "
                    f"what is missing: {payload.problem}")
        if not with_order or not isinstance(payload, PlanEvidence) or payload.plan is None:
            return self.task
        return self.task + "\n\n" + assumptions(payload.ask) + schedule(payload, numbers)

    def annotate(self, answer: Answer, evidence: Evidence) -> Answer:
        payload = evidence.payload
        if isinstance(payload, PlanEvidence) and payload.plan is not None:
            answer.plan = payload.plan.to_contract()
        return answer


def assumptions(ask: PlanAsk) -> str:
    """The defaults the plan took, and what it took the learner to know, said first so they can change them."""
    each = " for each roadmap" if ask.sequence else ""
    said = {"hours_per_week": f"{ask.request.hours_per_week:g} hours a week", "weeks": f"{ask.request.weeks} weeks{each}"}
    assumed = [said[name] for name in ask.defaulted]
    lines = []
    unsaid = {("hours_per_week",): "how many hours a week you have", ("weeks",): "over how many weeks"}
    if assumed:
        lines.append(f"**You did not say {unsaid.get(tuple(ask.defaulted), 'how much time you have')}, so this plan "
                     f"assumes {' and '.join(assumed)}: tell me otherwise (\"make it 6 hours a week\", \"over 20 "
                     "weeks\") and I will re-plan**")
    if ask.pace_note:
        lines.append(f"**Your pace: {ask.pace_note} (tell me if you study fewer days)**")
    if ask.beginner and not ask.request.known and not ask.request.done and not ask.request.did:
        lines.append("**You said you are starting from scratch, so nothing is skipped: the plan starts at the "
                     "beginning of the roadmap**")
    if ask.request.role and ask.request.assumed:
        lines.append(f"**You said you are a {inline(ask.request.role)}: I assumed that covers "
                     f"{', '.join(inline(s) for s in ask.request.assumed)}, and skipped only the stages that teach "
                     "exactly those (tell me what you know, \"I know Python and SQL\", to change it)**")
    return "".join(f"{line}\n\n" for line in lines)


def schedule(payload: PlanEvidence, numbers: dict[str, int]) -> str:
    """The plan for a model's prompt, each stage with the prompt numbers of its passages."""
    plan = payload.plan

    def mark(*citations: int) -> str:
        found = [n for c in dict.fromkeys(citations) if (n := numbers.get(payload.cited[c - 1].chunk_id))]
        return f" [{', '.join(map(str, found))}]" if found else ""

    lines = [f"The plan ({plan.roadmap}; {plan.hours_per_week:g} hours a week for {plan.weeks} weeks):"]
    if plan.order == "sections":
        lines.append(f"- {order_note(plan)}")
    lines += [f"- how the roadmap says to go through it: {g.text}{mark(g.citation)}" for g in plan.guide]
    lines += [f"- skipped: {s.stage}: {s.reason}{mark(s.citation)}" for s in plan.skipped]
    if plan.whole is not None:
        paced = f"; {labelled(plan.whole.paced)}" if plan.whole.paced else ""
        lines.append(f"- the whole roadmap: {plan.whole.text}{paced}{mark(plan.whole.citation)}")
    for item in plan.items:
        paced = f"; {labelled(item.estimate.paced)}" if item.estimate.paced else ""
        estimated = [item.estimate.citation] if item.estimate.citation is not None else []
        hours = f"{item.hours:g} hours" if item.of_hours is None else \
            f"the first {item.hours:g} of its {item.of_hours:g} hours (the rest after week {item.end_week})"
        lines.append(f"- weeks {item.start_week}-{item.end_week}: {item.stage}, {hours} "
                     f"({item.estimate.text}{paced}){mark(item.citation, *item.learn_citations, *estimated)}")
    lines += [f"- later (beyond the horizon): {s.stage}{mark(s.citation)}" for s in plan.later]
    return "\n".join(lines)


def _cannot_plan(problem: str) -> str:
    """No plan: say why, in the chat's terms (the planner's message names command-line flags)."""
    reason = problem.replace("Name one with --roadmap.", "Tell me which one, or name a role it covers.")
    reason = reason.replace("give --goal (a role) or --roadmap", "tell me the role you aim for or the roadmap")
    return f"I can't make that plan yet: {inline(reason)}"


def _library(finder: EvidenceFinder) -> PlanLibrary:
    """One plan library per index snapshot (the finder is rebuilt when the index changes)."""
    library = _LIBRARIES.get(finder)
    if library is None:
        settings = getattr(getattr(finder.retriever, "store", None), "settings", None)
        checked = {"is_broken": broken_links(settings)} if settings is not None else {}
        library = _LIBRARIES[finder] = PlanLibrary(finder.structures, finder.passages, **checked,
                                                   targeter=getattr(finder, "targeter", None))
    return library


def _turns(earlier: list[str]) -> list[dict[str, str]]:
    return [{"role": "user", "content": turn} for turn in earlier]


UNIT = PlanIntent()
