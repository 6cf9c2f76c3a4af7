"""One chat message on the page: the answer text, suggestions, resource and source cards, the plan and
the feedback footer. Document and model text reach the page only through `app.render`."""

from __future__ import annotations

import streamlit as st

from app import links_panel, plan_view, ui_state
from app.backend_status import LABELS
from app.render import (
    badge_markers,
    cost_label,
    kind_label,
    markdown_link,
    plain_inline,
    safe_markdown,
    safe_url,
    shorten,
)
from app.ui_session import ask, save_feedback
from rag.models import Answer

PASSAGE_PREVIEW = 170
AVATAR = ":material/explore:"


def answer_markdown(answer: Answer) -> str:
    text = ui_state.strip_suggestions(answer.answer, answer.suggestions)
    return badge_markers(safe_markdown(ui_state.paragraphs(text)))


def render_answer(message: dict, *, latest: bool, text_slot=None) -> None:
    answer: Answer = message["answer"]
    mid = message["id"]
    if message.get("fallback"):
        st.caption(f":material/info: {plain_inline(message['fallback'])} Answered offline instead.")
    if answer.notice:
        st.info(safe_markdown(answer.notice), icon=":material/info:")
    if not answer.answerable:
        st.badge("Outside the roadmaps", icon=":material/explore_off:", color="orange")
    (text_slot or st).markdown(answer_markdown(answer))
    if answer.suggestions:
        st.markdown("**You could ask:**")
        with st.container(horizontal=True, key=f"suggestions-{mid}"):
            for i, suggestion in enumerate(answer.suggestions):
                st.button(plain_inline(suggestion), key=f"suggest-{mid}-{i}", on_click=ask, args=(suggestion,),
                          icon=":material/chat_bubble:")
    if answer.grounding and answer.grounding.unsupported:
        st.warning("Not supported by the cited passages:\n" + "\n".join(
            f"- {safe_markdown(s)}" for s in answer.grounding.unsupported), icon=":material/report:")
    if answer.resources:
        render_resources(answer, mid)
    if answer.plan:
        plan_view.render_plan(answer.plan, mid)
    if answer.citations:
        with st.expander(f"Sources · {len(answer.citations)} passages", expanded=latest, icon=":material/menu_book:"):
            render_sources(answer, mid)
    footer(message)


def render_resources(answer: Answer, mid: str) -> None:
    st.markdown("**Recommended resources**")
    per_row = 2
    for start in range(0, len(answer.resources), per_row):
        columns = st.columns(per_row)
        for column, (i, resource) in zip(columns, enumerate(answer.resources[start:start + per_row], start)):
            cost, colour = cost_label(resource.cost)
            kind = badge_text(kind_label(resource.kind))
            with column.container(border=True, key=f"resource-{mid}-{i}"):
                st.markdown(f"**{markdown_link(resource.title, resource.url)}**")
                st.markdown(f":gray-badge[{kind}] :{colour}-badge[{badge_text(cost)}] :blue-badge[{resource.citation}]")
                links_panel.render_card_notes(st, resource)


def badge_text(text: str) -> str:
    return "".join(c for c in str(text) if c not in "[]\\:\n")[:40]


def render_sources(answer: Answer, mid: str) -> None:
    per_row = 2
    citations = sorted(answer.citations, key=lambda c: c.id)
    for start in range(0, len(citations), per_row):
        columns = st.columns(per_row)
        for column, citation in zip(columns, citations[start:start + per_row]):
            with column.container(border=True, key=f"source-{mid}-{citation.id}"):
                st.markdown(f":blue-badge[{citation.id}] **{plain_inline(citation.title)}**  \n"
                            f":gray[{plain_inline(citation.section.replace(' > ', ' › '))}]")
                preview, cut = shorten(citation.text, PASSAGE_PREVIEW)
                st.markdown(safe_markdown(preview))
                with st.container(horizontal=True):
                    if cut:
                        with st.popover("Full passage", icon=":material/article:"):
                            st.markdown(safe_markdown(citation.text))
                    link = safe_url(citation.url)
                    if link:
                        st.markdown(markdown_link("Open link ↗", link), width="content")
                    elif citation.url:
                        st.caption(f"Link (not http/https, not opened): {plain_inline(citation.url)}", width="content")


def footer(message: dict) -> None:
    answer: Answer = message["answer"]
    mid = message["id"]
    with st.container(horizontal=True, vertical_alignment="center", key=f"footer-{mid}"):
        st.feedback("thumbs", key=f"feedback-{mid}", on_change=save_feedback, args=(mid,))
        total = answer.timings_ms.get("total", 0.0)
        model = f" ({plain_inline(answer.model)})" if answer.model else ""
        st.caption(f"{plain_inline(LABELS.get(answer.backend, answer.backend))}{model} · {total:.0f} ms · "
                   f"{len(answer.citations)} sources")


def render_message(message: dict, *, latest: bool) -> None:
    if message["role"] == "user":
        with st.chat_message("user"):
            st.markdown(safe_markdown(message["content"]))
        return
    with st.chat_message("assistant", avatar=AVATAR):
        if message.get("error"):
            st.warning(plain_inline(message["error"]), icon=":material/warning:")
        else:
            render_answer(message, latest=latest)
