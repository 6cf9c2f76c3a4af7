"""One chat turn: ask the advisor, stream the sanitised answer onto the page (falling back to the
offline backend when a model fails mid-answer) and keep it in the session; and the welcome."""

from __future__ import annotations

import streamlit as st

from app import profile_panel, ui_state
from app.answer_view import AVATAR, render_answer, render_message
from app.render import StreamSanitizer, badge_markers, plain_inline
from app.ui_session import ask, session
from rag.errors import AdvisorError, InvalidQuestionError
from rag.models import Answer

STARTERS = [
    "What should I learn after PyTorch?",
    "Compare NLP & LLMs with computer vision",
    "Resources for SQL?",
]


def stream_answer(advisor, backend: str, question: str, history: list[dict], holder: dict):
    """Sanitised text pieces from advisor.stream; the final Answer goes into holder."""

    def pieces():
        for item in advisor.stream(question, history, backend=backend):
            if isinstance(item, Answer):
                holder["answer"] = item
            else:
                yield item

    for piece in StreamSanitizer().wrap(ui_state.stream_paragraphs(pieces())):
        yield badge_markers(piece)


def respond(question: str, choice: ui_state.Choice, extractive) -> dict:
    """Ask, stream the answer into a new assistant message, and return the stored message."""
    state = session()
    history = ui_state.history(state["messages"])
    asked = profile_panel.asked(question)  # a bare "what next?" carries the learner's profile
    state["messages"].append({"role": "user", "content": question})
    render_message(state["messages"][-1], latest=True)
    message = {"role": "assistant", "id": ui_state.new_id(), "question": question, "history": history,
               "answer": None, "fallback": choice.fallback, "error": None,
               "top_k": choice.advisor.settings.top_k}
    with st.chat_message("assistant", avatar=AVATAR):
        slot = st.empty()
        holder: dict = {}
        try:
            with slot.container():
                st.write_stream(stream_answer(choice.advisor, choice.backend, asked, history, holder))
        except InvalidQuestionError as exc:
            message["error"] = str(exc)
        except AdvisorError as exc:
            if choice.backend == "extractive":
                message["error"] = str(exc)
            else:  # the model failed mid-answer: answer offline instead
                message["fallback"] = f"The {choice.backend} backend failed ({exc})."
                try:
                    holder["answer"] = extractive.answer(asked, history, backend="extractive")
                except AdvisorError as inner:
                    message["error"] = str(inner)
        if message["error"]:
            slot.warning(plain_inline(message["error"]), icon=":material/warning:")
        elif "answer" not in holder:
            message["error"] = "No answer came back. Please try again."
            slot.warning(message["error"], icon=":material/warning:")
        else:
            message["answer"] = holder["answer"]
            state["messages"].append(message)
            render_answer(message, latest=True, text_slot=slot)
            return message
    state["messages"].append(message)
    return message


def welcome(structures) -> None:
    with st.chat_message("assistant", avatar=AVATAR):
        titles = ", ".join(f"*{plain_inline(s.title)}*" for s in structures) or "the roadmaps in the index"
        st.markdown(
            "Hi! I answer questions about AI/ML learning paths from real roadmaps "
            f"({titles}). Every answer cites the passages it comes from, so you can check it."
        )
        st.markdown("**Try one of these:**")
        with st.container(horizontal=True, key="starters"):
            for i, question in enumerate(STARTERS):
                st.button(question, key=f"starter-{i}", on_click=ask, args=(question,), icon=":material/bolt:")
