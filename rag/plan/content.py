"""What a stage asks the learner to learn, and the resources it links, each tied to the passage that
says so. Only what the index holds: a resource's URL is one a roadmap or the catalogue gives."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.intents import instruction_like
from rag.lines import TABLE_RULE
from rag.models import Passage, RoadmapStructure, Stage
from rag.plan.library import PlanLibrary, url_key

MAX_LEARN = 8
MAX_LEARN_CHARS = 200
MAX_RESOURCES = 6
# Sections that explain or link rather than teach.
NOT_LEARNING = re.compile(r"^(why\b|resources?\b|references?\b|where to find|about the|other roadmaps|"
                          r"recom+ended courses)", re.I)
# Lines that comment on the stage instead of naming something to learn.
COMMENTARY = re.compile(r"^(why|note|time commitment)\b\s*:", re.I)
# A line that opens a list of resources inside a teaching section ("📚 Resources:", "Resources:",
# "Recommended books:"): the bullets under it name material to use, not things to learn.
RESOURCE_LABEL = re.compile(
    r"^\W*(?:(?:recommended|suggested|useful|free|further|additional|other|more|learning|key|top|best|official)\s+)?"
    r"(?:resources?|references?|readings?|materials?|courses?|books?|videos?|tutorials?|links?|where to learn|"
    r"learn from|to read|to watch)\s*(?:\([^)]*\))?\s*:?\s*$", re.I)
# What follows a resource's name on a bullet that starts with a link: nothing, a description, its author.
AFTER_LINK = re.compile(r"^\s*(?:$|[:;(\-–—,]|by\s|from\s)", re.I)  # ";": its nested notes, folded in
WHAT_TO_LEARN = re.compile(r"^(what to learn|what you('ll| will) learn|topics|syllabus|curriculum|key concepts)\b", re.I)
HEADING_MARK = re.compile(r"^#{1,6}\s+")
BULLET = re.compile(r"^(\s*)(?:[-*+•]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(.*)$")
# A row field that says what the row teaches (the first of those a row gives is its learn line).
LEARN_FIELD = re.compile(r"^(?:learning\s+(?:objectives?|outcomes?|goals?)|objectives?|outcomes?|goals?|what\s+you(?:'ll|\s+will)\s+"
                         r"learn|topics?\s+covered|covers|description|summary)$", re.I)
FREE = re.compile(r"\bfree\b", re.I)
COST_ORDER = {"free": 0, "freemium": 1, "unknown": 2, "paid": 3}
# A table row's fields (ingest writes "Discussion: chat", "Prerequisites: high school algebra"): links
# there lead to a chat room or to what comes before the stage, not to material for the stage.
NOT_MATERIAL_FIELD = re.compile(r"^\s*(?:discussion|chat|community|forum|prerequisites?|requirements?|"
                                r"pre-?requisites?)\s*:", re.I)


@dataclass(frozen=True)
class StageResource:
    title: str
    url: str | None
    cost: str
    passage: Passage  # what the plan cites for it: the catalogue entry, else the roadmap passage linking it


@dataclass
class StageContent:
    stage: Stage
    passages: list[Passage]  # every passage of the stage, in document order
    learn: list[tuple[str, Passage]] = field(default_factory=list)
    resources: list[StageResource] = field(default_factory=list)

    @property
    def main_passage(self) -> Passage | None:
        """The passage a plan item cites: where the stage says what to learn, else its first one."""
        return self.learn[0][1] if self.learn else (self.passages[0] if self.passages else None)


def stage_content(library: PlanLibrary, roadmap: RoadmapStructure, stage: Stage, *, free_only: bool,
                  passages: list[Passage] | None = None) -> StageContent:
    """`passages`: the unit's own when it is not a stage of the index (a section of a roadmap that
    sets no order); by default the stage's passages."""
    passages = library.stage_passages(roadmap, stage) if passages is None else passages
    content = StageContent(stage, passages)
    content.learn = learn_items(passages)[:MAX_LEARN]
    content.resources = stage_resources(library, stage, passages, free_only=free_only, roadmap=roadmap)
    return content


