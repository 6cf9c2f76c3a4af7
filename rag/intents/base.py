"""The shape of one intent: detection, evidence gathering, extractive composition and prompt
instructions, together. Each intent module subclasses `IntentUnit` and exposes `UNIT`."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:  # pragma: no cover
    from rag.evidence import Evidence, EvidenceFinder, IntentPayload
    from rag.extractive import Composition
    from rag.models import Answer, Passage, RoadmapStructure


class IntentUnit:
    """Defaults: detects nothing, gathers nothing, composes nothing (the default intent answers)."""

    name: ClassVar[str]  # the module's name
    order: ClassVar[int]  # detection order: the first unit (lowest order) that detects a question wins
    default: ClassVar[bool] = False  # the intent of a question no other unit detects
    refusal: ClassVar[bool] = False  # the intent of an answer that declines the question
    carried_by_follow_ups: ClassVar[bool] = False  # "any for that?" keeps this intent from the earlier question
    capped: ClassVar[bool] = True  # the extractive answer keeps at most rag.extractive.MAX_CITATIONS citations
    floored: ClassVar[bool] = True  # strongly ranked passages the answer left out are added (rag.evidence_floor)
    task: ClassVar[str] = ""  # the task a language model is given for this intent

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.name = cls.__module__.rsplit(".", 1)[-1]

    def detects(self, question: str) -> bool:
        return False

    def certain(self, question: str) -> bool:
        """The detection is exact: what the question means cannot overrule it (rag.understanding)."""
        return False

    def continues(self, question: str, earlier: list[str]) -> bool:
        """This turn carries on a conversation of this intent ("make it 6 hours a week" after a plan
        request), whatever `detects` says of it alone."""
        return False

    def gather(self, finder: "EvidenceFinder", evidence: "Evidence", k: int,
               structures: list["RoadmapStructure"]) -> "IntentPayload | None":
        """Passages the roadmap structure adds to the search results (None: the search is enough)."""
        return None

    def compose(self, composition: "Composition") -> str:
        """The extractive answer for this intent, or "" to let the default intent answer."""
        return ""

    def prompt_groups(self, evidence: "Evidence") -> list[list["Passage"]]:
        """Passages a model should read first, most needed first (the rest follow in search order)."""
        return []

    def instructions(self, evidence: "Evidence", numbers: dict[str, int], with_order: bool = True) -> str:
        """The task for a language model; `numbers` maps the chunk ids in the prompt to their [n]."""
        return self.task

    def annotate(self, answer: "Answer", evidence: "Evidence") -> "Answer":
        """The finished answer, with anything this intent adds to it (a plan, for instance)."""
        return answer
