"""The Streamlit chat UI: cited answers, source and resource cards, comparisons, the roadmap picture.

Run it with `advisor app` (or `streamlit run app/streamlit_app.py`). This script only composes the
page; each part has its own module: `app.ui_session` (what a session holds), `app.ui_cache` (what
the server loads once), `app.index_sync`, `app.sidebar`, `app.chat_view` and `app.answer_view`
(the chat), `app.roadmap_panel` (the picture), `app.profile_panel` and `app.links_panel`. Document
and model text only ever reaches the page through `app.render` (never as raw HTML).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run` puts app/ on the path, not the project root
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app import links_panel, profile_panel, ui_state  # noqa: E402
from app.answer_view import render_message  # noqa: E402
from app.chat_view import respond, welcome  # noqa: E402
from app.index_panel import sidebar_roadmaps  # noqa: E402
from app.index_sync import build_index  # noqa: E402
from app.roadmap_panel import follow_latest, render_roadmaps  # noqa: E402
from app.sidebar import sidebar_backend_status, sidebar_controls, sidebar_feedback_and_evals, sidebar_index  # noqa: E402
from app.ui_cache import load, load_backend, status_of  # noqa: E402
from app.ui_session import session  # noqa: E402
from rag.settings import get_settings  # noqa: E402

APP_TITLE = "AI/ML Career Advisor"

st.set_page_config(page_title=APP_TITLE, page_icon="🧭", layout="wide", initial_sidebar_state="expanded")

# Our own static CSS (no document text): compact cards.
st.html(
    """<style>
    [class*="st-key-source-"] p, [class*="st-key-source-"] li { font-size: 0.86rem; }
    [class*="st-key-resource-"] p { font-size: 0.9rem; margin-bottom: 0.2rem; }
    [class*="st-key-source-"] ul { margin-bottom: 0.2rem; }
    [data-testid="stColumn"]:has(.st-key-roadmap-panel) {
        position: sticky; top: 3rem; align-self: flex-start;
        max-height: calc(100vh - 9rem); overflow-y: auto; overflow-x: hidden; }
    </style>"""
)


def main() -> None:
    state = session()
    base = get_settings()
    settings = sidebar_controls(base, APP_TITLE)
    requested = settings.backend
    offline = settings.model_copy(update={"backend": "extractive"})

    extractive = load(ui_state.fingerprint(offline), offline)
    if extractive.missing_index:
        build_index(offline, APP_TITLE)
        st.rerun()
    if not extractive.ok:
        st.title(APP_TITLE)
        st.error(extractive.error, icon=":material/error:")
        st.stop()

    status = status_of(requested, ui_state.fingerprint(settings), settings)
    choice = ui_state.choose(
        requested, extractive, status.usable, status.message,
        lambda: load_backend(ui_state.fingerprint(settings), requested, extractive.advisor),
    )
    sidebar_backend_status(requested, settings, choice)
    sidebar_index(offline, extractive.advisor)
    sidebar_roadmaps(extractive.advisor.structures)
    links_panel.sidebar_links(st, offline)
    profile_panel.sidebar_profile(offline.state_dir, extractive.advisor)
    structures = extractive.advisor.structures

    # Pinned to the bottom wherever it is called; read first so the page knows a question is coming.
    typed = st.chat_input("Ask about your AI/ML learning path…", key="chat", max_chars=base.max_question_chars)
    question = typed or state["pending"]
    state["pending"] = None

    chat, picture = st.columns([0.58, 0.42], gap="large")
    with chat:
        st.markdown(f"## :material/explore: {APP_TITLE}")
        st.caption("Grounded in roadmap documents · numbered sources under every answer")
        messages = state["messages"]
        if not messages and not question:
            welcome(structures)
        last_answer = max((i for i, m in enumerate(messages) if m.get("answer") is not None), default=-1)
        for i, message in enumerate(messages):
            render_message(message, latest=i == last_answer and not question)

    latest = next((m["answer"] for m in reversed(state["messages"]) if m.get("answer") is not None), None)
    if question:
        with chat:
            message = respond(question, choice, extractive.advisor)
        if message.get("answer") is not None:
            latest = message["answer"]
            follow_latest(structures, latest)

    with picture:
        render_roadmaps(structures, latest, profile_panel.done_stages(structures))
    sidebar_feedback_and_evals(offline)


main()
