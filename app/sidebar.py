"""The sidebar's own panels: backend and retrieval controls, backend status, the index with its
re-sync button, feedback export and the latest eval."""

from __future__ import annotations

import streamlit as st

from app import ui_state
from app.backend_status import LABELS
from app.feedback import FeedbackStore
from app.index_sync import resync
from app.render import plain_inline
from app.ui_cache import index_facts, load, status_of
from app.ui_session import new_chat
from rag.backends import BACKENDS
from rag.errors import AdvisorError
from rag.settings import Settings, get_settings


def sidebar_controls(base: Settings, title: str) -> Settings:
    with st.sidebar:
        st.markdown(f"### :material/explore: {title}")
        st.button("New chat", key="new-chat", icon=":material/add_comment:", on_click=new_chat,
                  width="stretch", type="primary")
        st.subheader("Answering", divider="gray")
        backend = st.selectbox(
            "Backend", list(BACKENDS), index=BACKENDS.index(base.backend), key="backend",
            format_func=lambda name: LABELS.get(name, name),
            help="Extractive works offline and quotes the roadmaps. The others write answers with a "
                 "language model; the citations are still checked by code.",
        )
        top_k = st.slider("Passages to retrieve", 1, 20, value=min(base.top_k, 20), key="top_k",
                          help="How many roadmap passages each answer may draw on.")
    return get_settings(db_dir=base.db_dir, state_dir=base.state_dir, backend=backend, top_k=top_k)


def sidebar_backend_status(requested: str, settings: Settings, choice: ui_state.Choice) -> None:
    with st.sidebar:
        status = status_of(requested, ui_state.fingerprint(settings), settings)
        for check in status.checks:
            icon = ":material/check_circle:" if check.ok else ":material/cancel:"
            colour = "green" if check.ok else "red"
            st.markdown(f":{colour}[{icon}] **{plain_inline(check.label)}**: {plain_inline(check.detail)}")
        if choice.fallback:
            st.error(f"{plain_inline(choice.fallback)}\n\nAnswering with the offline extractive backend meanwhile.",
                     icon=":material/error:")
            if requested != "extractive" and status.usable:
                if st.button("Retry", key="retry-backend", icon=":material/refresh:"):
                    load.clear()
                    st.rerun()
        elif requested != "extractive":
            st.success(f"Answers are written by the {plain_inline(LABELS[requested])}.", icon=":material/check:")


def sidebar_index(settings: Settings, advisor) -> None:
    with st.sidebar:
        st.subheader("Index", divider="gray")
        try:
            facts = index_facts(ui_state.fingerprint(settings) + str(ui_state.last_sync(settings)), advisor)
        except AdvisorError as exc:
            st.error(str(exc), icon=":material/error:")
            facts = {}
        columns = st.columns(3)
        columns[0].metric("Documents", facts.get("sources", "–"))
        columns[1].metric("Passages", facts.get("chunks", "–"))
        columns[2].metric("Roadmaps", facts.get("roadmaps", "–"))
        st.caption(f"Last sync: {ui_state.ago(ui_state.last_sync(settings))} · {plain_inline(settings.index_location())}")
        notice = st.session_state.pop("sync-notice", None)
        if notice:
            st.success(notice, icon=":material/check:")
        if st.button("Re-sync corpus", key="resync", icon=":material/sync:", width="stretch",
                     help=f"Index what changed in {settings.corpus_dir}/ (new, edited and removed files)."):
            resync(settings)


def sidebar_feedback_and_evals(settings: Settings) -> None:
    with st.sidebar:
        st.subheader("Feedback", divider="gray")
        store = FeedbackStore.in_dir(settings.state_dir)
        try:
            counts, export = store.counts(), store.export_jsonl()
        except AdvisorError as exc:
            st.error(str(exc), icon=":material/error:")
            counts, export = {"up": 0, "down": 0}, ""
        st.caption(f":material/thumb_up: {counts['up']} · :material/thumb_down: {counts['down']} rated answers, "
                   f"stored in {plain_inline(str(store.path))}")
        st.download_button(
            "Export as eval cases (JSONL)", data=export, file_name="feedback-cases.jsonl",
            mime="application/jsonl", key="export-feedback", icon=":material/download:",
            disabled=not (counts["up"] or counts["down"]), width="stretch", on_click="ignore",
            help="Lines of the eval dataset format: answers rated up become regression cases, "
                 "answers rated down become cases to review.",
        )
        summary = ui_state.eval_summary(settings)
        if summary:
            path, data = summary
            view = ui_state.eval_view(data)
            st.subheader("Latest eval", divider="gray")
            if view.passed is not None:
                st.badge("Gate passed" if view.passed else "Gate failed", color="green" if view.passed else "red",
                          icon=":material/verified:" if view.passed else ":material/error:")
            when = f" · {ui_state.ago(view.generated_at)}" if view.generated_at else ""
            st.caption(f"{plain_inline(view.headline)}{when}")
            with_baseline = any(row[2] for row in view.rows)
            header = "| Metric | Ours | Baseline |\n|---|---:|---:|\n" if with_baseline else "| Metric | Value |\n|---|---:|\n"
            st.markdown(header + "\n".join(
                "| " + " | ".join(plain_inline(cell) for cell in (row if with_baseline else row[:2])) + " |"
                for row in view.rows[:14]
            ))
            for failure in view.failures[:5]:
                st.caption(f":red[:material/close:] {plain_inline(failure)}")
            st.caption(f"From {plain_inline(str(path))}")
