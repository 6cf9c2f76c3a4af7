"""The learner's profile in the app's sidebar, their plan with progress, and the chat's view of both.

The profile (goal, roadmap, known skills from that roadmap's stages and topics, hours per week,
horizon) and the stages marked done live in `app.profile_store`. The plan is the planner's
(`rag.plan`), shown by `app.plan_view`; ticking a stage done on it saves at once and re-plans.
A bare "what should I learn next?" is asked with the profile said first, in the words the plan
intent reads (`rag.plan.ask`), so the answer is a plan that starts where the learner is.
"""

from __future__ import annotations

import re

import streamlit as st

from app import plan_view
from app.profile_store import Profile, ProfileError, ProfileStore, make_profile
from app.render import plain_inline
from rag.errors import PlanRequestError
from rag.models import RoadmapStructure, Stage
from rag.plan import PlanLibrary, build_plan
from rag.plan.models import MAX_HOURS_PER_WEEK, MAX_WEEKS, Plan
from rag.plan.sections import plan_units
from rag.plan.skills import unknown_stage_names

ACTIVE = "profile-active"  # the saved Profile the chat and the plan use
DEFAULT_NAME = "me"
NEXT_QUESTION = re.compile(
    r"\s*(?:what(?:'s| is)?\s+next|now\s+what|what\s+now|(?:what|which\s+\w+)\s+(?:should|do|can|shall|must)\s+i\s+"
    r"(?:learn|study|do|take|focus on|work on)\s+(?:next|now|after\s+that))\s*[?.!]*\s*", re.I)
NUMBERED_LABEL = re.compile(r"^(step|q)\s*(\d+)\b", re.I)


def skill_options(structure: RoadmapStructure) -> list[str]:
    """What a learner can say they know: the roadmap's stage titles and their topics, in order."""
    options: list[str] = []
    for stage in structure.stages:
        options += [stage.title, *stage.topics]
    return list(dict.fromkeys(" ".join(o.split()) for o in options if o.strip()))


def profile_plan(profile: Profile, library: PlanLibrary) -> tuple[Plan, list[str]]:
    """The plan, and the done marks that name no stage any more (a re-ingest renamed it): those are
    set aside and named, not an error that hides the plan, and stay in the profile."""
    stages = units_of(library, profile.roadmap)
    stale = unknown_stage_names(stages, profile.done)
    request = profile.plan_request()
    if stale:
        request = request.model_copy(update={"done": [d for d in profile.done if d not in stale]})
    return build_plan(request, library), stale


def units_of(library: PlanLibrary, doc_id: str) -> list[Stage]:
    """The stages of the roadmap, or its sections when it sets no order: what its plan schedules."""
    roadmap = next((s for s in library.structures if s.doc_id == doc_id), None)
    return plan_units(roadmap, library.document_passages(roadmap)) if roadmap is not None else []


def is_next_question(question: str) -> bool:
    return bool(NEXT_QUESTION.fullmatch(question))


def profile_sentence(profile: Profile, structures: list[RoadmapStructure]) -> str:
    """The profile in the learner's words, as the plan intent reads a request."""
    parts = ["Make me a study plan"]
    if profile.goal:
        parts.append(f" to become {profile.goal}")
    if profile.roadmap:
        parts.append(f" using the {profile.roadmap} roadmap")
    parts.append(f". I can study {profile.hours_per_week:g} hours a week for {profile.weeks} weeks.")
    known = [k for k in profile.known if len(k) <= 40 and len(k.split()) <= 4 and "," not in k]
    if known:
        parts.append(f" I already know {', '.join(known)}.")
    steps, quarters = _numbered_done(profile, structures)
    if steps:
        parts.append(f" I finished steps {', '.join(steps)}.")
    if quarters:
        parts.append(f" I finished {', '.join('Q' + q for q in quarters)}.")
    return "".join(parts)


def advisor_question(question: str, profile: Profile | None, structures: list[RoadmapStructure]) -> str:
    """The question the advisor gets: a bare "what next?" carries the saved profile and progress."""
    if profile is None or not profile.can_plan or not is_next_question(question):
        return question
    return f"{profile_sentence(profile, structures)} {question.strip()}"


def asked(question: str) -> str:
    """`advisor_question` for this session's active profile (the chat's hook)."""
    structures = st.session_state.get("profile-structures") or []
    return advisor_question(question, st.session_state.get(ACTIVE), structures)


def done_stages(structures: list[RoadmapStructure]) -> dict[str, set[int]]:
    """{doc_id: {stage index}} of the stages this session's profile marks done, for the roadmap picture."""
    profile: Profile | None = st.session_state.get(ACTIVE)
    if profile is None or not profile.done:
        return {}
    titles = set(profile.done)
    return {s.doc_id: {stage.index for stage in s.stages if stage.title in titles}
            for s in structures if s.doc_id == profile.roadmap}


def _numbered_done(profile: Profile, structures: list[RoadmapStructure]) -> tuple[list[str], list[str]]:
    """Done stages with a numbered label ("Step 3", "Q1 2026"): the only ones a sentence can name."""
    titles = set(profile.done)
    steps, quarters = [], []
    for structure in structures:
        if profile.roadmap and structure.doc_id != profile.roadmap:
            continue
        for stage in structure.stages:
            found = NUMBERED_LABEL.match(stage.label or "")
            if stage.title in titles and found:
                (steps if found.group(1).lower() == "step" else quarters).append(found.group(2))
    return list(dict.fromkeys(steps)), list(dict.fromkeys(quarters))


