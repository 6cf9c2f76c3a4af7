"""The extractive answer to a direct question: an opening line that answers it, then the lines
that best answer it, weighted by how rare their shared words are, grouped under their stage."""

from __future__ import annotations

import re

from rag.answer_lines import (OPENING_LABEL, SHORT_WORDS, ScoredLine, asks_before_start, asks_where_to_start,
                              contents, counted, cues, opening_lines, weak)
from rag.comparatives import either_sides, lines_naming_sides
from rag.extractive import CitationBook, Composition, passage_lines, short_title
from rag.fact_evidence import FactEvidence, gives
from rag.headed_answers import HeadedAnswer
from rag.learner import COMPUTED, learner_context, paced_line
from rag.list_answer import LabelledList, labelled_lists, named_list
from rag.models import Passage
from rag.text import content_terms, stem, tokens

MAX_FACT_LINES = 6
WEAK_LINE = 5.0
ALSO = "Also in the roadmap"  # the best lines after a heading's own answer
MAX_OPENING_POOL = 8  # retrieved passages beyond the answer's own pool that may hold the opening line
MAX_LIST_LINES = 8  # an introduced list is quoted whole up to this many lines (nested entries count)
INTRO_FOLLOW = 3  # the lines an intro line brings when the passage marks no list under it
STAGE_WORDS = re.compile(r"\b(step|stage|quarter|q[1-4]|option|path|route|phase|track)\b", re.I)