def learn_items(passages: list[Passage]) -> list[tuple[str, Passage]]:
    """Top-level bullets of the sections that teach, nested bullets folded in ("GANs: DCGAN, StyleGAN").
    Bullets that name resources (under a "Resources:" line, or led by a link: "[Course](url) by X")
    are not things to learn, unless the stage lists nothing else (a syllabus of linked topics)."""
    topics: list[tuple[str, Passage]] = []
    linked: list[tuple[str, Passage]] = []
    seen: set[str] = set()
    syllabus = [p for p in passages if any(WHAT_TO_LEARN.match(h) for h in p.section.split(" > ")[1:])]
    for passage in syllabus or passages:  # a "What to learn" section says it best; else every teaching section
        own_heading = passage.section.split(" > ")[-1]
        if passage.kind != "roadmap" or NOT_LEARNING.match(own_heading) or _is_resource_list(passage):
            continue
        names = _link_names(passage)
        for line, listed in _bullets_read(passage.text, names) + [(row, False) for row in _table_rows(passage.text)]:
            key = line.casefold()
            if key not in seen and not COMMENTARY.match(line) and not instruction_like(line):
                seen.add(key)
                (linked if listed else topics).append((_shorten(line), passage))
    return topics or linked or [(_shorten(value), p) for p in passages if p.kind == "roadmap"
                                for value in _row_fields(p.text)][:MAX_LEARN]


def _row_fields(text: str) -> list[str]:
    """What a curriculum row says it teaches, when ingest wrote it as "Field: value" pairs
    ("Topic: Introduction to regression; Learning Objectives: Get started with ...")."""
    values = []
    for line in text.split("\n"):
        for part in line.split("; "):
            key, sep, value = part.partition(": ")
            if sep and LEARN_FIELD.match(key.strip()) and value.strip() and not instruction_like(value):
                values.append(value.strip())
    return values


def _link_names(passage: Passage) -> list[str]:
    names = {link.get("text", "").strip().casefold() for link in passage.links}
    return sorted((n for n in names if len(n) >= 3), key=len, reverse=True)


def resource_bullet(line: str, names: list[str]) -> bool:
    """A bullet led by a link's name and nothing but a description or an author after it."""
    folded = line.casefold()
    return any(folded.startswith(name) and AFTER_LINK.match(folded[len(name):]) for name in names)


def _is_resource_list(passage: Passage) -> bool:
    """A list that is all links ("- Official Python Docs") names resources, not topics."""
    names = {link.get("text", "").strip().casefold() for link in passage.links}
    bullets = _bullets(passage.text)
    return bool(names) and bool(bullets) and sum(b.casefold() in names for b in bullets) * 2 >= len(bullets)


def lists_only_resources(passages: list[Passage]) -> bool:
    """A section whose every bullet names a resource ("- [LeetCode](url)", books under "### Python"):
    material to use, not a subject to study."""
    read = [listed for p in passages if p.kind == "roadmap" for _, listed in _bullets_read(p.text, _link_names(p))]
    return bool(read) and all(read)


def _bullets(text: str) -> list[str]:
    return [line for line, _ in _bullets_read(text, [])]


