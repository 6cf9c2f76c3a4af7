"""Every intent unit, in detection order. Rules, not a model: deterministic and explainable.

The units are the modules of this package (see `rag.intents.NAMES`), each ordered by its own
`order`; exactly one is the default (what a question nothing else detects wants) and one the refusal.
"""

from __future__ import annotations

import importlib

from rag.intents import NAMES
from rag.intents.base import IntentUnit
from rag.spelling import respell

UNITS: tuple[IntentUnit, ...] = tuple(sorted(
    (importlib.import_module(f"rag.intents.{name}").UNIT for name in NAMES), key=lambda unit: unit.order
))
BY_NAME: dict[str, IntentUnit] = {unit.name: unit for unit in UNITS}
DEFAULT: IntentUnit = next(unit for unit in UNITS if unit.default)
REFUSAL = next(unit for unit in UNITS if unit.refusal)


def unit(name: str) -> IntentUnit:
    return BY_NAME[name]


def classify(question: str) -> str:
    """The intent of one (standalone) question: the first unit, in order, that detects it (its
    misspelt frame words written out: "wat shuold i lern aftr pandas")."""
    question = respell(question)
    return next((u.name for u in UNITS if u.detects(question)), DEFAULT.name)


def continuing(question: str, earlier: list[str]) -> str | None:
    """The intent whose conversation this turn carries on, if any (in detection order)."""
    return next((u.name for u in UNITS if u.continues(question, earlier)), None)
