"""The refusal: a question the roadmaps do not cover (decided from the evidence by rag.scope), or
one that tries to instruct the model (detected here, before any retrieval-based text is written).
It says so plainly and offers questions the roadmaps do cover, from their own stage names."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath

from rag.intents.base import IntentUnit
from rag.intents.injection import instructs
from rag.models import Passage, RoadmapStructure
from rag.query import StandaloneQuery
from rag.scope_types import asked_type
from rag.text import content_terms, stem

LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MARKUP = re.compile(r"[*_`~|\\\[\]]+|^\s*(?:[#>]+\s*)+")
PICTOGRAPHS = {"So", "Sk", "Cf", "Co", "Cs"}  # symbols (emoji), modifiers, joiners, private use
NOT_COVERED = "I can't answer that from the roadmaps I know ({covered}): this question is outside them."
NOT_ALLOWED = "I can only answer questions about the roadmaps I know ({covered}), so I can't help with that request."
TITLES_NAMED = 4  # a long list of roadmaps is cut to its first few and a count
UNPRICED = "The roadmaps I know ({covered}) do not state a price for this. {stated}"
IGNORED_INSTRUCTION = "I ignored the instructions in your message and answered only your question."


class OutOfScope(IntentUnit):
    order = 0
    refusal = True
    floored = False  # a refusal quotes nothing it was not asked for

    def detects(self, question: str) -> bool:
        return instructs(question)

    def certain(self, question: str) -> bool:
        return instructs(question)

    def refuse(self, query: StandaloneQuery, structures: list[RoadmapStructure],
               nearest: Passage | None = None, stated: str = "") -> tuple[str, list[str]]:
        """The refusal's text and the questions it suggests instead; a question the roadmaps do not
        cover also gets the nearest thing they do cover (never stretched into an answer). `stated`:
        what they do say instead of a price ("they list it as paid but give no amount [1]"), cited."""
        suggestions = suggestions_for(structures)
        text = (NOT_ALLOWED if query.injection else NOT_COVERED).format(covered=covered_by(structures))
        kind = None if query.injection else asked_type(query.question)
        if stated and not query.injection:
            text = UNPRICED.format(covered=covered_by(structures), stated=stated)
        elif kind is not None:
            text += f" They do not state {kind.label} for it."
        if nearest is not None and not query.injection:
            where = " › ".join(filter(None, (plain_text(part) for part in nearest.section.split(" > "))))
            text += f"\n\nThe nearest thing they cover is **{where}** ({plain_text(nearest.title)})."
        return text + "\n\nYou could ask:\n" + "\n".join(f"- {s}" for s in suggestions), suggestions


def plain_text(heading: str) -> str:
    """A document's heading as plain words: links as their text, no Markdown markers, no emoji or
    other pictographs ("🧑‍🔬 The **LLM** Scientist" -> "The LLM Scientist")."""
    text = LINK.sub(r"\1", heading)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in PICTOGRAPHS and ch not in "\ufe0e\ufe0f\u20e3")
    return " ".join(MARKUP.sub("", text.strip()).split())


def nearest_covered(question: str, ranked: list[Passage], floor: float) -> Passage | None:
    """The passage a refusal points to: the best-ranked close one that shares a word with the
    question, so a salary question is not pointed at whatever ranked first; the best close one when
    none does."""
    close = [p for p in ranked if p.score >= floor]
    asked = {stem(t) for t in content_terms(question)}
    sharing = (p for p in close if asked & {stem(t) for t in content_terms(f"{p.section} {p.text}")})
    return next(sharing, close[0] if close else None)


def covered_by(structures: list[RoadmapStructure]) -> str:
    """What the loaded roadmaps are, by their own titles ("*Readme*" is not a name: its file is)."""
    titles = [f"*{roadmap_name(r)}*" for r in structures][:TITLES_NAMED]
    more = len(structures) - len(titles)
    if not titles:
        return "none is loaded"
    if more:
        return ", ".join(titles) + f" and {more} more"
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]


def roadmap_name(roadmap: RoadmapStructure) -> str:
    title = roadmap.title.strip()
    if title.lower() in GENERIC_TITLES or not title:
        path = PurePosixPath(roadmap.source.replace("\\", "/"))
        title = path.parent.name if path.stem.lower() in GENERIC_TITLES and path.parent.name else path.stem
    return title.replace("*", "").replace("_", " ")


GENERIC_TITLES = {"readme", "index", "contents", "table of contents", "main", "home"}


def suggestions_for(structures: list[RoadmapStructure]) -> list[str]:
    """Two or three questions the roadmaps do cover, from their own stage names."""
    out: list[str] = []
    sequential = [s for r in structures for s in r.stages if s.group in {"steps", "quarters"}]
    options = [s for r in structures for s in r.stages if s.group == "options"]

    def short(title: str) -> str:
        return title.split(":", 1)[-1].strip()

    if sequential:
        richest = max(sequential, key=lambda s: (len(s.topics), -s.index))
        out.append(f"What should I learn after {short(richest.title)}?")
    if len(options) >= 2:
        out.append(f"Compare {short(options[0].title)} with {short(options[1].title)}")
    linked = [s for s in sequential if s.links]
    if linked:
        out.append(f"Resources for {short(max(linked, key=lambda s: (len(s.links), -s.index)).title)}?")
    return out or ["What should I learn first?"]


UNIT = OutOfScope()
