"""Parse repaired text into roadmap structure: title, ordered stages, sections, topics, links.

Markdown headings carry their level; plain text (blog exports, PDFs) has bare-line headings that
are recognised by shape. Stages are recognised by their wording ("Step 7: ...", "Q2 2026: ...",
"Option B: ...", "If Your Goal is ..."), at whatever heading level they appear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.headings import find_headings
from ingest.readme_lines import join_link_lines, lift_images
from ingest.links import link_title, uniform_links
from ingest.loaders import PDF_SUFFIXES
from ingest.planted import join_planted
from rag.intents import instruction_like
from ingest.markup import BULLET, CLOSING_HASHES, LINK, MD_HEADING, STAGE_PATTERNS, clean_heading, clean_inline  # noqa: F401
from ingest.markup import match_stage
from ingest.list_stages import item_heading_stages, list_stages
from ingest.prose_order import prose_stages
from ingest.stages import curriculum_list, estimate_in_line, heading_stages, says_unordered, strip_symbols
from ingest.tables import course_tables, curriculum_tables
from rag.estimates import heading_estimate
from rag.models import Link, RoadmapStructure, Stage, StageEstimate

# Plain-text headings that close the current stage (document-level sections of blog posts).
DOCUMENT_LEVEL_HEADING = re.compile(
    r"^(the\s|common\s|monthly\s|income\b|alternative paths|final\s|conclusion|summary|faq|"
    r"about the|frequently|other roadmaps|recom+ended courses|next steps)",
    re.I,
)
RULE = re.compile(r"^\s*([-*_=]\s*){3,}\s*$")
URL_LINK = re.compile(r"\[https?://[^\[\]\s]{1,2000}\]\(https?://[^)\s]{1,2000}\)")  # a bare URL, made a link
CODE_WORD = re.compile(r"^\s*`[^`\n]{1,80}`\s*$")  # "`unit testing`": a topic list written as code spans
BOLD_LEAD = re.compile(r"^(?:\*\*|__)(.{1,80}?)(?:\*\*|__)")
# A first-level heading that names a part of the page, not the roadmap ("# Contents")
GENERIC_TITLE = re.compile(r"^(table of )?contents?$|^(summary|introduction|overview|about|readme|index|toc)$", re.I)


@dataclass
class Section:
    """The lines under one heading path, inside at most one stage."""

    path: list[str]
    stage_index: int | None
    lines: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return " > ".join(self.path)


@dataclass
class ParsedDocument:
    structure: RoadmapStructure
    sections: list[Section]


def parse_document(text: str, *, doc_id: str, source: str, markdown: bool, fallback_title: str) -> ParsedDocument:
    raw_lines = [part for line in text.split("\n") for part in lift_images(line)]
    raw_lines = join_link_lines(raw_lines)
    lines = join_planted([uniform_links(line.rstrip()) for line in raw_lines])
    found: dict[tuple[str, ...], tuple[dict[int, tuple[int, str]], int | None]] = {}
    laid_out = source.lower().endswith(tuple(PDF_SUFFIXES))  # headings read from type sizes, not written as such

    def headings_of(text_lines: list[str]) -> tuple[dict[int, tuple[int, str]], int | None]:
        """find_headings once per version of the lines (the prose reader asks for the same ones again)."""
        key = tuple(text_lines)
        if key not in found:
            found[key] = find_headings(text_lines, markdown, laid_out=laid_out)
        headings_found, title_found = found[key]
        return dict(headings_found), title_found

    headings, title_line = headings_of(lines)
    title = headings.pop(title_line)[1] if title_line is not None else fallback_title
    if GENERIC_TITLE.match(title):
        title = fallback_title
    # Stages the document names ("Step 3", "Q2 2026", "🗓️ Day 7") win; otherwise its course tables,
    # unit-numbered or numbered headings (the longer run), table of contents or emoji sections, in
    # that order (see ingest/stages.py), then the
    # rows of a curriculum table (a Week or Lesson column, rows said to be in order: ingest/tables.py).
    # A top-level ordered list under "Curriculum" comes last; none of the implied orders is used by a
    # roadmap that says its content has no order.
    listed = list_stages(lines, headings, clean_inline)  # items or lines that count up ("- week3 ...", "Day 4 - ...")
    for number in listed.rows:
        headings.pop(number, None)  # a day line a PDF set large is one of the run, not a heading
    named = any(_named(heading) for _, heading in headings.values())
    tables = course_tables(lines, clean_inline) if not named else None
    implied = heading_stages(headings, lines) if not named and not (tables and tables.rows) else {}
    if not named and not (tables and tables.rows):
        implied.update(item_heading_stages(headings, lines))  # "- ### Stack" items of a study plan
    if not named and not (tables and tables.rows) and not implied:
        tables = curriculum_tables(lines, headings, clean_inline)
    if not named and not (tables and tables.rows) and not implied:
        implied, tables = curriculum_list(headings, lines, clean_inline)
    if not named and not (tables and tables.rows) and not implied:
        tables = listed
    first_implied = min([*implied, *(tables.rows if tables else ())], default=None)
    if first_implied is not None and says_unordered(lines[:first_implied]):
        implied, tables = {}, (tables if tables and not tables.rows else None)
    prose_lines: set[int] = set()  # a stage that starts at a paragraph, which is content too
    if not named and not implied and not (tables and tables.rows):  # the order its sentences state, if any
        prose = prose_stages(lines, lambda text: headings_of(text)[0])
        if prose.lines != lines:  # ordered sentences moved onto lines of their own
            lines = prose.lines
            headings, title_line = headings_of(lines)
            headings.pop(title_line, None)
        implied = dict(prose.sections)
        for number, (level, name, group) in prose.paragraphs.items():  # bare-line headings are all level 3
            headings[number], implied[number] = (level if markdown else max(level, 3), name), group
            prose_lines.add(number)

    prose_groups = {implied[n] for n in prose_lines}

    between = _between_named(headings) if named and markdown else {}

    def stage_of(number: int, heading: str) -> tuple[str, str] | None:
        return _named(heading) or between.get(number) or (("", implied[number]) if number in implied else None)

    # A heading closes a stage when it is at or above the shallowest level of that stage's group
    # (the Gen AI roadmap puts Step 2 at level 3; its "What to Learn?" must stay inside it).
    group_level: dict[str, int] = {}
    for number, (level, heading) in headings.items():
        found = stage_of(number, heading)
        if found:
            group_level[found[1]] = min(level, group_level.get(found[1], level))

    stages: list[Stage] = []
    links: list[Link] = []
    sections = [Section(path=[], stage_index=None)]
    stage: Stage | None = None
    stage_path: list[str] = []
    stack: list[tuple[int, str]] = []  # sub-headings below the current stage (or the document)
    outer: tuple[Stage, list[str]] | None = None  # the stage that holds a group of options
    prose_stack: list[tuple[int, str]] = []  # the headings around the section whose prose orders its stages

    loose_topics: list[str] = []  # bullets and `code` words under a heading outside any stage

    def take(line: str) -> None:
        current = sections[-1]
        current.lines.append(line)
        if stage is None and (BULLET.match(line) or CODE_WORD.match(line)):
            loose_topics.append(clean_inline(BULLET.sub(r"\1", line)).rstrip(":"))
        if instruction_like(line):  # addressed to a model: no link, topic or estimate of the roadmap's
            return
        for anchor, url in LINK.findall(line):
            nearest = current.path[-1] if current.path else title
            link = Link(text=link_title(clean_inline(anchor), line, nearest, url), url=url, stage_index=current.stage_index,
                        section=current.name)
            links.append(link)
            if stage is not None:
                stage.links.append(link)
        if stage is None:
            return
        bullet = BULLET.match(line)
        if bullet and not LINK.match(bullet.group(1).strip()):  # a bullet led by a link is a resource
            topic = clean_inline(URL_LINK.sub(" ", bullet.group(1))).rstrip(" :–—-")  # "NumPy: https://..." is NumPy
            lead = BOLD_LEAD.match(bullet.group(1).strip())
            if len(topic) > 160 and lead:  # "**Linear Algebra**: a paragraph about it"
                topic = clean_inline(lead.group(1)).rstrip(":")
            if topic and len(topic) <= 160:
                stage.topics.append(topic)
        from_heading = stage.estimate is not None and stage.estimate.text in stage.title
        if (stage.estimate is None or from_heading) and any(word in line.lower() for word in ("time", "duration", "effort")):
            stated = estimate_in_line(clean_inline(line), current.name)  # a "Time: ..." line says more than a heading
            stage.estimate = stated if stated is not None and (stated.hours_low or not from_heading) else stage.estimate

    for number, line in enumerate(lines):
        if number == title_line or (tables and number in tables.skipped):
            continue
        if tables and number in tables.rows:
            row = tables.rows[number]
            base = stage_path + [h for _, h in stack]
            stage = Stage(index=len(stages), title=row.title, label=row.label,
                          group=row.group or (strip_symbols(base[-1]) if base else "main"),
                          level=(stack[-1][0] + 1) if stack else 2,  # "Topics covered" above the table:
                          topics=[t for t in loose_topics if t and len(t) <= 160 and t.lower() not in {"and more", "etc"}]
                          if row.shared_topics else list(row.topics))
            stages.append(stage)
            # a table with a group column names its own parts: they, not the heading above it, hold its rows
            sections.append(Section(path=([row.group] if row.group else base) + [row.title], stage_index=stage.index))
            for row_line in row.lines:
                take(row_line)
            if row.estimate_text:
                stage.estimate = StageEstimate(text=row.estimate_text, hours_low=row.hours[0], hours_high=row.hours[1],
                                               section=sections[-1].name)
            stage = None
            sections.append(Section(path=base, stage_index=None))
            continue
        if number in headings:
            level, heading = headings[number]
            loose_topics = []
            found = stage_of(number, heading)
            if found:
                label, group = found
                if group == "options" and stage is not None and stage.group != "options":
                    outer = (stage, stage_path + [h for _, h in stack])
                elif group != "options":
                    outer = None
                parent = outer[1] if group == "options" and outer else []
                if number in prose_lines:  # inside the section whose prose orders it
                    if stage is None or stage.group != group:
                        prose_stack = list(stack)
                    parent = [h for _, h in prose_stack]
                stage = Stage(index=len(stages), title=heading, label=label, group=group, level=level,
                              estimate=heading_estimate(heading, " > ".join(parent + [heading])))
                stages.append(stage)
                stage_path, stack = parent + [heading], []
            else:
                closed_group = stage.group if stage is not None else ""
                if stage is not None and _closes(stage, level, heading, markdown or stage.group in prose_groups,
                                                 group_level):
                    if stage.group == "options" and outer and not DOCUMENT_LEVEL_HEADING.match(heading) and (
                        not markdown or level > group_level.get(outer[0].group, 0)
                    ):
                        stage, stage_path = outer[0], outer[1][:1]
                    else:
                        stage, stage_path = None, []
                    outer, stack = None, (prose_stack if closed_group in prose_groups else [])
                if stage is not None:
                    stage.headings.append(heading)
                effective = max(level, stage.level + 1) if stage else level
                stack = [(lvl, h) for lvl, h in stack if lvl < effective] + [(effective, heading)]
            sections.append(
                Section(path=stage_path + [h for _, h in stack], stage_index=stage.index if stage else None)
            )
            if number in prose_lines:
                take(line)
            elif not found and _statement(heading) and _bodiless(number, lines, headings):
                take(heading)  # "Suggested Timeline: 3 to 6 months" with nothing under it but stages says it all
            continue
        if RULE.match(line) or not line.strip():
            continue
        take(line)

    structure = RoadmapStructure(doc_id=doc_id, source=source, title=title, stages=stages, links=links)
    return ParsedDocument(structure=structure, sections=[s for s in sections if s.lines])


def _named(heading: str) -> tuple[str, str] | None:
    """The stage a heading names, also behind an emoji or symbol ("🗓️ Day 7: Context Length"): the
    symbol decorates the heading, the unit and number still say where it sits in the sequence."""
    return match_stage(heading) or match_stage(strip_symbols(heading))


def _between_named(headings: dict[int, tuple[int, str]]) -> dict[int, tuple[str, str]]:
    """Headings at a named run's own level that sit between two of its members numbered one after
    the other ("Day 6", "💻 Mini-Project 1", "Day 7"): a step of the sequence the author put there,
    not a sub-part of the member above it."""
    ordered = sorted(headings.items())
    found: dict[int, tuple[str, str]] = {}
    named = [(position, _named(text)) for position, (_, (_, text)) in enumerate(ordered)]
    members = [(position, stage) for position, stage in named if stage]
    for (first, (label, group)), (second, (next_label, next_group)) in zip(members, members[1:]):
        level = ordered[first][1][0]
        numbers = [re.search(r"(\d+)$", text) for text in (label, next_label)]
        if group != next_group or ordered[second][1][0] != level or not all(numbers):
            continue
        if int(numbers[1].group(1)) != int(numbers[0].group(1)) + 1:
            continue
        inside = [position for position in range(first + 1, second) if ordered[position][1][0] == level]
        if inside and all(ordered[position][1][0] >= level for position in range(first + 1, second)):
            found.update({ordered[position][0]: ("", group) for position in inside})
    return found


STATEMENT = re.compile(r"^[^:]{2,40}:\s*\S")  # "Duration: 12 weeks", "Prerequisites: Python"


def _statement(heading: str) -> bool:
    """A heading that states a value ("Label: value"), not just names a part."""
    return bool(STATEMENT.match(heading)) and not match_stage(heading)


def _bodiless(number: int, lines: list[str], headings: dict[int, tuple[int, str]]) -> bool:
    """No text of its own: the next line with content is another heading (or the end)."""
    for later in range(number + 1, len(lines)):
        if lines[later].strip() and not RULE.match(lines[later]):
            return later in headings
    return True


def _closes(stage: Stage, level: int, heading: str, markdown: bool, group_level: dict[str, int]) -> bool:
    if markdown:
        return level <= group_level.get(stage.group, stage.level)
    if DOCUMENT_LEVEL_HEADING.match(heading):
        return True
    return stage.group == "options" and level <= 3
