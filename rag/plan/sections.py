"""The units a plan follows in a roadmap that sets no order: its top-level sections, in the order
the document lists them.

Such a roadmap (a resource list that says "in no specific order", a guide whose headings are not
steps) has no stages, so a plan cannot follow the roadmap's order; the document's own order is
the honest next best, and the plan says which one it follows. A section is a unit when it has
something to learn or read (a bullet, a link or sub-sections); the preamble before the first
heading and the housekeeping sections of a repository's README (contributing, licence, ...) are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.estimates import parse_estimate
from rag.models import Link, Passage, RoadmapStructure, Stage
from rag.plan.content import lists_only_resources
from rag.plan.guidance import about_studying, incidental_stages

SECTIONS_GROUP = "sections"
# Headings that run the document or the project rather than teach (the same kind ingest keeps out of
# the resources): words of document structure, not of any subject.
HOUSEKEEPING = re.compile(
    r"\b(table of contents|contents|toc|contributors?|contributing|how to contribute|code of conduct|licen[cs]e|"
    r"acknowledg\w*|credits|sponsors?|support(?: us| the project)?|contact|about (?:the )?authors?|authors?|"
    r"changelog|citation|cite this|faq|star history|disclaimer)\b", re.I)
# Headings that, as a whole, are about the document or its project: "About", "About this list",
# "Meet the Team", "Help Wanted!", "Offline access", "Other Curricula", "Status", "Community"; a
# course page's administration ("Course info", "Course staff", "Grading") and its statement of
# principles ("Manifesto", "Our philosophy", "Principles"), not a subject to study.
ABOUT_THE_DOCUMENT = re.compile(
    r"^\W*(?:about(?:\s+(?:this|the|us|me))?(?:\s+(?:list|project|repo|repository|course|curriculum|guide|roadmap|book|"
    r"collection|site|page|path|plan))?|meet the (?:team|authors?|maintainers)|(?:the\s+)?team|maintainers?|help wanted|"
    r"translations?|other (?:curricula|courses|roadmaps|lists|projects)|related (?:projects|lists|repos|repositories)|"
    r"see also|offline access|(?:pdfs?|downloads?)|news|updates|star history|(?:project\s+)?status|log|community|"
    r"(?:how to\s+)?(?:track|show) your progress|content policy|congratulations!?|contributions|"
    r"(?:our\s+|course\s+|the\s+)?(?:philosophy|principles|values|manifesto)|"
    r"(?:course\s+)?(?:staff|info|information|logistics)|instructors?|teaching assistants|grading(?: rules)?|"
    r"(?:additional|supplementary|extra|bonus)\s+(?:materials?|resources|reading))\W*$", re.I)
# Sections named for the material they list: "Books for Data Structures", "Interview Prep Books",
# "Video resources", "Recommended reading".
RESOURCE_HEADING = re.compile(r"^\W*(?:[\w-]+\s+){0,2}?(?:books?|resources?|references?|readings?|reading\s+list|links|"
                              r"videos?|courses?|tutorials?)\b(?:\s+(?:for|on|about)\b.*)?\W*$", re.I)
PREAMBLE = "Introduction"  # the name ingest gives the text before a document's first heading
BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+\S", re.M)
TIME_WORDS = re.compile(r"\b(time|duration|effort|takes?|hours?)\b", re.I)
LEAD = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")


@dataclass(frozen=True)
class SectionUnit:
    stage: Stage  # the section as a stage of group "sections": its title is the heading
    passages: list[Passage]  # the section's passages, sub-sections included, in document order


def section_units(roadmap: RoadmapStructure, passages: list[Passage]) -> list[SectionUnit]:
    """The roadmap's top-level sections that teach, in document order (`passages` in document
    order). When one heading holds the whole document ("## Contents" over everything), its
    sub-sections are the units."""
    # a stage's passages here belong to numbered advice (the roadmap's stages are not its order)
    own = [p for p in passages if p.doc_id == roadmap.doc_id and p.kind == "roadmap" and p.stage_index is None]
    found: list[list[SectionUnit]] = []
    for depth in (1, 2):
        groups: dict[str, list[Passage]] = {}
        for passage in own:
            path = passage.section.split(" > ")
            if len(path) >= depth and not (depth > 1 and ABOUT_THE_DOCUMENT.match(path[0])):  # "About this course > FAQ"
                groups.setdefault(" > ".join(path[:depth]), []).append(passage)
        units = [_unit(position, name, group, depth) for position, (name, group) in enumerate(groups.items())
                 if _teaches(name, group)]
        teaching = [u for u in units if not (RESOURCE_HEADING.match(u.stage.title) or lists_only_resources(u.passages))]
        if len(teaching) >= 2:  # link lists ("Coding Problems", "Interview Prep Books") are material, not units
            units = teaching
        found.append([SectionUnit(unit.stage.model_copy(update={"index": n}), unit.passages)
                      for n, unit in enumerate(units)])
    # the top level when it has two units or more; else the level below; else whatever there is
    return next((units for units in found if len(units) >= 2), found[0] or found[1])


def plan_units(roadmap: RoadmapStructure, passages: list[Passage]) -> list[Stage]:
    """What a plan of this roadmap schedules (and a learner can mark done): its stages, or its
    sections when it sets no order or its only stages are numbered advice (rag.plan.guidance)."""
    if follows_stages(roadmap):
        return list(roadmap.stages)
    return [unit.stage for unit in section_units(roadmap, passages)]


def follows_stages(roadmap: RoadmapStructure) -> bool:
    """A plan follows the roadmap's stages, unless it has none or they are tips, not its order."""
    return bool(roadmap.stages) and not incidental_stages(roadmap)


def _teaches(name: str, passages: list[Passage]) -> bool:
    heading = name.split(" > ")[-1]
    if HOUSEKEEPING.search(heading) or ABOUT_THE_DOCUMENT.match(heading) or about_studying(heading):
        return False  # advice, how to use the document and how to pace it: cited as guidance, not planned
    has_parts = any(len(p.section.split(" > ")) > len(name.split(" > ")) for p in passages)
    has_content = any(BULLET.search(p.text) or p.links for p in passages)
    return has_content or has_parts if name != PREAMBLE else has_parts


def _unit(position: int, name: str, passages: list[Passage], depth: int) -> SectionUnit:
    heading = name.split(" > ")[-1]
    below = list(dict.fromkeys(p.section.split(" > ")[depth] for p in passages if len(p.section.split(" > ")) > depth))
    topics = [LEAD.sub("", line).strip() for p in passages for line in p.text.split("\n") if BULLET.match(line)]
    links = [Link(text=link.get("text", ""), url=link.get("url", ""), section=p.section)
             for p in passages for link in p.links if link.get("url")]
    stage = Stage(index=position, title=heading, group=SECTIONS_GROUP, headings=below, topics=topics, links=links,
                  estimate=_estimate(passages))
    return SectionUnit(stage, passages)


def _estimate(passages: list[Passage]):
    """The time the section states for itself ("Time needed: 2-3 weeks (5 hours/week)"), if any."""
    for passage in passages:
        for line in passage.text.split("\n"):
            if TIME_WORDS.search(line):
                found = parse_estimate(LEAD.sub("", line).replace("**", "").strip(), passage.section)
                if found is not None and (found.hours_low or found.hours_high):
                    return found
    return None
