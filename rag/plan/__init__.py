"""Learning plans: from a goal, known skills and hours a week to a cited, week-by-week plan.

Names are loaded on first use, so reading a plan's data model (`rag.plan.models`) does not import
the planner and what it imports."""

from __future__ import annotations

import importlib

_EXPORTS = {"build_plan": "rag.plan.builder", "PlanLibrary": "rag.plan.library", "Plan": "rag.plan.models",
            "PlanRequest": "rag.plan.models"}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'rag.plan' has no attribute {name!r}")
