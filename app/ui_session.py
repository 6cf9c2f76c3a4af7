"""What one browser session holds (the messages, a pending question) and the callbacks that change it."""

from __future__ import annotations

import streamlit as st

from app.feedback import FeedbackStore
from app.roadmap_graph import stage_question
from rag.errors import AdvisorError
from rag.settings import get_settings


def session() -> dict:
    state = st.session_state
    state.setdefault("messages", [])
    state.setdefault("pending", None)
    return state


def ask(question: str) -> None:
    st.session_state["pending"] = question


def new_chat() -> None:
    st.session_state["messages"] = []
    st.session_state["pending"] = None
    for key in [k for k in st.session_state if str(k).startswith(("feedback-", "stage-"))]:
        del st.session_state[key]


def ask_stage(key: str, titles: dict[int, str]) -> None:
    index = st.session_state.get(key)
    if index is not None:
        st.session_state["pending"] = stage_question(titles[index])
        st.session_state[key] = None


def save_feedback(message_id: str) -> None:
    messages = st.session_state.get("messages", [])
    position = next((i for i, m in enumerate(messages) if m.get("id") == message_id), None)
    if position is None:
        return
    message = messages[position]
    rating = st.session_state.get(f"feedback-{message_id}")
    try:
        FeedbackStore.in_dir(get_settings().state_dir).record(
            message_id, message["question"], message["history"], message["answer"], rating
        )
    except AdvisorError as exc:
        st.toast(str(exc), icon=":material/error:")
        return
    st.toast("Thanks, your feedback is saved." if rating is not None else "Feedback removed.", icon=":material/check:")
