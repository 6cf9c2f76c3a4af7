"""Learning plans: from a goal, known skills and hours a week to a cited, week-by-week plan."""

from rag.plan.builder import build_plan
from rag.plan.library import PlanLibrary
from rag.plan.models import Plan, PlanRequest

__all__ = ["Plan", "PlanLibrary", "PlanRequest", "build_plan"]
