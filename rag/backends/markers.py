"""A model's citation markers in one form: `[1, 2]`, `[1-2]`, `[Passage 1]`, `【1】`, `[^1]` become
`[1][2]`/`[1]`, and a "Sources:" list the model wrote is dropped (the checker builds the citations)."""

from __future__ import annotations

import re

from rag.literal_refs import outside_code

SOURCES_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\*\*|__)?(sources|references|citations|passages used|cited passages)(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?\s*$",
    re.I,
)
LOOSE_MARKER = re.compile(r"(?<!\\)[\[【(]\s*(?:\^|passages?\s*|sources?\s*|#)?\s*(\d+(?:\s*(?:,|-|–|and)\s*\d+)*)\s*[\]】)](?!\()", re.I)


def _expand(group: str) -> list[int]:
    numbers: list[int] = []
    for part in re.split(r"\s*(?:,|and)\s*", group):
        bounds = re.split(r"\s*[-–]\s*", part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            low, high = int(bounds[0]), int(bounds[1])
            numbers += list(range(low, high + 1)) if 0 < high - low <= 5 else [low, high]
        elif part.strip().isdigit():
            numbers.append(int(part))
    return numbers


def tidy_markers(text: str) -> str:
    """One marker per passage number, `[n]`; a model-written sources list removed."""
    lines = text.strip().splitlines()
    for i, line in enumerate(lines):
        if i > 0 and SOURCES_HEADING.match(line):
            lines = lines[:i]
            break
    text = "\n".join(lines)

    def one(match: re.Match) -> str:
        opener = match.group(0)[0]
        if opener == "(" and not re.search(r"(?i)passage|source|#", match.group(0)):
            return match.group(0)  # "(2)" or "(2026)" in prose is not a citation
        return "".join(f"[{n}]" for n in _expand(match.group(1)))

    text = outside_code(text, lambda piece: LOOSE_MARKER.sub(one, piece))  # "arr[1, 2]" in code is no marker
    text = re.sub(r"(\[\d+\])(?:\s*\1)+", r"\1", text)  # [1][1] -> [1]
    return text.strip()
