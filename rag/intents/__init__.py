"""What kind of answer a question wants. One module per intent (detection, evidence gathering,
extractive composition, prompt instructions); `rag.intents.registry` orders detection.

The intent names are the module names of this package, read from the package folder without
importing the modules (they import `rag.models`, which takes `Intent` from here). A new intent is
one new module defining `UNIT`; nothing else lists the names.
"""

from __future__ import annotations

import pkgutil
from pathlib import Path
from typing import Literal

from rag.intents.injection import SPECIAL_TOKEN, instruction_like, is_injection

SUPPORT_MODULES = frozenset({"base", "registry", "injection"})


def intent_names(folder: Path) -> tuple[str, ...]:
    """The intent modules in `folder`: every module but the support ones and private ones."""
    return tuple(sorted(
        module.name for module in pkgutil.iter_modules([str(folder)])
        if not module.ispkg and module.name not in SUPPORT_MODULES and not module.name.startswith("_")
    ))


NAMES = intent_names(Path(__file__).parent)
Intent = Literal[NAMES]  # type: ignore[valid-type]


def dataset_kind(name: str) -> str:
    """The eval dataset's spelling of an intent ("next_step" -> "next-step")."""
    return name.replace("_", "-")


__all__ = ["NAMES", "Intent", "SPECIAL_TOKEN", "dataset_kind", "instruction_like", "intent_names", "is_injection"]
