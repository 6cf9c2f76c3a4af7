"""Link health in the UI: the sidebar's last check with a button to run one, and a resource card's
notes. Fetched text reaches the page only through `app.render.plain_inline`."""

from __future__ import annotations

from app.render import plain_inline
from rag.link_health import LinkCheckSummary, load_link_health, resource_notes
from rag.models import ResourceLink
from rag.settings import Settings


def last_check_caption(summary: LinkCheckSummary | None) -> str:
    """One line for the sidebar (plain text; the caller escapes nothing more)."""
    if summary is None:
        return "Links not checked yet."
    counts = ", ".join(f"{getattr(summary, name)} {name}" for name in ("ok", "redirected", "broken", "unreachable"))
    more = f", {summary.unchecked} not reached before the deadline" if summary.unchecked else ""
    return f"Links checked {summary.checked_at:%Y-%m-%d %H:%M} UTC: {counts}{more}."


def card_notes(resource: ResourceLink) -> list[str]:
    """Markdown lines under a resource card: the broken mark in red, the page's words in grey."""
    lines = []
    for note in resource_notes(resource):
        colour = "red" if note.startswith("link broken") else "gray"
        lines.append(f":{colour}[{plain_inline(note)}]")
    return lines


def render_card_notes(st, resource: ResourceLink) -> None:
    for line in card_notes(resource):
        st.markdown(line)


def sidebar_links(st, settings: Settings) -> None:
    """The last link check (date, counts) and a button that runs one now."""
    with st.sidebar:
        st.subheader("Links", divider="gray")
        st.caption(plain_inline(last_check_caption(load_link_health(settings).last_run)))
        notice = st.session_state.pop("links-notice", None)
        if notice:
            st.info(plain_inline(notice), icon=":material/link:")
        if st.button("Check links", key="check-links", icon=":material/link:", width="stretch",
                     help="Fetch every resource link once (the only network use); answers and cards show what it finds."):
            _run_check(st, settings)


def _run_check(st, settings: Settings) -> None:
    from rag.errors import AdvisorError
    from rag.link_check import run_link_check

    bar = st.progress(0.0, text="Checking links…")

    def progress(done: int, total: int, counts: dict) -> None:
        text = ", ".join(f"{n} {name}" for name, n in counts.items() if n)
        bar.progress(min(1.0, done / total if total else 1.0), text=f"Checked {done} of {total} links {text}")

    try:
        report = run_link_check(settings, progress=progress)
    except AdvisorError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    summary = report.summary
    st.session_state["links-notice"] = report.offline_message() if report.offline else (
        f"Checked {summary.checked} links in {summary.seconds:.1f} s: {summary.broken} broken, "
        f"{summary.unreachable} unreachable. Fetched descriptions are indexed on the next re-sync.")
    st.rerun()
