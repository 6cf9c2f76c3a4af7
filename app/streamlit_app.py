"""The Streamlit chat UI: cited answers, source and resource cards, comparisons, the roadmap picture.

Run it with `advisor app` (or `streamlit run app/streamlit_app.py`). Thin by design: answers come
from `rag`, rendering helpers from `app.render`, `app.roadmap_graph`, `app.feedback`,
`app.backend_status` and `app.ui_state`. Document and model text only ever reaches the page through
`app.render` (never as raw HTML).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run` puts app/ on the path, not the project root
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app import plan_view, ui_state  # noqa: E402
from app.backend_status import LABELS, backend_status  # noqa: E402
from app.feedback import FeedbackStore  # noqa: E402
from app.index_panel import sidebar_roadmaps  # noqa: E402
from app.render import (  # noqa: E402
    badge_markers,
    cost_label,
    kind_label,
    markdown_link,
    plain_inline,
    safe_markdown,
    safe_url,
    shorten,
    StreamSanitizer,
)
from app.roadmap_graph import cited_stages, roadmap_dot, stage_question  # noqa: E402
from rag.errors import AdvisorError, InvalidQuestionError  # noqa: E402
from rag.models import Answer  # noqa: E402
from rag.settings import Settings, get_settings  # noqa: E402

APP_TITLE = "AI/ML Career Advisor"
STARTERS = [
    "What should I learn after PyTorch?",
    "Compare NLP & LLMs with computer vision",
    "Resources for SQL?",
]
BACKENDS = ["extractive", "openai", "local"]
PASSAGE_PREVIEW = 170
AVATAR = ":material/explore:"

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


# -- loading (once per server) -------------------------------------------------------------------
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


def build_index(settings: Settings) -> None:
    """First start: no index yet, so build it from the corpus with a visible progress bar."""
    from ingest.pipeline import sync

    st.title(APP_TITLE)
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


# -- session ---------------------------------------------------------------------------------------
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
    FeedbackStore.in_dir(get_settings().state_dir).record(
        message_id, message["question"], message["history"], message["answer"], rating
    )
    st.toast("Thanks, your feedback is saved." if rating is not None else "Feedback removed.", icon=":material/check:")


# -- sidebar ---------------------------------------------------------------------------------------
def sidebar_controls(base: Settings) -> Settings:
    with st.sidebar:
        st.markdown(f"### :material/explore: {APP_TITLE}")
        st.button("New chat", key="new-chat", icon=":material/add_comment:", on_click=new_chat,
                  width="stretch", type="primary")
        st.subheader("Answering", divider="gray")
        backend = st.selectbox(
            "Backend", BACKENDS, index=BACKENDS.index(base.backend), key="backend",
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


def sidebar_feedback_and_evals(settings: Settings) -> None:
    with st.sidebar:
        st.subheader("Feedback", divider="gray")
        store = FeedbackStore.in_dir(settings.state_dir)
        counts = store.counts()
        st.caption(f":material/thumb_up: {counts['up']} · :material/thumb_down: {counts['down']} rated answers, "
                   f"stored in {plain_inline(str(store.path))}")
        st.download_button(
            "Export as eval cases (JSONL)", data=store.export_jsonl(), file_name="feedback-cases.jsonl",
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


# -- answers ---------------------------------------------------------------------------------------
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
                st.write_stream(stream_answer(choice.advisor, choice.backend, question, history, holder))
        except InvalidQuestionError as exc:
            message["error"] = str(exc)
        except AdvisorError as exc:
            if choice.backend == "extractive":
                message["error"] = str(exc)
            else:  # the model failed mid-answer: answer offline instead
                message["fallback"] = f"The {choice.backend} backend failed ({exc})."
                try:
                    holder["answer"] = extractive.answer(question, history, backend="extractive")
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


# -- roadmap picture -------------------------------------------------------------------------------
def roadmap_name(structure) -> str:
    """A short name for the roadmap selector: the title before any subtitle, without asides."""
    title = re.sub(r"\s*\([^)]*\)", "", structure.title.split(":", 1)[0]).strip() or structure.title
    return title if len(title) <= 40 else title[:38].rstrip() + "…"


def render_roadmaps(structures, latest: Answer | None) -> None:
    if not structures:
        return
    highlighted = cited_stages(latest, structures)
    with st.container(key="roadmap-panel"):
        st.markdown("#### :material/route: Roadmaps")
        ids = [s.doc_id for s in structures]
        by_id = {s.doc_id: s for s in structures}
        if st.session_state.get("roadmap-view") not in ids:
            st.session_state["roadmap-view"] = ids[0]
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
        titles = {s.index: s.title for s in structure.stages}
        st.selectbox(
            "Ask about a stage", list(titles), index=None, key=f"stage-{chosen}",
            format_func=lambda i: titles[i], placeholder="Choose a stage to ask what to learn there…",
            on_change=ask_stage, args=(f"stage-{chosen}", titles), label_visibility="collapsed",
        )
        st.graphviz_chart(roadmap_dot(structure, marked), width="content")


def follow_latest(structures, answer: Answer | None) -> None:
    """Show the roadmap the new answer cites most (set before the selector is drawn)."""
    marked = cited_stages(answer, structures)
    if marked:
        st.session_state["roadmap-view"] = max(marked, key=lambda d: len(marked[d]))


# -- page ------------------------------------------------------------------------------------------
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


def main() -> None:
    state = session()
    base = get_settings()
    settings = sidebar_controls(base)
    requested = settings.backend
    offline = settings.model_copy(update={"backend": "extractive"})

    extractive = load(ui_state.fingerprint(offline), offline)
    if extractive.missing_index:
        build_index(offline)
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
        render_roadmaps(structures, latest)
    sidebar_feedback_and_evals(offline)


main()
