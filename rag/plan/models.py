"""A learning plan as typed data: what the learner asks for, and the plan that `advisor plan --json`
prints (the same object an answer carries as `plan`)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from rag.models import Citation

MAX_HOURS_PER_WEEK = 80.0
MAX_WEEKS = 260


class PlanRequest(BaseModel):
    """A plan needs a goal (a role in the learner's words) or a roadmap's name; the rest has defaults."""

    goal: str | None = None
    roadmap: str | None = None
    # the part of a roadmap with tracks the learner names ("the engineer track"): its stages are planned,
    # and stage numbers ("stages 1 to 3 of the engineer track") count within it
    track: str | None = None
    # what the learner wants to learn when they name no goal ("a plan for RAG and agents"): it picks the
    # roadmap only when one roadmap fits it better than every other
    topic: str | None = None
    # where the learner wants the plan to stop ("up to deep learning", "until stage 5"): the stages
    # after the one it names are left out of the plan, and the plan says so
    until: str | None = None
    known: list[str] = Field(default_factory=list)  # skills the learner has: "python", "sql", "git"
    role: str | None = None  # the working role the learner said they have ("backend dev")
    assumed: list[str] = Field(default_factory=list)  # skills taken from that role, skipped as assumptions
    done: list[str] = Field(default_factory=list)  # stages finished: "Step 3", "3", "SQL"
    # parts the learner says they did, by subject ("already did regression"): every stage of a group
    # of that name, else every stage whose title names it, is skipped as done, and the plan says so
    did: list[str] = Field(default_factory=list)
    hours_per_week: float = Field(10.0, gt=0, le=MAX_HOURS_PER_WEEK)
    weeks: int = Field(12, ge=1, le=MAX_WEEKS)
    start: dt.date | None = None  # only calendars and Markdown use it; the plan itself counts weeks
    free_only: bool = False

    @field_validator("known", "done", "assumed", "did")
    @classmethod
    def _clean_list(cls, values: list[str]) -> list[str]:
        cleaned = [" ".join(str(v).split()) for v in values]
        return list({v.casefold(): v for v in reversed(cleaned) if v}.values())[::-1]  # first spelling of each

    @field_validator("goal", "roadmap", "role", "track", "topic", "until")
    @classmethod
    def _clean_text(cls, value: str | None) -> str | None:
        value = " ".join(value.split()) if value else ""
        return value or None

    @property
    def budget_hours(self) -> float:
        return self.hours_per_week * self.weeks


class Estimate(BaseModel):
    """Where a stage's hours come from: the roadmap's own words (cited) or our documented default."""

    kind: Literal["roadmap", "default"]
    text: str
    citation: int | None = None
    # the roadmap's figure at the learner's pace, computed from the cited line ("" for our estimate):
    # "6-10 h/week for 14 weeks is 84-140 h: 5-7 weeks at 20 h/week"
    paced: str = ""
    # how the plan read the roadmap's words into hours when it did more than quote them ("a length but no
    # hours a week: its middle at your pace"): our reasoning, shown in bold like the plan's other figures
    note: str = ""


class WholeTime(BaseModel):
    """What the roadmap says all of it takes, in its words, and that at the learner's pace."""

    text: str
    paced: str
    citation: int


class Guidance(BaseModel):
    """The roadmap's own sentences on the order and pace to take it in ("Each day, take the next
    subject in the list"), as it says them."""

    text: str
    citation: int
    kind: Literal["order", "pace"] = "order"


class PlanResource(BaseModel):
    title: str
    url: str | None  # only a URL the index holds; None for a book the roadmap names without a link
    cost: str  # free | freemium | paid | unknown
    citation: int


class Skip(BaseModel):
    stage: str
    reason: str
    citation: int


class Later(BaseModel):
    stage: str
    citation: int


class PlanItem(BaseModel):
    stage: str
    index: int  # the stage's position in its roadmap
    start_week: int
    end_week: int
    hours: float
    estimate: Estimate
    # the stage's whole hours when the plan's horizon holds only its start (`hours` of them); None when whole
    of_hours: float | None = None
    learn: list[str] = Field(default_factory=list)
    # the passage each learn line is taken from, in the same order: a stage's lines may come from
    # several of its passages, and each line cites its own
    learn_citations: list[int] = Field(default_factory=list)
    resources: list[PlanResource] = Field(default_factory=list)
    citation: int

    @model_validator(mode="after")
    def _one_citation_per_line(self) -> "PlanItem":
        if self.learn_citations and len(self.learn_citations) != len(self.learn):
            raise ValueError(f"{len(self.learn)} learn lines but {len(self.learn_citations)} learn citations")
        return self

    def learn_groups(self) -> list[tuple[list[str], int]]:
        """Consecutive learn lines taken from one passage, with its citation (the item's own when the
        lines carry none)."""
        numbers = self.learn_citations or [self.citation] * len(self.learn)
        groups: list[tuple[list[str], int]] = []
        for line, number in zip(self.learn, numbers):
            if groups and groups[-1][1] == number:
                groups[-1][0].append(line)
            else:
                groups.append(([line], number))
        return groups


class Plan(BaseModel):
    roadmap: str  # the roadmap's title
    source: str
    goal: str | None
    hours_per_week: float
    weeks: int
    known: list[str]
    # "stages": the roadmap's own order; "sections": the roadmap sets no order, so the plan follows
    # its top-level sections in the order the document lists them
    order: Literal["stages", "sections"] = "stages"
    skipped: list[Skip] = Field(default_factory=list)
    items: list[PlanItem] = Field(default_factory=list)
    later: list[Later] = Field(default_factory=list)
    whole: WholeTime | None = None  # the roadmap's own figure for all of it, when it states one
    guide: list[Guidance] = Field(default_factory=list)  # the roadmap's own words on the order and pace to take it in
    citations: list[Citation] = Field(default_factory=list)
    answer: str = ""

    @property
    def planned_hours(self) -> float:
        return sum(item.hours for item in self.items)

    def to_contract(self) -> dict:
        """The JSON of `advisor plan --json`: every key always present, `estimate.citation` only when
        the estimate is cited."""
        data = self.model_dump(mode="json")
        for item, model in zip(data["items"], self.items):
            if model.estimate.citation is None:
                item["estimate"].pop("citation")
        return data
