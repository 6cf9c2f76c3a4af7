"""The roadmap's own time figures at the learner's pace, labelled as computed from the line cited:
"6-10 h/week for 14 weeks is 84-140 h: 5-7 weeks at 20 h/week". The same computation as the
answers' (rag.learner.at_pace), so the grounding check can recompute each figure from its line.

A stage's estimate gives one such line; a roadmap that states how long all of it takes ("about 2
years if you devote roughly 20 hours/week") gives one for the whole, from its own words outside
any stage."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.estimates import SPAN, line_estimate
from rag.learner import at_pace, labelled
from rag.models import Passage, StageEstimate
from rag.plan.content import resource_bullet
from rag.plan.estimate import with_hours
from rag.whole_time import whole_lines


# a length said of the roadmap itself ("a 12-week curriculum", "Suggested Timeline: 3 to 6 months"), not of
# something beside it ("3-6 months coding Python" before you start, "I studied for 8 months")
SELF = re.compile(r"\b(?:course|curriculum|road ?map|program(?:me)?|timeline|syllabus|bootcamp|guide|series|"
                  r"duration|to (?:finish|complete)|completion)\b", re.I)


@dataclass(frozen=True)
class WholeEstimate:
    text: str  # the roadmap's sentence, as it says it
    paced: str  # that sentence's figure at the learner's pace (no label, no citation)
    passage: Passage


def paced(estimate: StageEstimate | None, hours_per_week: float) -> str:
    """A stage estimate at the learner's pace, or "" when it gives no hours to compute from."""
    estimate = with_hours(estimate)
    return at_pace(estimate, hours_per_week) if estimate is not None else ""


def whole_estimate(passages: list[Passage], hours_per_week: float) -> WholeEstimate | None:
    """The first line outside every stage that states the whole roadmap's duration with a weekly
    or daily effort (or total hours), at the learner's pace (rag.whole_time finds the lines, as the
    chat's answer about the whole duration does); else the first that states a length with no
    effort ("a 12-week curriculum", "3 to 6 months, self-paced"), said as it is, with no figure
    (`paced` is ""): there are no hours to put at the learner's pace, and none are invented.
    `passages`: the roadmap's own, in document order."""
    length_only: WholeEstimate | None = None
    for sentence, passage in whole_lines(passages):
        if _about_a_link(sentence, passage):
            continue  # "[System Design for Beginners](...): 22 lessons (~8 hours total)": that resource's time
        estimate = line_estimate(sentence)
        figure = at_pace(estimate, hours_per_week) if estimate and estimate.hours_low else ""
        if figure:
            return WholeEstimate(sentence.strip(), figure, passage)
        if length_only is None and estimate is not None and SPAN.search(sentence) and SELF.search(sentence):
            length_only = WholeEstimate(sentence.strip(), "", passage)
    return length_only


# "1. [System Design for Beginners](system-design/README.md): ...": a list item led by a link
LINK_LED = re.compile(r"^\s*(?:[-*+•]|\d+[.)])?\s*\[[^\]]{3,200}\]\([^)\s]{1,500}\)\s*(?:$|[:;(\-–—,])")


def _about_a_link(sentence: str, passage: Passage) -> bool:
    """A sentence led by the name of a resource the passage links: it gives that resource's time."""
    names = sorted({link.get("text", "").strip().casefold() for link in passage.links} - {""}, key=len, reverse=True)
    if LINK_LED.match(sentence):
        return True
    lead = re.sub(r"^[\W_]*(?:\d+[.)]\s*)?[\\*_\[]*", "", sentence.strip())
    return resource_bullet(lead.replace("\\", "").replace("**", ""), [n for n in names if len(n) >= 3])