def fact_lines(composition: Composition, focus: list[Passage], label: str = OPENING_LABEL,
               said_before: frozenset[tuple[str, str]] = frozenset()) -> str:
    """The lines that best answer the question, weighted by how rare their shared words are,
    grouped under the stage or section they come from (without `said_before`: (chunk id, line)
    pairs the answer has already quoted)."""
    evidence, book = composition.evidence, composition.book
    payload = evidence.payload if isinstance(evidence.payload, FactEvidence) else None
    query = (payload.query if payload else "") or evidence.query.query
    terms = {stem(t) for t in content_terms(query)}
    ranked = [p for p in evidence.ranked if p.kind == "roadmap"][:6] or evidence.ranked[:6]
    focus_ids = {p.chunk_id for p in focus}
    top = {p.chunk_id for p in evidence.ranked[:1]}
    names_stage = STAGE_WORDS.search(evidence.query.question) is not None
    # a question that names a stage (and retrieval agrees, or it says "step", "path"...) is
    # answered from that stage; otherwise the stage only competes with the search results
    starts = asks_where_to_start(evidence.query.question)
    whole = isinstance(evidence.payload, FactEvidence) and evidence.payload.whole
    named = isinstance(evidence.payload, FactEvidence) and evidence.payload.named
    anchored = isinstance(evidence.payload, FactEvidence) and evidence.payload.anchored
    strong = bool(focus_ids) and (names_stage or starts or whole or named or anchored or bool(focus_ids & top))
    pool = focus if strong else ranked + [p for p in focus if p.chunk_id not in {r.chunk_id for r in ranked}]
    first_stage = focus[0].stage_index if focus else None

    def weight(text: str) -> float:
        return sum(composition.idf.get(t, composition.default_idf) for t in terms & {stem(w) for w in tokens(text)})

    scored: list[tuple[float, int, int, str, Passage]] = []
    lines_of: dict[str, list[str]] = {}
    for order, passage in enumerate(pool):
        base = 0.7 * weight(passage.section) + 2.0 * passage.score
        if strong and passage.stage_index == first_stage:
            base += 1.0
        lines_of[passage.chunk_id] = passage_lines(passage, keep_colons=True)
        toc = contents(passage)  # a contents list's lines name sections: theirs answer
        for position, line in enumerate(lines_of[passage.chunk_id]):
            penalty = WEAK_LINE if weak(line, passage.section) or toc else 0.0  # housekeeping sinks below the rest
            scored.append((weight(line) + base - penalty, order, position, line, passage))
    nearby_passages = evidence.payload.nearby if isinstance(evidence.payload, FactEvidence) else []
    # "where do I start" answers from the first stages; otherwise any search result may hold the answer,
    # but a question about the roadmap as a whole from its own lines about itself, and one about a
    # stage alone (every subject word in its title) from that stage: its subject first, then the
    # asked type within it
    others = [] if whole else nearby_passages if starts and strong else nearby_passages + evidence.ranked
    wanted = cues(evidence.query.question)
    if (named or anchored) and not starts:  # the stage named, or the one the conversation is on
        inside = [p for p in others if (p.doc_id, p.stage_index) in {(f.doc_id, f.stage_index) for f in focus}]
        # the stage's own lines, unless none of them gives the asked type ("a book for deep learning")
        if not wanted or any(gives(p, wanted) for p in pool + inside):
            others = inside
    candidates = pool + [p for p in others if p.kind == "roadmap" and p.chunk_id not in lines_of][:MAX_OPENING_POOL]
    # a list or count question opens with the list it names, whole; otherwise with its best lines
    # (from the stage the question names, when it names one)
    everything = [*candidates, *nearby_passages, *evidence.ranked]
    staged = {(p.doc_id, p.stage_index) for p in focus}
    defined = payload.defined if payload else []  # the acronyms asked about, as the text defines them
    # "python or R?": a line that names both sides (one stating a direction first) answers it
    sides = [] if defined else either_sides(evidence.query.question)
    both = lines_naming_sides(sides, [p for p in everything if p.kind == "roadmap"]) if sides else []
    both = [(line, passage) for line, passage in both if not weak(line, passage.section)]
    # a heading that asks the question: its body answers
    # the list a list question names by its label answers it whole, before any heading's answer
    listed = None if defined or both else named_list(
        evidence.query.question, [p for p in everything if not strong or (p.doc_id, p.stage_index) in staged],
        composition.idf, composition.default_idf)
    headed = payload.headed if payload and not both and not listed else None
    opening = [ScoredLine(0.0, line, passage, 0, 0) for line, passage in both]
    count = counted(evidence.query.question) if listed else None
    if count is not None:  # "how many lessons?": the line that says how many opens, before the list it counts
        opening = [line for line in opening_lines(evidence.query.question, query, searched(candidates, evidence.ranked),
                                                  composition.idf, composition.default_idf)[:1] if count.search(line.text)
                   and line.text.rstrip(":").strip() not in (listed.label, *listed.items)]  # the list's own lead-in counts it
    if not opening and not (listed or defined):  # after a heading's answer too: what else answers it
        opening = opening_lines(evidence.query.question, query, searched(candidates, evidence.ranked),
                                composition.idf, composition.default_idf)
        if headed:
            opening = [line for line in opening if not (line.passage.chunk_id == headed.passage.chunk_id
                                                        and any(line.text in own for own in headed.lines))]
    lead = start_lead(evidence.query.question, focus) if starts and strong and not (headed or listed or defined or both) else None
    if lead is not None:  # "where do I start?": the stage to start with, in its own first words
        asked = cues(query)  # an answer type asked besides ("... and how long is it?"), not the roadmap's name
        opening = [lead] + ([line for line in opening if line.text != lead.text][:1] if asked else [])
    elif starts and strong and opening and focus and (opening[0].passage.doc_id, opening[0].passage.stage_index) == (
            focus[0].doc_id, focus[0].stage_index) and focus[0].stage_index is not None and not asks_before_start(
            evidence.query.question):
        lead = opening[0]  # the stage says nothing in a sentence of its own: its best line, after its name
    opening = [line for line in opening if (line.passage.chunk_id, line.text) not in said_before]
    said = {(line.passage.chunk_id, line.text) for line in opening} | set(said_before)
    said |= {(headed.passage.chunk_id, line) for line in headed.lines} if headed else set()
    said |= {(d.passage.chunk_id, line) for d in defined for line in passage_lines(d.passage, keep_colons=True)
             if d.line in line or line in d.line}
    said |= {(listed.passage.chunk_id, item) for item in (listed.label, *listed.items)} if listed else set()
    # nor again the paragraph an opening sentence was taken from
    scored = [item for item in scored if not any(chunk == item[4].chunk_id and text in item[3] for chunk, text in said)]
    if said:  # with an answer already given, housekeeping lines add nothing after it
        scored = [item for item in scored if not weak(item[3], item[4].section)]
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    picked = {(item[1], item[2]): item for item in scored[:MAX_FACT_LINES]}
    for (order, position), item in list(picked.items()):
        if item[3].endswith(":"):  # an intro line brings the list it introduces, nested entries too
            own = lines_of[item[4].chunk_id]
            for follow in range(position + 1, position + 1 + introduced(item[4], own, position)):
                if not any(chunk == item[4].chunk_id and text in own[follow] for chunk, text in said):
                    picked.setdefault((order, follow), (item[0] - 0.01, order, follow, own[follow], item[4]))
    best_of: dict[str, float] = {}
    for score, _, _, _, passage in picked.values():
        key = passage.stage_title or passage.section.split(" > ")[0]
        best_of[key] = max(best_of.get(key, score), score)
    blocks: dict[str, list[tuple[str, Passage]]] = {}
    for _, _, _, line, passage in sorted(picked.values(), key=lambda i: (i[1], i[2])):
        heading = heading_of(passage)
        blocks.setdefault(heading, []).append((line.rstrip(":"), passage))
    # the most relevant block first; lines keep their document order inside a block;
    # citations are numbered in reading order
    text = []
    if headed:
        text.append(headed_block(headed, book, label))
    if defined:
        text.append(f"**{label}**\n" + "\n".join(
            f"- **{d.acronym}** is short for **{d.long_form}**: {shorten(d.line)} {book.cite(d.passage)}" for d in defined))
    if listed and not opening:
        text.append(list_block(listed, book, label))
    if opening:
        context = learner_context(evidence.query.question)
        said_lines = []
        for line in opening:
            mark = book.cite(line.passage)
            prefix = "Start with " if line is lead else ""
            said_lines.append(f"- {prefix}**{heading_of(line.passage)}**: {line.text.rstrip(':')} {mark}")
            own = passage_lines(line.passage, keep_colons=True)
            if line.text.endswith(":") and line.text in own:  # an intro line brings the list it introduces
                start = own.index(line.text)
                said_lines += [f"  - {item.rstrip(':')} {mark}"
                               for item in own[start + 1:start + 1 + introduced(line.passage, own, start)]]
            said_lines.append(paced_line(line.text, context, mark))
        together = {line.passage.chunk_id for line in opening}
        if not any(COMPUTED in line for line in said_lines) and len(opening) > 1 and len(together) == 1:  # "Duration: 2 weeks", "Effort: 12 h/week"
            said_lines.append(paced_line("; ".join(line.text for line in opening), context, book.cite(opening[0].passage)))
        text.append(f"**{ALSO if headed else label}**\n" + "\n".join(filter(None, said_lines)))
        if listed:  # the list a count question names, after the line that counts it
            text.append(list_block(listed, book, ALSO))
    for heading in sorted(blocks, key=lambda h: -best_of.get(h, 0.0)):
        lines = [f"- {line} {book.cite(passage)}" for line, passage in blocks[heading]]
        text.append(f"**{heading}** ({short_title(blocks[heading][0][1].title)})\n" + "\n".join(lines))
    return "\n\n".join(text)