def _bullets_read(text: str, link_names: list[str]) -> list[tuple[str, bool]]:
    """Top-level bullets with nested ones folded in, each with whether it names a resource: it sits
    under a resource label line ("Resources:") or is led by one of the passage's links."""
    out: list[list] = []
    in_resources = False
    for raw in text.split("\n"):
        found = BULLET.match(raw)
        if not found:
            if raw.strip():  # a line of prose or a label: a label opens a list of resources, prose ends it
                in_resources = bool(RESOURCE_LABEL.match(raw.replace("**", "").strip()))
            continue
        indent, body = len(found.group(1)), found.group(2).strip()
        if not body:
            continue
        if indent >= 2 and out:
            joiner = " " if out[-1][0].endswith(":") else "; "
            out[-1][0] = f"{out[-1][0]}{joiner}{body}"
        elif indent < 2:
            out.append([body, in_resources])
    cleaned = [(HEADING_MARK.sub("", line).rstrip(":").strip(), listed) for line, listed in out]  # "- ### Arrays"
    return [(line, listed or resource_bullet(line, link_names)) for line, listed in cleaned if line]


def _table_rows(text: str) -> list[str]:
    """The first cell of each body row of a table ("Calculus 1A: Differentiation | 13 weeks | ..."):
    curricula list their courses that way."""
    lines = text.split("\n")
    rows = []
    for number, line in enumerate(lines):
        if line.count("|") < 2 or TABLE_RULE.match(line):
            continue
        if number + 1 < len(lines) and TABLE_RULE.match(lines[number + 1]):
            continue  # the header row
        first = line.strip().strip("|").split("|")[0].strip()
        if first and not TABLE_RULE.match(first):
            rows.append(first)
    return rows


def _shorten(line: str) -> str:
    line = " ".join(line.split())
    if len(line) <= MAX_LEARN_CHARS:
        return line
    cut = line[:MAX_LEARN_CHARS].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def stage_resources(library: PlanLibrary, stage: Stage, passages: list[Passage], *, free_only: bool,
                    roadmap: RoadmapStructure | None = None) -> list[StageResource]:
    """The stage's links, then catalogue entries recommended in it, one per URL. A catalogue entry
    for the same URL supplies the cost and is the passage cited; otherwise the roadmap passage that
    links it is. Free first when asked (and nothing known to be paid)."""
    catalogue = library.catalogue_by_url()
    found: dict[str, StageResource] = {}
    outside: set[str] = set()  # URLs the stage links only as its discussion or its prerequisites
    for passage in passages:
        for link in passage.links:
            url, text = link.get("url", ""), link.get("text", "").strip().rstrip(":")
            if not url.startswith(("http://", "https://")) or url_key(url) in found:
                continue
            if _outside_material(passage.text, text):
                outside.add(url_key(url))
                continue
            entry = catalogue.get(url_key(url))
            cost = (entry.cost if entry else None) or _cost_in(passage.text, text)
            title = text or (entry.section.split(" > ")[-1] if entry else url)
            found[url_key(url)] = StageResource(title, url, cost, entry or passage)
    for entry in library.recommended_in(stage, roadmap):
        key = url_key(entry.url) if entry.url else f"catalogue:{entry.resource_id or entry.chunk_id}"
        if key not in found and key not in outside:
            found[key] = StageResource(entry.section.split(" > ")[-1], entry.url, entry.cost or "unknown", entry)
    resources = sorted(found.values(), key=lambda r: r.url is None)  # linked ones first, else in the roadmap's order
    resources = [r for r in resources if not library.is_broken(r.url)]  # found broken by the last link check
    if free_only:
        resources = [r for r in resources if r.cost != "paid"]
        resources.sort(key=lambda r: COST_ORDER.get(r.cost, 2))  # stable: the roadmap's order within a cost
    return resources[:MAX_RESOURCES]


def _outside_material(text: str, name: str) -> bool:
    """The link appears only on fields that are not material for the stage (its discussion, its
    prerequisites)."""
    lines = [line for line in text.split("\n") if name and name.casefold() in line.casefold()]
    return bool(lines) and all(NOT_MATERIAL_FIELD.match(line) for line in lines)


def _cost_in(text: str, name: str) -> str:
    """'free' when the roadmap's own line for the resource says so ("(YouTube - Free)")."""
    for line in text.split("\n"):
        if name and name.casefold() in line.casefold() and FREE.search(line):
            return "free"
    return "unknown"
