"""Building the index on first start and re-syncing it from the sidebar, with a progress bar, then
dropping what the app had cached from the old index."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from app import ui_state
from app.render import plain_inline
from app.ui_cache import index_facts, load, load_backend
from rag.errors import AdvisorError
from rag.settings import Settings

if TYPE_CHECKING:
    from ingest.sync_report import SyncReport


def build_index(settings: Settings, title: str) -> None:
    """First start: no index yet, so build it from the corpus with a visible progress bar."""
    st.title(title)
    st.info(f"No roadmap index at {plain_inline(settings.index_location())} yet: building it from "
            f"{plain_inline(str(settings.corpus_dir))} (first start only).", icon=":material/construction:")
    bar = st.progress(0.0, text="Reading the roadmaps…")
    report = _synced(settings, bar, stage_names=True)
    if report is None:
        st.stop()
    bar.progress(1.0, text=f"Indexed {report.documents} documents, {report.chunks} passages.")
    load.clear()


def resync(settings: Settings) -> None:
    from rag.advisor import reset_advisors

    bar = st.progress(0.0, text="Checking the corpus for changes…")
    report = _synced(settings, bar, stage_names=False)
    if report is None:
        return
    reset_advisors()
    load.clear()
    load_backend.clear()
    index_facts.clear()
    st.session_state["sync-notice"] = (
        f"Synced: {report.added} added, {report.updated} updated, {report.removed} removed, "
        f"{report.unchanged} unchanged ({report.seconds:.1f} s)."
    )
    st.rerun()


def _synced(settings: Settings, bar, *, stage_names: bool) -> SyncReport | None:
    """Sync the corpus into the index, `bar` following the embedding (and naming the other stages when
    `stage_names`), and record it; None, with the error shown, when it fails."""
    from ingest.pipeline import sync

    def progress(stage: str, done: int, total: int) -> None:
        text = stage if stage_names and stage != "embed" else f"Embedding passages: {done} of {total}"
        bar.progress(min(1.0, done / total if total else 0.0), text=text)

    try:
        report = sync([Path(settings.corpus_dir)], settings, progress=progress)
    except AdvisorError as exc:
        st.error(str(exc), icon=":material/error:")
        return None
    ui_state.record_sync(settings, report)
    return report