def list_block(listed: LabelledList, book: CitationBook, label: str) -> str:
    """The list a list question names, whole, under its label and where it sits."""
    mark, where = book.cite(listed.passage), heading_of(listed.passage)
    lead = f"**{listed.label}**" + (f" ({where})" if where != listed.label else "") + ":"
    return f"**{label}**\n{lead}\n" + "\n".join(f"- {item} {mark}" for item in listed.items)


def searched(passages: list[Passage], ranked: list[Passage]) -> list[Passage]:
    """A stage's passage that search found too is as close to the question as search scored it
    (the structure's copy may carry no score): the opening line weighs its meaning."""
    scores = {p.chunk_id: p.score for p in ranked}
    return [p.model_copy(update={"score": scores[p.chunk_id]}) if scores.get(p.chunk_id, p.score) > p.score else p
            for p in passages]


def start_lead(question: str, focus: list[Passage]) -> ScoredLine | None:
    """The first stage's own first words ("Goal: Build the foundation ...", "Before mastering machine
    learning, it is important to understand ..."): what a "where do I start?" answer opens with, after
    the stage's name. Not for "what do I need before starting?" (the prerequisites answer that)."""
    if not focus or focus[0].stage_index is None or asks_before_start(question):
        return None
    first = [p for p in focus if p.doc_id == focus[0].doc_id and p.stage_index == focus[0].stage_index]
    for passage in first:
        if contents(passage):
            continue
        own = {stem(w) for w in tokens(heading_of(passage))}
        for line in passage_lines(passage, keep_colons=True):
            value = line.split(": ", 1)[-1]  # "Courses: <the stage's title>", "Duration: 14 weeks" say no sentence
            if line.endswith(":") or len(value.split()) < SHORT_WORDS or weak(line, passage.section) or \
                    {stem(w) for w in tokens(value)} <= own:
                continue
            return ScoredLine(0.0, shorten(line), passage, 0, 0)
    return None


