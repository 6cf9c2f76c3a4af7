"""Learner profiles and their progress, kept in SQLite under the state directory beside the feedback.

One row per profile (a name the learner picks): the goal, the roadmap, known skills, stages done,
hours per week and horizon. A profile turns into the `PlanRequest` the planner takes, so the app's
plan and the chat's "what should I learn next?" both start from where the learner is.
"""

from __future__ import annotations

import json
from contextlib import closing
from datetime import datetime, timezone

from pydantic import BaseModel, Field, ValidationError, field_validator

from app.state_file import SqliteFile, unusable_file_is
from rag.errors import InvalidOptionError
from rag.plan.models import MAX_HOURS_PER_WEEK, MAX_WEEKS, PlanRequest

SCHEMA = """
CREATE TABLE IF NOT EXISTS profiles (
    name TEXT PRIMARY KEY,
    updated_at TEXT NOT NULL,
    data TEXT NOT NULL
)
"""
MAX_NAME_CHARS = 60


class ProfileError(InvalidOptionError):
    """A profile that cannot be saved as given (no name, hours out of range, ...)."""


class Profile(BaseModel):
    name: str
    goal: str | None = None  # a role in the learner's words
    roadmap: str | None = None  # a roadmap's doc_id
    known: list[str] = Field(default_factory=list)  # stage titles or topics the learner knows
    done: list[str] = Field(default_factory=list)  # titles of the stages the learner finished
    hours_per_week: float = Field(10.0, gt=0, le=MAX_HOURS_PER_WEEK)
    weeks: int = Field(12, ge=1, le=MAX_WEEKS)

    @field_validator("name")
    @classmethod
    def _clean_name(cls, value: str) -> str:
        value = " ".join(str(value).split())
        if not value or len(value) > MAX_NAME_CHARS:
            raise ValueError(f"needs 1 to {MAX_NAME_CHARS} characters")
        return value

    @field_validator("known", "done")
    @classmethod
    def _clean_list(cls, values: list[str]) -> list[str]:
        return list(dict.fromkeys(" ".join(str(v).split()) for v in values if str(v).strip()))

    @field_validator("goal", "roadmap")
    @classmethod
    def _clean_text(cls, value: str | None) -> str | None:
        return " ".join(value.split()) or None if value else None

    @property
    def can_plan(self) -> bool:
        return bool(self.goal or self.roadmap)

    def plan_request(self, roadmap_title: str | None = None) -> PlanRequest:
        """The planner's request: the roadmap by its title when the profile picked one."""
        return PlanRequest(goal=self.goal, roadmap=roadmap_title or self.roadmap, known=self.known,
                           done=self.done, hours_per_week=self.hours_per_week, weeks=self.weeks)


def make_profile(**fields) -> Profile:
    """A Profile, or a ProfileError naming what is wrong in one line."""
    try:
        return Profile(**fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "profile"
        raise ProfileError(f"Profile {where}: {first['msg']} (got {first.get('input')!r}).") from None


_translated = unusable_file_is(ProfileError, "profiles", (ValidationError,))


class ProfileStore(SqliteFile):
    FILE_NAME = "profiles.sqlite3"
    SCHEMA = SCHEMA
    ISOLATION = None  # autocommit: each statement stands alone

    @_translated
    def save(self, profile: Profile) -> Profile:
        with closing(self._connect()) as conn:
            conn.execute("INSERT OR REPLACE INTO profiles VALUES (?, ?, ?)", (profile.name, _now(), _dump(profile)))
        return profile

    @_translated
    def get(self, name: str) -> Profile | None:
        if not self.path.exists():
            return None
        with closing(self._connect()) as conn:
            row = conn.execute("SELECT data FROM profiles WHERE name = ?", (" ".join(name.split()),)).fetchone()
        return Profile.model_validate_json(row[0]) if row else None

    @_translated
    def names(self) -> list[str]:
        if not self.path.exists():
            return []
        with closing(self._connect()) as conn:
            return [r[0] for r in conn.execute("SELECT name FROM profiles ORDER BY name")]

    @_translated
    def set_done(self, name: str, stage: str, done: bool = True) -> Profile:
        """Mark one stage done (or not) in one transaction, so writers never lose each other's marks."""
        stage = " ".join(stage.split())
        if not stage:
            raise ProfileError("A stage to mark needs a name.")
        with closing(self._connect()) as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                row = conn.execute("SELECT data FROM profiles WHERE name = ?", (name,)).fetchone()
                if row is None:
                    raise ProfileError(f"No profile named {name!r}: save the profile first.")
                profile = Profile.model_validate_json(row[0])
                marked = [s for s in profile.done if s != stage] + ([stage] if done else [])
                profile = profile.model_copy(update={"done": marked})
                conn.execute("UPDATE profiles SET updated_at = ?, data = ? WHERE name = ?",
                             (_now(), _dump(profile), name))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return profile


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _dump(profile: Profile) -> str:
    return json.dumps(profile.model_dump(mode="json"), ensure_ascii=False)
