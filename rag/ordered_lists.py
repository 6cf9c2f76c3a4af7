"""Lists whose order is the roadmap's own advice: numbered lists ("1. Pendulum 2. HalfCheetahBullet
3. BipedalWalkerHardcore") and bullet lists that a lead-in or their heading says are ordered
("Datasets, from easiest to hardest", "Work through these in this order:").

A numbered list under a heading of tips, ideas or references is ordered only when its lead-in says
so. A learner who names an item of such a list ("pendulum works, which env next?") asks for the items
after it in that list, wherever the list sits: in a roadmap with no stages, inside a section, or in
a stage whose title the question does not name. A bullet list with no order cue (tools, books) is
not ordered and is left out: its next entry is not a next step.
"""

from __future__ import annotations

import re
from typing import Iterable

from rag.models import Passage
from rag.order_cues import ORDER_CUE
from rag.stage_items import LINK, StageItem, item_label

NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(?=\S)")  # "1. Pendulum", "2) Exploratory plots"
BULLETED = re.compile(r"^[-*+•]\s+(?:\[[ xX]\]\s+)?(?=\S)")
# A heading over numbered advice, ideas or references: its numbers count entries, not steps, unless
# the list's own lead-in says they are ordered.
NOT_STEPS = re.compile(r"\b(?:tips?|tricks|mistakes?|pitfalls?|advice|habits?|ideas?|examples?|resources?|references?|"
                       r"courses?|books?|links?|tools?|further reading|faqs?|reasons?)\b", re.I)
MIN_ITEMS = 2
# an arrow chain states an order on one line: "Math → ML → DL → Transformers", "> **Python -> SQL -> Spark**"
ARROW = re.compile(r"\s*(?:-{1,2}>|={1,2}>|[→⟶⟹⇒➔➜➝➞➡]\ufe0f?|[–—]>)\s*")
CHAIN_LEAD = re.compile(r"^(?:>\s*)*(?:[-*+•]\s+)?(?:[*_]{1,2})?(?:[^:→⟶>]{1,40}:(?:[*_]{1,2})?\s+)?")  # "- **Path:** "
MIN_CHAIN = 3  # two arrows: "input → output" maps one thing to another, it sets no course
MAX_CHAIN_WORDS = 6
MAX_END_WORDS = 4  # a chain's first or last part longer than this runs on into a sentence
# words that make a chain's end a clause of a sentence rather than a name
SENTENCE_WORDS = re.compile(r"\b(?:i|you|we|they|he|she|when|whenever|if|because|while|is|are|was|were|should|must|"
                            r"will|would|can|could|remember|note|think|try|make sure|don't|do not)\b", re.I)


def ordered_items(heading: str, passages: Iterable[Passage]) -> list[StageItem]:
    """The items of a section's ordered lists, in document order; items of one list share `group`.
    A list continues across a passage boundary when the next passage opens with its next item."""
    items: list[StageItem] = []
    runs: list[list[StageItem]] = []
    run: list[StageItem] = []
    kind, lead, group = "", heading, 0

    def close() -> None:
        nonlocal run, kind
        if len(run) >= MIN_ITEMS:
            runs.append(run)
        run, kind = [], ""

    for passage in passages:
        for raw in passage.text.split("\n"):
            if not raw.strip():
                continue
            indent, line = len(raw) - len(raw.lstrip()), LINK.sub(r"\1", raw.strip())
            nested = indent >= 2 and bool(run) and kind in ("numbered", "bulleted")
            chain = [] if nested or (NOT_STEPS.search(heading) and not ORDER_CUE.search(lead)) else arrow_chain(line)
            if chain:  # a list of its own, ordered by its arrows (an indented one belongs to its item, below)
                close()
                group += 1
                run = [StageItem(name, name, passage, 1, group, heading) for name in chain]
                close()
                lead = ""
                continue
            numbered, bulleted = NUMBERED.match(line), BULLETED.match(line)
            if indent >= 2 and run and (numbered or bulleted or kind):  # a nested line: part of the item above
                last = run[-1]
                run[-1] = StageItem(last.label, f"{last.text}; {line}", last.passage, 1, last.group, last.heading)
                continue
            this = "numbered" if numbered else "bulleted" if bulleted else ""
            if not this:
                close()
                lead = f"{lead} {line}" if line[:1].islower() else line  # "in RL with discrete actions:" goes on the lead-in
                continue
            if this != kind:
                close()
                ordered = ORDER_CUE.search(lead) or (this == "numbered" and not NOT_STEPS.search(heading))
                if not ordered:
                    lead = ""  # an unordered list: nothing of it is kept, and it leads nothing in
                    kind = "unordered"
                    continue
                kind, group = this, group + 1
            elif kind == "unordered":
                continue
            text = (NUMBERED if numbered else BULLETED).sub("", line).strip()
            label = item_label(text, passage) or _short(text)
            if label:
                run.append(StageItem(label, text, passage, 1, group, heading))
    close()
    for found in runs:
        items += found
    return items


def arrow_chain(line: str) -> list[str]:
    """The names of an arrow chain, in its order, or [] for any other line."""
    if not ARROW.search(line):
        return []
    body = CHAIN_LEAD.sub("", line.strip(), count=1) if ARROW.search(CHAIN_LEAD.sub("", line.strip(), count=1)) else line
    names = [part.strip(" *_`.,;") for part in ARROW.split(body.strip())]
    if len(names) < MIN_CHAIN or not all(re.search(r"[^\W\d_]", name) for name in names):
        return []
    if _clause(names[0]) or _clause(names[-1]):
        return []  # "Remember the flow user → API gateway → database when you debug.": prose, not a course
    return names if all(len(name.split()) <= MAX_CHAIN_WORDS for name in names) else []


def _clause(part: str) -> bool:
    """An end of a chain that is part of a sentence: more than a few words, or sentence words and verbs."""
    return len(part.split()) > MAX_END_WORDS or bool(SENTENCE_WORDS.search(part))


def _short(text: str) -> str:
    """A long item's name: its words up to the first aside ("A pretrained transformer such as
    wav2vec 2.0 or ..., fine-tuned" -> its first clause)."""
    return re.split(r"\s\(|,\s|;\s|\s[-–—]\s|\.\s", text)[0][:80].rstrip(" .")
