"""What the app loads once per server and shares between sessions: the advisor, its backends, the
backend checks and the index facts (Streamlit caches, cleared when the index changes)."""

from __future__ import annotations

import streamlit as st

from app import ui_state
from app.backend_status import backend_status
from rag.settings import Settings


@st.cache_resource(show_spinner="Loading the roadmaps and the embedding model…")
def load(key: str, _settings: Settings) -> ui_state.Loaded:
    """One advisor per settings for the whole server (the index, BM25 and the embedding model)."""
    return ui_state.load_advisor(_settings)


@st.cache_resource(show_spinner="Starting the backend…")
def load_backend(key: str, name: str, _advisor) -> ui_state.Loaded:
    """The shared advisor's backend `name`, started once (a failure is kept, not retried every rerun)."""
    return ui_state.load_backend(_advisor, name)


@st.cache_data(ttl=30, show_spinner=False)
def status_of(backend: str, key: str, _settings: Settings):
    """Backend checks, re-done at most every 30 s (the server probe has a short timeout)."""
    return backend_status(backend, _settings)


@st.cache_data(ttl=60, show_spinner=False)
def index_facts(key: str, _advisor) -> dict:
    facts = dict(_advisor.store.index_facts())
    facts["roadmaps"] = len(_advisor.structures)
    return facts