def introduced(passage: Passage, lines: list[str], position: int) -> int:
    """How many of `lines` after the intro line at `position` belong to the list it introduces: the
    whole list as the passage marks it (its nested entries included, at most MAX_LIST_LINES), three
    lines when the passage marks none ("Challenge/Practice sites:" then eight sites, each with a note)."""
    intro = lines[position].rstrip(":").strip()
    listed = next((found for found in labelled_lists(passage) if found.label == intro), None)
    if listed is None:
        return len(lines[position + 1 : position + 1 + INTRO_FOLLOW])
    count = 0  # the lines that are its entries (an entry with its children folded in starts with it)
    for line in lines[position + 1 : position + 1 + MAX_LIST_LINES]:
        if not any(line == item or line.startswith(item) for item in listed.items):
            break
        count += 1
    return count


def headed_block(headed: HeadedAnswer, book: CitationBook, label: str = OPENING_LABEL) -> str:
    """The heading that asks the question, then its body: the roadmap's own answer, first."""
    mark = book.cite(headed.passage)
    where = heading_of(headed.passage)
    asks = headed.heading.rstrip(":").strip()
    lead = f"**{asks}**" + (f" ({where})" if where.lower() != asks.lower() else "") + ":"
    lines = [f"- {shorten(line.rstrip(':'))} {mark}" for line in headed.lines]
    return f"**{label}**\n{lead}\n" + "\n".join(lines)


def shorten(line: str, most: int = 300) -> str:
    """A long paragraph of the answer keeps its first sentences."""
    if len(line) <= most:
        return line
    kept = ""
    for sentence in re.split(r"(?<=[.!?])\s+", line):
        if kept and len(kept) + len(sentence) > most:
            break
        kept = f"{kept} {sentence}".strip()
    return kept


def heading_of(passage: Passage) -> str:
    """The stage or top section a line comes from (what a follow-up's "it" refers to)."""
    return passage.stage_title or passage.section.split(" > ")[0] or short_title(passage.title)


def options_lines(focus: list[Passage], book: CitationBook) -> str:
    """'What are the options in Q4?': each option of the stage with what it covers."""
    lines = []
    for passage in (p for p in focus if p.stage_title.lower().startswith("option")):
        points = passage_lines(passage)[:3]
        lines.append(f"- **{passage.stage_title}**: {'; '.join(points)} {book.cite(passage)}")
    return "\n".join(lines)
