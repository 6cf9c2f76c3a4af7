"""Building the index on first start and re-syncing it from the sidebar, with a progress bar, then
dropping what the app had cached from the old index."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app import ui_state
from app.render import plain_inline
from app.ui_cache import index_facts, load, load_backend
from rag.errors import AdvisorError
from rag.settings import Settings


def build_index(settings: Settings, title: str) -> None:
    """First start: no index yet, so build it from the corpus with a visible progress bar."""
    from ingest.pipeline import sync

    st.title(title)
    st.info(f"No roadmap index at {plain_inline(settings.index_location())} yet: building it from "
            f"{plain_inline(str(settings.corpus_dir))} (first start only).", icon=":material/construction:")
    bar = st.progress(0.0, text="Reading the roadmaps…")

    def progress(stage: str, done: int, total: int) -> None:
        fraction = done / total if total else 0.0
        bar.progress(min(1.0, fraction), text=f"Embedding passages: {done} of {total}" if stage == "embed" else stage)

    try:
        report = sync([Path(settings.corpus_dir)], settings, progress=progress)
    except AdvisorError as exc:
        st.error(str(exc), icon=":material/error:")
        st.stop()
    ui_state.record_sync(settings, report)
    bar.progress(1.0, text=f"Indexed {report.documents} documents, {report.chunks} passages.")
    load.clear()


def resync(settings: Settings) -> None:
    from ingest.pipeline import sync
    from rag.advisor import reset_advisors

    bar = st.progress(0.0, text="Checking the corpus for changes…")

    def progress(stage: str, done: int, total: int) -> None:
        bar.progress(min(1.0, done / total if total else 0.0), text=f"Embedding passages: {done} of {total}")

    try:
        report = sync([Path(settings.corpus_dir)], settings, progress=progress)
    except AdvisorError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    ui_state.record_sync(settings, report)
    reset_advisors()
    load.clear()
    load_backend.clear()
    index_facts.clear()
    st.session_state["sync-notice"] = (
        f"Synced: {report.added} added, {report.updated} updated, {report.removed} removed, "
        f"{report.unchanged} unchanged ({report.seconds:.1f} s)."
    )
    st.rerun()
