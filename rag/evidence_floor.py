"""The evidence floor: the passages the search ranked strongest that an extractive answer left out,
one quoted line each, cited, after the answer.

An intent's composition answers first and picks its own lines (a stage's next steps, an opening
line, a table); on roadmaps nobody tuned it for it sometimes leaves out the very passages the hybrid
search ranked highest. The floor adds those back as a short block ("Related in the roadmap"), each with
its best line for the question as the answer's line scorer (rag.answer_lines) ranks them, so what
retrieval found strongest is never silently dropped. Only searched passages are candidates (they
were retrieved, so the citation book accepts them); a line addressed to a model is never quoted
(rag.extractive.passage_lines leaves those out), nor a housekeeping line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answer_lines import contents, cues, score_lines, weak
from rag.extractive import Composition, short_title
from rag.lines import LINK, Line, read_lines
from rag.models import Passage
from rag.whole_time import only_experience

# a badge or a navigation link, whole: "PRs Welcome", "GitHub stars", "Learn More"
BADGE = re.compile(r"\b(prs?[ -]welcome|github stars?|stars? on github|shields\.io|badge)\b|"
                   r"^\W*(learn more|read more|see more|back to top|go to top)\W*$", re.I)
LABEL = "Related in the roadmap"  # distinct from rag.fact_lines.ALSO: an answer never carries two blocks labelled alike


@dataclass(frozen=True)
class FloorRule:
    """Which left-out passages the floor adds: among the search's first `k`, those whose similarity
    to the query is within `margin` of the best one, while the answer cites fewer than `most`.

    Chosen on every dataset's aggregates (session 9): k 4 / margin 0.1 raised citation recall on every
    held-out set; k 6 / margin 0.15 raised it further on three; margin 0.25 added little more for one
    more citation in the median answer."""

    k: int = 6
    margin: float = 0.15
    most: int = 8  # the answer's citations after the floor (the median answer stays short)


DEFAULT_RULE = FloorRule()


def candidates(composition: Composition, rule: FloorRule = DEFAULT_RULE) -> list[Passage]:
    """The strongly ranked passages the answer does not cite yet, best first. A follow-up about the
    stage the conversation is on ("tell me more", "and before it?") stays on that stage."""
    ranked = composition.evidence.ranked
    best = max((p.score for p in ranked[: rule.k]), default=0.0)
    focus = composition.evidence.query.focus
    on_stage = focus is not None and focus.carried and focus.stage_index is not None
    return [p for p in ranked[: rule.k]
            if not composition.book.cites(p) and p.score >= best - rule.margin and not contents(p)
            and not composition.skipped(p)  # a stage the answer left out on purpose (known, or already passed)
            and (not on_stage or (p.doc_id, p.stage_index) == (focus.doc_id, focus.stage_index))]


def best_line(composition: Composition, passage: Passage, said: str) -> str | None:
    """The passage's line that best answers the question (resolved for a follow-up), unless the
    answer already says it or the passage holds only housekeeping."""
    query = composition.evidence.query
    lines = read_lines(passage.text)
    typed = {f"| {line.text} |": line for line in lines if line.table}
    first = lines[0] if lines else None
    asks_time = any(cue.name == "duration" for cue in cues(query.question))
    for line in score_lines(query.question, query.query, [passage], composition.idf, composition.default_idf):
        text = line.text.rstrip(":").strip()
        if text.startswith("|"):  # a table's line: a body row, quoted with its columns' names; never its header
            row = typed.get(text)
            if row is None or row.kind != "table_row":
                continue
            text = row.quote()
        if weak(text, passage.section) or len(text.split()) < 3 or debris(text, passage, first) or BADGE.search(text):
            continue
        if asks_time and only_experience(text):  # "a 2 years experienced candidate" is no time the roadmap takes
            continue
        if text in said:
            return None  # the answer quotes it already (the same line copied into another passage)
        return text
    return None


def debris(text: str, passage: Passage, first: Line | None) -> bool:
    """A line that is no claim of its own: a fragment the chunker cut mid-sentence (the passage's
    first line, prose opening in lower case) or a link's leftover ("](...")."""
    cut = first is not None and first.kind == "prose" and first.text[:1].islower() and first.text.startswith(text[:20])
    return cut or "](" in LINK.sub("", text)


def floor_block(composition: Composition, said: str, rule: FloorRule = DEFAULT_RULE) -> str:
    """The supporting block for `said` (the composed answer), or "" when it leaves nothing strong out."""
    lines = []
    several = len({p.doc_id for p in composition.evidence.ranked}) > 1  # each line says which roadmap it quotes
    for passage in candidates(composition, rule):
        if composition.book.count() >= rule.most:
            break
        line = best_line(composition, passage, said)
        if line is None:
            continue
        where = f" ({short_title(passage.title)})" if several else ""
        lines.append(f"- **{heading(passage)}**{where}: {line} {composition.book.cite(passage)}")
    return f"**{LABEL}**\n" + "\n".join(lines) if lines else ""


def heading(passage: Passage) -> str:
    """The passage's own section title (its stage's when the section is the stage), else its document's."""
    own = passage.section.split(" > ")[-1].strip() if passage.section else ""
    return own or short_title(passage.title)

