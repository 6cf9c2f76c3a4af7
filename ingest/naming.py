"""Names of a roadmap file: the title to fall back on and the slug of its document id.

Many roadmaps are a folder's README.md or index.html, so the folder names them, not the file.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

GENERIC_STEMS = {"readme", "index", "main", "roadmap", "document", "notes", "curriculum"}


def naming_stem(key: str) -> str:
    """The file's stem, or its folder's name when the stem says nothing (README, index)."""
    path = PurePosixPath(key)
    if path.stem.lower() in GENERIC_STEMS and path.parent.name not in {"", ".", "/"}:
        return path.parent.name
    return path.stem


def fallback_title(key: str, text: str) -> str:
    """"ossu-computer-science" -> "OSSU Computer Science": a word the text writes in capitals
    ("OSSU", "LLM") keeps its capitals, the rest are title-cased."""
    words = [w for w in re.split(r"[-_\s.]+", naming_stem(key)) if w]
    titled = []
    for word in words:
        upper = word.upper()
        if len(word) <= 5 and re.search(rf"\b{re.escape(upper)}\b", text):
            titled.append(upper)
        else:
            titled.append(word[:1].upper() + word[1:])
    return " ".join(titled) or "Roadmap"
