"""The evidence floor: the passages the search ranked strongest that an extractive answer left out,
one quoted line each, cited, after the answer.

An intent's composition answers first and picks its own lines (a stage's next steps, an opening
line, a table); on roadmaps nobody tuned it for it sometimes leaves out the very passages the hybrid
search ranked highest. The floor adds those back as a short block ("Related in the roadmap"), each with
its best line for the question as the answer's line scorer (rag.answer_lines) ranks them, so what
retrieval found strongest is never silently dropped. Only searched passages are candidates (they
were retrieved, so the citation book accepts them); a line addressed to a model is never quoted
(rag.extractive.passage_lines leaves those out), nor a housekeeping line. A resource-catalogue entry
is quoted by what it teaches (the first sentence of its description), never by its raw fields (kind,
cost, topics); one with no description, or whose description the answer already quotes, is only named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answer_lines import contents, cues, score_lines, weak
from rag.extractive import Composition, short_title
from rag.lines import LINK, SENTENCE, Line, read_lines
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
    more citation in the median answer.

    Session 10 tried leaving out a line that shares none of the question's words (unless its passage
    is all but tied with the search's best) and putting the most related first: that cut the median
    answer by one citation on several sets but lost citation recall on two to six held-out test halves
    in every variant tried, and ordering alone lost one held-out row; the options were removed."""

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
    several = len({p.doc_id for p in composition.evidence.ranked}) > 1  # each line says which roadmap it quotes
    found: list[tuple[Passage, str]] = []
    for passage in candidates(composition, rule):
        if passage.kind == "resource":  # a catalogue entry: what it teaches, or else only its title
            line = description(passage)
            line = "" if line is None or line in said else line  # said already: the entry is only named
        else:
            line = best_line(composition, passage, said)
        if line is None:
            continue
        found.append((passage, line))
    lines: list[str] = []
    listed: list[str] = []
    for passage, line in found:
        if composition.book.count() >= rule.most:
            break
        marker = composition.book.cite(passage)
        if not line:  # a catalogue entry with no description of ours: named, not dumped field by field
            listed.append(f"**{heading(passage)}** {marker}")
            continue
        where = f" ({short_title(passage.title)})" if several else ""
        lines.append(f"- **{heading(passage)}**{where}: {line} {marker}")
    if listed:
        lines.append("- Also listed in the resource catalogue: " + ", ".join(listed))
    return f"**{LABEL}**\n" + "\n".join(lines) if lines else ""


def description(passage: Passage) -> str | None:
    """A catalogue entry as a learner reads it: the first sentence of what it teaches (the description
    written for it), not its fields (kind, cost, topics, where it is recommended, its link)."""
    for text in passage.text.split("\n")[1:]:
        text = text.strip()
        if not text or FIELD.match(text):
            continue
        first = SENTENCE.split(text, maxsplit=1)[0]
        return first if len(first.split()) >= 3 else None
    return None


FIELD = re.compile(r"^(?:Topics|Recommended in|Link|Source|Page description)\b[^:]{0,40}:", re.I)


def heading(passage: Passage) -> str:
    """The passage's own section title (its stage's when the section is the stage), else its document's."""
    own = passage.section.split(" > ")[-1].strip() if passage.section else ""
    return own or short_title(passage.title)

