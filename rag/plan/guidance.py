"""What a roadmap says about studying it rather than a subject to study: the sections that advise,
introduce or explain how to use it, and the sentences in which it states the order to take its
topics in or the pace to keep ("Each day, take the next subject in the list", "Work through the
topics below in the order they appear", "Plan on about 6 hours per week").

A plan needs both: advice is not a unit of study (a numbered list of "mistakes I made" is not the
roadmap's order, and "Why use it?" is not a week of work), and the roadmap's own words on order and
pace are what a learner asking "how should I pace this?" needs cited first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.extractive import passage_lines
from rag.models import Passage, RoadmapStructure
from rag.order_cues import ORDER_CUE
from rag.whole_time import SENTENCE

# Headings that advise or talk about the document, not a subject: "Don't Make My Mistakes",
# "Mistakes I made", "A Note About Video Resources", "How to use this guide", "Why this repository?",
# "The Daily Plan", "Order of study".
ADVICE = re.compile(
    r"^\W*(?:don'?t|do not|never|avoid)\b|\bmistakes?\b|\bpitfalls?\b|\blessons learned\b|^\W*(?:study\s+)?tips\b|"
    r"^\W*(?:a|some)\s+notes?\b|^\W*notes?\s+(?:on|about)\b|^\W*(?:a\s+)?word of (?:advice|warning)\b", re.I)
ABOUT_USE = re.compile(
    r"^\W*(?:what|why|how)\b(?:\s+\S+){0,3}?\s+(?:this|the)\s+(?:guide|list|roadmap|course|curriculum|path|repo|"
    r"repository|book|plan|syllabus)\W*$", re.I)
PACING = re.compile(
    r"\b(?:daily|weekly)\s+(?:plan|schedule|routine)\b|\bstudy\s+(?:plan|schedule)\b|\bpac(?:e|ing)\b|"
    r"\border\s+of\s+study\b|\bhow\s+to\s+(?:use|follow|study|go\s+through|pace)\b|\btime\s+commitment\b", re.I)
# Sentences that state a pace (those that state an order: rag.order_cues).
PACE = re.compile(r"\b(?:each|every|a|per)\s+(?:day|week|evening)\b|\bhours?\s*/\s*(?:day|week)\b|\bdaily\b|"
                  r"\b(?:a\s+few|several|\d+(?:\s*-\s*\d+)?)\s+(?:days|weeks|hours)\b", re.I)
MAX_SENTENCE = 300
MAX_LINES = 3


@dataclass(frozen=True)
class Guide:
    text: str  # the roadmap's own sentence on order or pace, as it says it
    passage: Passage
    kind: str = "order"  # "order" | "pace"


def about_studying(heading: str) -> bool:
    """A heading that advises, introduces the document or says how to go through it."""
    return bool(ADVICE.search(heading) or ABOUT_USE.search(heading) or PACING.search(heading))


def advice_group(group: str) -> bool:
    """A group of stages that advises or talks about the document ("Don't Make My Mistakes")."""
    return bool(ADVICE.search(group) or ABOUT_USE.search(group))


def incidental_stages(roadmap: RoadmapStructure) -> bool:
    """The roadmap's stages are not its order: every one sits in a group of advice ("Don't Make My
    Mistakes" > "1. You Won't Remember it All"), so they are tips numbered, not steps to take."""
    groups = {stage.group for stage in roadmap.stages}
    return bool(groups) and all(advice_group(group) for group in groups)


def roadmap_guide(passages: list[Passage], outside: set[str] = frozenset()) -> list[Guide]:
    """The roadmap's own sentences on the order and pace to study it, in document order, at most
    MAX_LINES: from each section that says how to go through it ("The Daily Plan", "How to use this
    guide", "Order of study") its first sentence on order and its first on pace; from any other
    passage outside the units planned (`outside`: their chunk ids) only a sentence on order."""
    found: list[Guide] = []
    for passage in passages:
        if passage.kind != "roadmap" or passage.chunk_id in outside:
            continue
        pacing = any(PACING.search(h) for h in passage.section.split(" > "))
        order, pace = _sentences(passage)
        for sentence, kind in ((order, "order"), (pace if pacing else "", "pace")):
            if sentence and all(sentence != g.text for g in found):
                found.append(Guide(sentence, passage, kind))
    ranked = sorted(found, key=lambda g: not any(PACING.search(h) for h in g.passage.section.split(" > ")))
    keep = {id(g) for g in ranked[:MAX_LINES]}
    return [g for g in found if id(g) in keep]


def _sentences(passage: Passage) -> tuple[str, str]:
    """The passage's first sentence stating an order and its first stating a pace."""
    order = pace = ""
    for line in passage_lines(passage, keep_colons=True):
        for sentence in SENTENCE.split(line):
            sentence = sentence.strip()
            if not sentence or len(sentence) > MAX_SENTENCE or sentence.endswith(":"):  # "Read these in order:" leads a list
                continue
            if not order and ORDER_CUE.search(sentence):
                order = sentence
            elif not pace and PACE.search(sentence) and re.search(r"\d|\bfew\b|\beach\b|\bevery\b", sentence, re.I):
                pace = sentence
    return order, pace
