"""Which roadmap a plan follows: the one a learner names, or the one whose title fits their goal.

Learners name roles, not titles: "generative AI engineer" for the "Gen AI Engineer Roadmap",
"data engineering" for a "Big Data Engineer Roadmap". Role words are brought to one form before
matching, and a title word that every roadmap shares ("AI", "roadmap") counts for little.
"""

from __future__ import annotations

import math
import re

from rag.errors import PlanRequestError
from rag.models import RoadmapStructure
from rag.roadmap import stage_stems
from rag.targeting import ROADMAP_WORDS
from rag.text import content_terms, stem, tokens

# One form per role word, so "engineering" finds "Engineer" and "data science" finds "Data Scientist".
ROLE_FORMS = {
    "engineering": "engineer", "engineers": "engineer",
    "science": "scientist", "sciences": "scientist", "scientists": "scientist",
    "development": "developer", "developers": "developer", "dev": "developer",
    "analytics": "analyst", "analysis": "analyst", "analysts": "analyst",
    "researcher": "research", "researchers": "research",
    "architecture": "architect", "architects": "architect",
}
ROLE_WORDS = {"engineer", "scientist", "developer", "analyst", "research", "architect", "specialist", "expert",
              "become", "becoming", "career", "job", "role", "roadmap", "year"}




def goal_terms(text: str) -> list[str]:
    """The stems of a goal or a title, role words in one form, synonyms expanded ("genai")."""
    words = [ROLE_FORMS.get(t, t) for t in tokens(text)]
    terms = content_terms(" ".join(words))
    return list(dict.fromkeys(stem(ROLE_FORMS.get(t, t)) for t in terms if not re.fullmatch(r"\d+(/\d+)?", t)))


def choose_roadmap(structures: list[RoadmapStructure], *, goal: str | None, roadmap: str | None,
                   track: str | None = None, topic: str | None = None, targeter=None) -> RoadmapStructure:
    """Any roadmap can be planned: one with ordered stages in its order, one that sets no order by
    its sections (rag.plan.sections). With no goal and no name, the one roadmap that has the track
    the learner names, or that fits what they want to learn better than every other, is chosen;
    when several fit as well, the learner is asked."""
    candidates = list(structures)
    if not candidates:
        raise PlanRequestError("The index holds no roadmap to plan from. Add one to the corpus and run: advisor ingest")
    if roadmap:
        return _named(candidates, roadmap, targeter)
    if goal:
        found = best_for_goal(candidates, goal)
        if found is None:
            raise PlanRequestError(
                f"No roadmap in the index matches the goal {goal!r}. Roadmaps: {_names(candidates)}. "
                "Name one with --roadmap.")
        return found
    if len(candidates) == 1:
        return candidates[0]
    with_track = [r for r in candidates if track and track_groups(r, track)]
    if len(with_track) == 1:
        return with_track[0]
    found = only_fit(with_track or candidates, topic or track) if topic or track else None
    if found is not None:
        return found
    raise PlanRequestError(f"Say which roadmap to plan: give --goal (a role) or --roadmap, one of: {_names(candidates)}.")


def track_groups(roadmap: RoadmapStructure, track: str) -> set[str]:
    """The roadmap's stage groups the track names ("engineer" -> "The LLM Engineer"): the track's
    words, less those of the roadmap's own title, all in the group's name."""
    wanted = set(goal_terms(track)) - set(goal_terms(roadmap.title)) - set(goal_terms("track path course curriculum"))
    if not wanted:
        return set()
    return {s.group for s in roadmap.stages if s.group and wanted <= set(goal_terms(s.group))}


def only_fit(candidates: list[RoadmapStructure], words: str) -> RoadmapStructure | None:
    """The roadmap that fits the words strictly better than every other, else None (a tie is the
    learner's to break, not the index order's)."""
    scored = sorted(_scores(candidates, words), key=lambda s: s[:2], reverse=True)
    if not scored or (scored[0][0] <= 0 and scored[0][1] <= 0):
        return None
    if len(scored) > 1 and scored[1][:2] == scored[0][:2]:
        return None
    return scored[0][3]


def best_for_goal(candidates: list[RoadmapStructure], goal: str) -> RoadmapStructure | None:
    """The roadmap whose title shares the goal's rarest words; failing that, the one whose stages
    cover most of the goal's words. None when nothing matches."""
    scored = _scores(candidates, goal)
    if not scored:
        return None
    by_title, by_stages, _, best = max(scored, key=lambda s: s[:3])
    return best if by_title > 0 or by_stages > 0 else None


def _scores(candidates: list[RoadmapStructure], goal: str) -> list[tuple[float, int, int, RoadmapStructure]]:
    """Per roadmap: how much its title shares the goal's words (rare words count more), how many of
    the goal's subject words its stages name, and its position (earlier first on a tie)."""
    terms = goal_terms(goal)
    titles = [set(goal_terms(r.title)) for r in candidates]
    count = len(candidates)

    def weight(term: str) -> float:  # a title word every roadmap has says little about which one
        shared = sum(term in title for title in titles)
        return math.log((count + 1) / (shared + 0.5))

    subject = [t for t in terms if t not in ROLE_WORDS]
    scored = []
    for position, (roadmap, title) in enumerate(zip(candidates, titles)):
        by_title = sum(weight(t) for t in terms if t in title and t not in ROLE_WORDS)
        by_title += 0.5 * sum(weight(t) for t in terms if t in title and t in ROLE_WORDS)
        covered = set().union(*stage_stems_all(roadmap))
        by_stages = sum(t in covered for t in subject)
        scored.append((round(by_title, 6), by_stages, -position, roadmap))
    return scored


def stage_stems_all(roadmap: RoadmapStructure) -> list[set[str]]:
    return [part for stage in roadmap.stages for part in stage_stems(stage)]


def _named(candidates: list[RoadmapStructure], name: str, targeter=None) -> RoadmapStructure:
    """The roadmap `--roadmap NAME` names: its id, title or file exactly; the one whose title holds
    all the name's words; the one the chat's targeter (rag.targeting: acronyms, the organisation or
    author its opening names, role forms such as "data scientist" for "Data Science") takes the name
    for; else the best fit by title words."""
    wanted = name.casefold()
    for roadmap in candidates:
        if wanted in {roadmap.doc_id.casefold(), roadmap.title.casefold(), roadmap.source.casefold()}:
            return roadmap
    terms = set(goal_terms(name))
    matching = [r for r in candidates if terms and terms <= set(goal_terms(r.title)) | set(goal_terms(r.doc_id))]
    if len(matching) == 1:
        return matching[0]
    said = targeter.named(name if ROADMAP_WORDS.search(name) else f"{name} roadmap") if targeter is not None else None
    if said is not None and any(said.doc_id == r.doc_id for r in candidates):
        return next(r for r in candidates if r.doc_id == said.doc_id)
    found = best_for_goal(candidates, name) if not matching else None
    if found is not None and terms & set(goal_terms(found.title)):
        return found
    which = "matches more than one roadmap" if len(matching) > 1 else "matches no roadmap"
    raise PlanRequestError(f"--roadmap {name!r} {which}. Roadmaps: {_names(matching or candidates)}.")


def _names(structures: list[RoadmapStructure]) -> str:
    return "; ".join(f"{r.title} ({r.doc_id}{'' if r.stages else ', sets no order: planned by its sections'})"
                     for r in structures)
