"""Which stages a learner can skip: the ones their known skills cover, and the ones they marked done.

A skill covers a stage when the stage's title names it ("sql" -> "Step 3: SQL", "git" -> "Step 2:
Learn GitHub"), or when the title names the area the skill belongs to and the stage teaches that
very skill ("python" -> "Step 1: Programming Fundamentals", whose first topic is Python Basics).
A skill that only appears inside a broader stage ("Deepen Python Proficiency" in a quarter that is
mostly mathematics) does not remove the stage: the rest of it still has to be learned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.errors import PlanRequestError
from rag.models import Stage
from rag.roadmap import stage_stems
from rag.text import STOPWORDS, content_terms, stem, tokens

# The area a concrete skill belongs to, when roadmaps title the stage by the area.
SKILL_AREAS = {
    "programming": {"python", "java", "c++", "javascript", "typescript", "r", "julia", "go", "rust", "scala", "c"},
    "mathematic": {"linear", "algebra", "calculus", "probability", "statistic"},
}
# Words that name the whole field or the kind of stage: a skill made only of these covers nothing.
TOO_BROAD = {stem(w) for w in ("ai", "generative", "model", "models", "engineer", "engineering", "fundamentals",
                               "foundations", "foundation", "core", "concepts", "basics", "introduction", "intro",
                               "advanced", "specialization", "projects", "project", "data", "science", "step",
                               # a heading's own time ("Math + Python Basics (2–3 weeks)") is not its subject
                               "week", "weeks", "month", "months", "day", "days", "hour", "hours", "year", "years")}
OPTIONAL = re.compile(r"\(\s*optional\s*\)|\boptional\b", re.I)


@dataclass(frozen=True)
class Coverage:
    stage: Stage
    reason: str


def skill_stems(skill: str) -> set[str]:
    """The skill's meaningful words, stemmed; a one-letter language ("R", "C") counts, a word for
    learning in general ("learning", "basics") does not."""
    return {stem(t) for t in content_terms(skill)} or {t for t in tokens(skill) if len(t) == 1 and t not in STOPWORDS}


def subject_stems(stage: Stage) -> set[str]:
    """What the stage's title is about: its words, less its label ("Step 3") and the words that name
    the field or the kind of stage."""
    title = stage.title[len(stage.label):] if stage.label and stage.title.startswith(stage.label) else stage.title
    return {stem(t) for t in content_terms(title) if not re.search(r"\d", t)} - TOO_BROAD


# "Python for Machine Learning", "Statistics with R": the title's subject is what comes before these words
APPLIED = re.compile(r"\s+(?:for|with|using|in)\s+", re.I)


def _applied(stage: Stage) -> list[str]:
    """["Python", "Machine Learning"] for "2. Python for Machine Learning"; [] for a title without "for"."""
    title = stage.title[len(stage.label):] if stage.label and stage.title.startswith(stage.label) else stage.title
    parts = APPLIED.split(title, maxsplit=1)
    return [p.strip(" :.-") for p in parts] if len(parts) == 2 else []


def head_stems(stage: Stage) -> set[str]:
    """What a title of the form "X for Y" teaches, X's words ("Python for Machine Learning" -> python);
    empty for a title without that form or whose X names nothing ("Advanced Topics in NLP")."""
    parts = _applied(stage)
    return {stem(t) for t in content_terms(parts[0]) if not re.search(r"\d", t)} - TOO_BROAD if parts else set()


def applied_to(stage: Stage, skill: str) -> str:
    """What the stage applies a known skill to, when the skill covers it only as the X of "X for Y"
    ("Machine Learning" for python and "Python for Machine Learning"): the part the learner may still
    want to look over. "" when the title is about the skill as a whole."""
    subject = subject_stems(stage)
    stems = skill_stems(skill)
    if stems <= subject and len(stems & subject) * 2 > len(subject):
        return ""
    parts = _applied(stage)
    return parts[1] if parts and stems <= head_stems(stage) else ""


def vague(skill: str) -> bool:
    """A claim that names no subject: "the basics", "fundamentals", "AI"."""
    stems = skill_stems(skill)
    return not stems or stems <= TOO_BROAD


def covering_skill(stage: Stage, skills: list[str]) -> str | None:
    """The first known skill that covers the whole stage, if any: the title is mostly about it (more
    than half of its subject words: "SQL" covers "Step 3: SQL", not "Databases: Relational
    Databases and SQL"), or of what the title says it teaches before "for" ("Python for Machine
    Learning"), or the title names the skill's area and the stage teaches the skill; or, for
    a title about two things, the skills that name them together ("Python and NumPy")."""
    title, headings, body = stage_stems(stage)
    subject = subject_stems(stage)
    for skill in skills:
        stems = skill_stems(skill)
        if vague(skill):
            continue
        if stems <= title and subject and len(stems & subject) * 2 > len(subject):
            return skill
        head = head_stems(stage)  # "python" covers "Python for Machine Learning": the rest says what it is for
        if head and stems <= head and len(stems) * 2 > len(head):
            return skill
        areas = {area for area, members in SKILL_AREAS.items() if stems & {stem(m) for m in members}}
        if any(stem(area) in title for area in areas) and stems <= (title | headings | body):
            return skill
    jointly = [skill for skill in skills if not vague(skill) and skill_stems(skill) <= subject]
    if len(jointly) > 1 and subject <= set().union(*(skill_stems(s) for s in jointly)):
        return " and ".join(jointly)  # "python" and "numpy" together cover "1. Python and NumPy"
    return None


def partly_teaching(stages: list[Stage], skill: str) -> Stage | None:
    """The first stage that teaches the skill as one part of something larger (its title, a
    sub-heading or a topic names it, but it does not cover the stage)."""
    stems = skill_stems(skill)
    if vague(skill):
        return None
    for stage in stages:
        title, headings, body = stage_stems(stage)
        if stems <= title or stems <= headings or stems <= body:
            return stage
    return None


def skipped_stages(stages: list[Stage], known: list[str], done: list[str], *, assumed: list[str] = (),
                   role: str = "", within: list[Stage] = (), did: list[str] = ()) -> tuple[list[Coverage], list[str]]:
    """Stages to leave out with the reason, and the known skills that matched no stage. `assumed`:
    skills taken from the learner's `role` ("backend dev"), said to be assumed where they skip a stage.
    `within`: the stages of the track the learner named, where "stages 1 to 3" count. `did`: parts
    the learner says they did, by subject (did_stages); one that fits no stage is returned as unmatched."""
    done_indexes = resolve_done(list(within) or stages, done)
    said_done, not_found = did_stages(list(within) or stages, list(did))
    out: list[Coverage] = []
    used: set[str] = set()
    for stage in stages:
        if stage.index in done_indexes:
            out.append(Coverage(stage, "You marked this stage as done."))
            continue
        if stage.index in said_done:
            out.append(Coverage(stage, said_done[stage.index]))
            continue
        skill = covering_skill(stage, known)
        if skill:
            used.update({skill, *skill.split(" and ")})  # "python and numpy": both skills were used
            use = applied_to(stage, skill)
            out.append(Coverage(stage, f"You know {skill}, which this stage teaches" + (
                f" (for {use}: look over what it adds for that if it is new to you)." if use else ".")))
            continue
        skill = covering_skill(stage, list(assumed))
        if skill:
            out.append(Coverage(stage, f"You said you are a {role}, so I assumed you know {skill}, which this "
                                       "stage teaches."))
    return out, [s for s in known if s not in used] + not_found


def did_stages(stages: list[Stage], names: list[str]) -> tuple[dict[int, str], list[str]]:
    """The stages a learner says they did, by subject, with the reason: every stage of a group the
    name is mostly about ("regression" -> all the Regression lessons), else every stage whose title
    names it ("the calculus parts" -> both calculus courses), else the stage the name covers as a
    skill ("python" -> "Programming Fundamentals"). Also the names that fit no stage."""
    found: dict[int, str] = {}
    unmatched: list[str] = []
    for name in names:
        stems = skill_stems(name)
        if vague(name):
            unmatched.append(name)
            continue
        groups = {s.group for s in stages if _mostly_about(stems, {stem(t) for t in content_terms(s.group)} - TOO_BROAD)}
        hits = [s for s in stages if s.group in groups]
        if hits:
            reason = f"You said you did {name}: this stage is part of {next(iter(groups)) if len(groups) == 1 else name}."
        else:
            hits = [s for s in stages if stems <= stage_stems(s)[0]] or [s for s in stages if covering_skill(s, [name])]
            reason = f"You said you did {name}, which this stage teaches."
        if not hits:
            unmatched.append(name)
        for stage in hits:
            found.setdefault(stage.index, reason)
    return found, unmatched


def _mostly_about(stems: set[str], subject: set[str]) -> bool:
    """The name's words are all in the subject, and make up more than half of it."""
    return bool(stems) and bool(subject) and stems <= subject and len(stems) * 2 > len(subject)


def split_run_together(stages: list[Stage], known: list[str]) -> list[str]:
    """"python sql" (a list said without commas) as "python", "sql": only when the words together
    cover no stage and each word alone covers one ("machine learning" stays whole)."""
    out: list[str] = []
    for skill in known:
        words = skill.split()
        if (len(words) > 1 and covering_skill_any(stages, skill) is None
                and all(not vague(w) and covering_skill_any(stages, w) for w in words)):
            out += words
        else:
            out.append(skill)
    return out


def covering_skill_any(stages: list[Stage], skill: str) -> Stage | None:
    return next((stage for stage in stages if covering_skill(stage, [skill])), None)


def optional_stage(stage: Stage) -> bool:
    return bool(OPTIONAL.search(stage.title))


def resolve_done(stages: list[Stage], done: list[str]) -> set[int]:
    """Stages named by label ("Step 3", "step 03", "Q2 2026"), by number ("3" = the third stage of
    the sequence) or by title words ("SQL"). A name that fits no stage is an error, not ignored."""
    found: set[int] = set()
    for name in done:
        matches = _stages_named(stages, name)
        if not matches:
            known = ", ".join(stage.label or stage.title for stage in stages)
            raise PlanRequestError(f"{name!r} (marked done) names no stage of this roadmap. Its stages: {known}.")
        found |= {stage.index for stage in matches}
    return found


def unknown_stage_names(stages: list[Stage], names: list[str]) -> list[str]:
    """The names that fit no stage: a mark kept from before a re-ingest renamed its stage."""
    return [name for name in names if not _stages_named(stages, name)]


def _normal_label(text: str) -> str:
    return re.sub(r"\b0+(\d)", r"\1", " ".join(text.casefold().split()))


def _leading_number(title: str) -> int | None:
    found = re.match(r"\s*0*(\d+)\s*(?:[-–—.:)]|\s)", title)
    return int(found.group(1)) if found else None


def _stages_named(stages: list[Stage], name: str) -> list[Stage]:
    wanted = _normal_label(name)
    by_label = [s for s in stages if s.label and _normal_label(s.label) == wanted]
    if by_label:
        return by_label
    by_title = [s for s in stages if _normal_label(s.title) == wanted]
    if by_title:
        return by_title
    counted = re.fullmatch(r"[a-z]+ (\d+)", wanted)  # "lesson 0" where titles count "00 - ...", "01 - ..."
    if counted:
        number = int(counted.group(1))
        by_title_number = [s for s in stages if not s.label and _leading_number(s.title) == number]
        if by_title_number:
            return by_title_number[:1]
    if re.fullmatch(r"\d+", wanted):
        number = int(wanted)
        numbered = [s for s in stages if s.label and re.search(rf"\b{number}$", _normal_label(s.label))]
        if numbered:
            return numbered[:1]
        return [stages[number - 1]] if 1 <= number <= len(stages) else []
    stems = skill_stems(name)
    return [s for s in stages if stems and stems <= stage_stems(s)[0]][:1]
