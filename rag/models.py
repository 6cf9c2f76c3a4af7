"""Typed data that crosses layer boundaries: roadmap structure, passages, answers."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from rag.safe_markdown import safe_markdown, safe_url

from rag.intents import Intent

ChunkKind = Literal["roadmap", "resource"]


class Link(BaseModel):
    text: str
    url: str
    stage_index: int | None = None
    section: str = ""
    learning: bool = True  # False for a profile, a job board, a chat, a link in the prose around the stages


class StageEstimate(BaseModel):
    """The time a roadmap itself gives for a stage ("4-6 weeks (15-20 hours/week)", a course table's
    Duration and Effort columns), kept in its own words so a plan can cite it."""

    text: str
    hours_low: float | None = None  # total hours implied by the text, when it can be computed
    hours_high: float | None = None
    section: str = ""  # heading path of the passage that states it (where a citation points)


class Stage(BaseModel):
    """An ordered step of a roadmap ("Step 7: ...", "Q2 2026: ...", "Option B: ...")."""

    index: int  # position among the document's stages, 0-based
    title: str
    label: str = ""  # "Step 7", "Q2 2026", "Option B", or "" for a named path
    group: str = "main"  # stages in one group form a sequence; options/paths are parallel
    level: int = 2
    headings: list[str] = Field(default_factory=list)  # sub-section headings inside the stage
    topics: list[str] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    estimate: StageEstimate | None = None


class RoadmapStructure(BaseModel):
    doc_id: str
    source: str
    title: str
    stages: list[Stage] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)

    def stage(self, index: int) -> Stage | None:
        return next((s for s in self.stages if s.index == index), None)

    def following(self, stage: Stage) -> list[Stage]:
        """Stages after `stage` in its own sequence, in order."""
        return [s for s in self.stages if s.group == stage.group and s.index > stage.index]


class Passage(BaseModel):
    """One chunk of the index, as retrieval hands it to the answerer."""

    chunk_id: str
    source: str
    title: str
    section: str
    text: str
    kind: ChunkKind = "roadmap"
    doc_id: str = ""
    stage_index: int | None = None
    stage_title: str = ""
    url: str | None = None
    resource_id: str | None = None
    resource_kind: str | None = None
    cost: str | None = None
    links: list[dict[str, str]] = Field(default_factory=list)  # [{"text", "url"}] named in the passage
    score: float = 0.0


class Citation(BaseModel):
    id: int
    chunk_id: str
    source: str
    title: str
    section: str
    url: str | None = None
    text: str
    score: float


class ResourceLink(BaseModel):
    title: str
    url: str
    citation: int
    kind: str | None = None
    cost: str | None = None
    # From the last `advisor links check` (rag.link_health), when the link was checked:
    health: Literal["ok", "redirected", "broken", "unreachable"] | None = None
    checked: str | None = None  # the date of that check, YYYY-MM-DD
    page_description: str | None = None  # the page's own words, labelled and dated


class Grounding(BaseModel):
    score: float
    unsupported: list[str] = Field(default_factory=list)
    removed_markers: list[int] = Field(default_factory=list)
    removed_resources: list[str] = Field(default_factory=list)
    note: str | None = None


class Answer(BaseModel):
    """Every backend's answer. Its Markdown is made safe for any renderer here, once, however and
    whenever the text is set (validate_assignment): no raw HTML, only http(s) links and resources."""

    model_config = ConfigDict(validate_assignment=True)

    question: str
    answer: str
    answerable: bool
    intent: Intent
    citations: list[Citation] = Field(default_factory=list)
    resources: list[ResourceLink] = Field(default_factory=list)
    backend: str = "extractive"
    model: str | None = None
    timings_ms: dict[str, float] = Field(
        default_factory=lambda: {"retrieve": 0.0, "generate": 0.0, "total": 0.0}
    )
    grounding: Grounding | None = None
    suggestions: list[str] = Field(default_factory=list)
    notice: str | None = None
    plan: dict | None = None  # a plan request's plan: the `advisor plan --json` object (rag.plan.models.Plan)
    # Every passage retrieved for this answer (for evals and the UI); not part of the JSON contract.
    retrieved: list[Passage] = Field(default_factory=list, exclude=True)
    # The hybrid search's own results, best first (a subset of `retrieved`): an eval tells a passage the
    # search ranked high and the answer left out from one the search never found. Not in the contract.
    searched: list[Passage] = Field(default_factory=list, exclude=True)

    @field_validator("answer")
    @classmethod
    def _safe_answer(cls, text: str) -> str:
        return safe_markdown(text)

    @field_validator("resources")
    @classmethod
    def _http_resources(cls, resources: list[ResourceLink]) -> list[ResourceLink]:
        return [r for r in resources if safe_url(r.url)]

    def to_contract(self) -> dict:
        """The answer object of the design brief (optional blocks only when present)."""
        data = self.model_dump(exclude_none=True)  # drops empty optional blocks and resource extras
        if not self.suggestions:
            data.pop("suggestions", None)
        data["model"] = self.model
        for citation in data["citations"]:
            citation.setdefault("url", None)
        return data


class Recommendation(BaseModel):
    roadmap: str
    stage: str


class CatalogueResource(BaseModel):
    """One entry of the resource catalogue (corpus/resources.yaml)."""

    id: str
    title: str
    url: str | None = None
    kind: str
    provider: str = ""
    cost: str = "unknown"
    level: str = "all"
    topics: list[str] = Field(default_factory=list)
    recommended_by: list[Recommendation] = Field(default_factory=list)
    learning_resource: bool = True
    description: str = ""


class IndexStatus(BaseModel):
    """The index an advisor answers from, as a health check reports it."""

    passages: int
    roadmaps: int
    generation: str
    backend: str
    location: str
