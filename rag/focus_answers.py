"""What an assistant's answer points at: the stages and roadmaps it names in bold, in its order.

Only names the index has count (a stage's title or label, a roadmap's title, a heading), so the
text of an answer can choose among the index's own stages but never add words to a search
(rag.focus replays a conversation with these lookups).
"""

from __future__ import annotations

import re
from typing import Iterable

from rag.answer_lines import OPENING_LABEL
from rag.models import RoadmapStructure, Stage
from rag.query import ConversationFocus

BOLD = re.compile(r"\*\*(.+?)\*\*")
LINK_LABEL = re.compile(r"^\[(.+?)\]\([^)]*\)$")


class AnswerNames:
    """The index's stage titles, roadmap titles and headings, looked up in an answer's bold spans."""

    def __init__(self, structures: list[RoadmapStructure], sections: Iterable[str]):
        self.roadmaps = {r.doc_id: r for r in structures}
        self.titles: dict[str, list[tuple[str, Stage]]] = {}
        for roadmap in structures:
            for stage in roadmap.stages:
                for name in {stage.title, stage.label}:
                    if name:
                        self.titles.setdefault(_key(name), []).append((roadmap.doc_id, stage))
        self.roadmap_titles = {_key(r.title): r.doc_id for r in structures}
        self.headings = frozenset(_key(part) for section in set(sections) for part in section.split(" > "))

    def first_heading(self, answer: str, doc_id: str) -> ConversationFocus | None:
        """The stage an answer led with: its first bold heading the index has, past roadmap titles
        (a block's label); None when that heading is not a stage of `doc_id` (a section)."""
        for span in BOLD.findall(answer):
            name = _key(LINK_LABEL.sub(r"\1", span.strip()).rstrip(":"))
            if name == _key(OPENING_LABEL) or name in self.roadmap_titles:
                continue
            stages = [stage for doc, stage in self.titles.get(name, []) if doc == doc_id]
            if stages:
                return focus_at(self.roadmaps[doc_id], stages[0])
            if name in self.headings or name in self.titles:
                return None
        return None

    def lead(self, history: list[dict[str, str]]) -> str:
        """The first bold heading of the last answer that the index has a heading by (never other text)."""
        if not history or history[-1].get("role") != "assistant":
            return ""
        for span in BOLD.findall(history[-1].get("content", "")):
            name = LINK_LABEL.sub(r"\1", span.strip()).rstrip(":").strip()
            if _key(name) != _key(OPENING_LABEL) and (_key(name) in self.headings or _key(name) in self.titles):
                return name
        return ""

    def answer_stages(self, answer: str, doc_ids: set[str] | None, *, lead: bool = False) -> list[ConversationFocus]:
        """The stages and roadmaps an answer names in bold, in its order (only names the index has);
        with `lead`, only those before the first heading that is neither: an answer that led with a
        section ("**Introduction**: I studied ...") was about that section, not a stage it named later."""
        found: list[ConversationFocus] = []
        for span in BOLD.findall(answer):
            name = _key(LINK_LABEL.sub(r"\1", span.strip()).rstrip(":"))
            if name == _key(OPENING_LABEL):
                continue
            if lead and name in self.headings and name not in self.titles and name not in self.roadmap_titles:
                break
            for doc_id, stage in self.titles.get(name, []):
                if doc_ids is None or doc_id in doc_ids:
                    found.append(focus_at(self.roadmaps[doc_id], stage))
            doc_id = self.roadmap_titles.get(name)
            if doc_id and (doc_ids is None or doc_id in doc_ids):
                found.append(ConversationFocus(doc_id=doc_id))
        return found


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def focus_at(roadmap: RoadmapStructure, stage: Stage, *, after: bool = False) -> ConversationFocus:
    return ConversationFocus(doc_id=roadmap.doc_id, stage_index=stage.index, stage_title=stage.title, after=after)