# -- sidebar ---------------------------------------------------------------------------------------
def _store() -> ProfileStore:
    return ProfileStore.in_dir(st.session_state["profile-state-dir"])


def _load_into_widgets(name: str, structures: list[RoadmapStructure]) -> None:
    """Fill the form from the saved profile (or defaults for a new name)."""
    state = st.session_state
    state["profile-loaded"] = name
    try:
        stored = _store().get(name) if name.strip() else None
    except ProfileError as exc:
        stored, state["profile-error"] = None, str(exc)
    state[ACTIVE] = stored
    if not name.strip():  # nothing to read; saving says what is wrong
        return
    saved = stored or Profile(name=name)
    ids = [s.doc_id for s in structures]
    state["profile-roadmap"] = saved.roadmap if saved.roadmap in ids else (ids[0] if ids else None)
    state["profile-goal"] = saved.goal or ""
    state["profile-known"] = saved.known
    state["profile-hours"] = float(saved.hours_per_week)
    state["profile-weeks"] = int(saved.weeks)


def _save() -> None:
    state = st.session_state
    store = _store()
    name = state.get("profile-name", "")
    try:
        earlier = store.get(name) if name.strip() else None
        profile = make_profile(name=name, goal=state.get("profile-goal"), roadmap=state.get("profile-roadmap"),
                               known=state.get("profile-known") or [], done=earlier.done if earlier else [],
                               hours_per_week=state.get("profile-hours"), weeks=state.get("profile-weeks"))
        if earlier and earlier.roadmap != profile.roadmap:
            profile = profile.model_copy(update={"done": []})  # another roadmap's stages are not done here
        state[ACTIVE] = store.save(profile)
        state["profile-error"] = None
    except ProfileError as exc:
        state["profile-error"] = str(exc)


def _mark(stage: str, key: str) -> None:
    state = st.session_state
    try:
        state[ACTIVE] = _store().set_done(state[ACTIVE].name, stage, bool(state.get(key)))
    except ProfileError as exc:
        state["profile-error"] = str(exc)


@st.cache_resource(max_entries=2, show_spinner=False)
def plan_library(generation: str, _advisor) -> PlanLibrary:
    """One plan library per index generation (the advisor's snapshot holds structures and passages)."""
    return PlanLibrary(_advisor.finder.structures, _advisor.finder.passages)


def sidebar_profile(state_dir, advisor) -> None:
    """The profile form and, once saved, the plan with its progress ticks."""
    library = plan_library(advisor.generation, advisor)
    structures = library.structures
    state = st.session_state
    state["profile-state-dir"] = str(state_dir)
    state["profile-structures"] = structures
    if not structures:
        return
    with st.sidebar, st.expander("My learning profile", icon=":material/person:", expanded=False):
        name = st.text_input("Profile name", value=DEFAULT_NAME, key="profile-name", max_chars=60)
        if state.get("profile-loaded") != name:
            _load_into_widgets(name, structures)
        by_id = {s.doc_id: s for s in structures}
        chosen = st.selectbox("Roadmap", list(by_id), key="profile-roadmap", format_func=lambda d: by_id[d].title)
        options = skill_options(by_id[chosen])
        state["profile-known"] = [k for k in state.get("profile-known", []) if k in options]
        st.text_input("Goal (a role)", key="profile-goal", placeholder="e.g. generative AI engineer", max_chars=80)
        st.multiselect("I already know", options, key="profile-known", placeholder="Stages or topics you know")
        st.number_input("Hours per week", min_value=0.5, max_value=MAX_HOURS_PER_WEEK, step=1.0, key="profile-hours")
        st.number_input("Horizon (weeks)", min_value=1, max_value=MAX_WEEKS, step=1, key="profile-weeks")
        st.button("Save profile", key="profile-save", on_click=_save, icon=":material/save:")
        if state.get("profile-error"):
            st.error(plain_inline(state["profile-error"]), icon=":material/error:")
    profile: Profile | None = state.get(ACTIVE)
    if profile is not None and profile.roadmap in {s.doc_id for s in structures}:
        with st.sidebar, st.expander("My plan", icon=":material/event_note:", expanded=True):
            render_progress(profile, library)


def render_progress(profile: Profile, library: PlanLibrary) -> None:
    """The plan from the profile: a tick per stage (done saves and re-plans), the timeline, the sources."""
    try:
        plan, stale = profile_plan(profile, library)
    except PlanRequestError as exc:
        st.warning(plain_inline(str(exc)), icon=":material/warning:")
        return
    structure = next(s for s in library.structures if s.doc_id == profile.roadmap)
    if stale:
        st.info(plain_inline(f"Marked done earlier, but no stage of this roadmap now (was it re-ingested?): "
                             f"{', '.join(stale)}. The marks are kept; the plan ignores them."),
                icon=":material/info:")
    st.caption(f"{len(profile.done) - len(stale)} stage(s) done · {plan.planned_hours:g} of "
               f"{profile.hours_per_week * profile.weeks:g} hours planned")
    planned = {item.stage for item in plan.items}
    for i, stage in enumerate(units_of(library, structure.doc_id)):
        if stage.title in planned or stage.title in profile.done:
            key = f"profile-done-{profile.roadmap}-{stage.index}"
            st.session_state[key] = stage.title in profile.done
            st.checkbox(plain_inline(stage.title), key=key, on_change=_mark, args=(stage.title, key))
    plan_view.render_plan(plan.to_contract(), "profile")
    if plan.citations:
        st.markdown("**Sources**")
        st.markdown("\n".join(f"{c.id}. {plain_inline(c.title)} › {plain_inline(c.section.replace(' > ', ' › '))}"
                              for c in plan.citations))
