"""The roadmap picture beside the chat: one roadmap at a time, the stages the latest answer cites lit
up, the stages the learner marked done ticked, and a stage picker that asks about that stage."""

from __future__ import annotations

import streamlit as st

from app.render import plain_inline
from app.roadmap_graph import cited_stages, roadmap_dot
from app.ui_session import ask_stage
from rag.intents.out_of_scope import roadmap_name
from rag.models import Answer


def render_roadmaps(structures, latest: Answer | None, done: dict[str, set[int]] | None = None) -> None:
    """`done`: {doc_id: {stage index}} of the stages the learner's profile marks done."""
    if not structures:
        return
    highlighted = cited_stages(latest, structures)
    with st.container(key="roadmap-panel"):
        st.markdown("#### :material/route: Roadmaps")
        ids = [s.doc_id for s in structures]
        by_id = {s.doc_id: s for s in structures}
        if st.session_state.get("roadmap-view") not in ids:  # first: the roadmap the learner is working through
            st.session_state["roadmap-view"] = next((d for d in ids if (done or {}).get(d)), ids[0])
        chosen = st.segmented_control(
            "Roadmap", ids, key="roadmap-view", format_func=lambda d: roadmap_name(by_id[d]),
            label_visibility="collapsed", required=True,
        ) or ids[0]
        structure = by_id[chosen]
        marked = highlighted.get(chosen, set())
        if latest is not None and marked:
            names = ", ".join(s.label or s.title for s in structure.stages if s.index in marked)
            st.caption(f"Highlighted: stages the latest answer cites ({plain_inline(names)}).")
        elif latest is not None and highlighted:
            st.caption("The latest answer cites the other roadmap.")
        else:
            st.caption("Stages in order; branches are parallel choices. Stages an answer cites light up.")
        finished = (done or {}).get(chosen, set())
        if finished:
            names = ", ".join(s.label or s.title for s in structure.stages if s.index in finished)
            st.caption(f":green[:material/check_circle:] Done ({len(finished)} of {len(structure.stages)}): "
                       f"{plain_inline(names)}. Tick stages in *My plan* in the sidebar.")
        titles = {s.index: s.title for s in structure.stages}
        st.selectbox(
            "Ask about a stage", list(titles), index=None, key=f"stage-{chosen}",
            format_func=lambda i: titles[i], placeholder="Choose a stage to ask what to learn there…",
            on_change=ask_stage, args=(f"stage-{chosen}", titles), label_visibility="collapsed",
        )
        st.graphviz_chart(roadmap_dot(structure, marked, done=finished), width="content")


def follow_latest(structures, answer: Answer | None) -> None:
    """Show the roadmap the new answer cites most (set before the selector is drawn)."""
    marked = cited_stages(answer, structures)
    if marked:
        st.session_state["roadmap-view"] = max(marked, key=lambda d: len(marked[d]))
