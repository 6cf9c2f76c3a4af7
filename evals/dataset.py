"""Typed loading and validation of eval datasets (JSON Lines, the design brief's format).

One question per line:
    {"id": "after-pytorch", "kind": "next-step", "turns": ["What should I learn after PyTorch?"],
     "cite": [["Step 7", "Natural Language Processing"]], "mention": [["NLP", "natural language"]],
     "answerable": true}

Errors name the file and line and say what to fix. Kinds are free text (a new dataset may add its
own); the known ones are listed in KNOWN_KINDS and in evals/datasets/README.md. Optional fields:
`split` ("tune" or "test", see assign_split) and `tags` (free labels, e.g. "plan" for a planning
request scored under another kind until the runner knows a `plan` kind).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from evals.plan_checks import PlanCase
from rag.errors import AdvisorError
from rag.intents import NAMES, dataset_kind

DATASET_DIR = Path(__file__).resolve().parent / "datasets"
KNOWN_KINDS = (*(dataset_kind(name) for name in NAMES), "follow-up", "injection")
PLAN_KIND = "plan"  # a planning request; its row may state the plan it asks for (`plan`, see evals/plan_checks.py)
SPLITS = ("tune", "test")
Split = Literal["tune", "test"]


class DatasetError(AdvisorError):
    exit_code = 2


Group = list[str]


class EvalItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    kind: str = Field(min_length=1)
    turns: list[str] = Field(min_length=1)
    cite: list[Group] = Field(default_factory=list)
    mention: list[Group] = Field(default_factory=list)
    answerable: bool
    split: Split | None = None
    tags: list[str] = Field(default_factory=list)
    plan: PlanCase | None = None  # a `plan` row: the request its turns make and what the plan must show

    @field_validator("turns")
    @classmethod
    def _turns_have_text(cls, turns: list[str]) -> list[str]:
        if any(not t.strip() for t in turns):
            raise ValueError("every turn must be non-empty text")
        return turns

    @field_validator("cite", "mention")
    @classmethod
    def _groups_have_strings(cls, groups: list[Group]) -> list[Group]:
        for group in groups:
            if not group or any(not s.strip() for s in group):
                raise ValueError("every group must be a non-empty list of non-empty strings")
        return groups

    @model_validator(mode="after")
    def _unanswerable_has_no_expectations(self) -> "EvalItem":
        if not self.answerable and (self.cite or self.mention):
            raise ValueError("an unanswerable question has empty `cite` and `mention`")
        return self

    @model_validator(mode="after")
    def _plan_rows_state_their_plan(self) -> "EvalItem":
        if self.plan is not None and self.kind != PLAN_KIND:
            raise ValueError("only a `plan` row has a `plan` object")
        return self

    @property
    def question(self) -> str:
        """The scored turn: the last one."""
        return self.turns[-1]

    @property
    def history_turns(self) -> list[str]:
        return self.turns[:-1]


def assign_split(item_id: str) -> Split:
    """The half a question belongs to, from its id alone: adding or removing other questions never
    moves it, so the frozen test half stays frozen. A salted sha256 bit, balanced across kinds in
    expectation (tests/evals/test_dataset.py checks every kind lands in both halves)."""
    digest = hashlib.sha256(f"split-v1:{item_id}".encode()).digest()
    return "test" if digest[0] & 1 else "tune"


def _parse_line(path: Path, number: int, line: str) -> EvalItem:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{path}:{number}: not valid JSON ({exc.msg} at column {exc.colno}).") from exc
    if not isinstance(data, dict):
        raise DatasetError(f"{path}:{number}: each line must be one JSON object.")
    try:
        return EvalItem.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'item'}: {e['msg']}" for e in exc.errors())
        raise DatasetError(f"{path}:{number}: {problems}. See evals/datasets/README.md for the format.") from exc


def load_dataset(path: str | Path) -> list[EvalItem]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DatasetError(f"Cannot read the dataset {path}: {exc.strerror or exc}.") from exc
    items = [_parse_line(path, n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    if not items:
        raise DatasetError(f"The dataset {path} holds no questions.")
    return items


def default_datasets() -> list[Path]:
    return sorted(DATASET_DIR.glob("*.jsonl"))


def load_datasets(paths: list[str | Path] | None = None) -> list[EvalItem]:
    """Every question of the given files (default: evals/datasets/*.jsonl); ids must be unique."""
    files = [Path(p) for p in paths] if paths else default_datasets()
    if not files:
        raise DatasetError(f"No datasets given and none found in {DATASET_DIR}.")
    items: list[EvalItem] = []
    seen: dict[str, Path] = {}
    for file in files:
        for item in load_dataset(file):
            if item.id in seen:
                raise DatasetError(f"Question id {item.id!r} appears twice ({seen[item.id]} and {file}); ids must be unique.")
            seen[item.id] = file
            items.append(item)
    return items
