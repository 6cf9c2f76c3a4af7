"""The UI's index panel: each roadmap in the index with its stages in order, the same listing as
`advisor roadmaps` (one overview, two renderings)."""

from __future__ import annotations

from app.render import plain_inline
from app.roadmaps_cmd import STAGELESS_NOTE, estimate_text, overview


def stage_table(row) -> str:
    """A Markdown table of a roadmap's stages; every cell is plain text (titles come from documents)."""
    lines = ["| # | Stage | Group | Topics | Links | Time |", "|---:|---|---|---:|---:|---|"]
    for stage in row.stages:
        cells = [str(stage.index), stage.title, stage.group, str(stage.topics), str(stage.links),
                 estimate_text(stage.estimate) or "–"]
        lines.append("| " + " | ".join(plain_inline(c) for c in cells) + " |")  # escapes "|" too
    return "\n".join(lines)


def sidebar_roadmaps(structures) -> None:
    import streamlit as st

    rows = overview(structures)
    with st.sidebar:
        st.subheader("Roadmaps", divider="gray")
        if not rows:
            st.caption("No roadmap in the index yet.")
        for row in rows:
            with st.expander(f"{plain_inline(row.title)} · {len(row.stages)} stages", key=f"roadmap-{row.doc_id}"):
                st.caption(f"{plain_inline(row.source)} · {row.resources} resources")
                if row.stages:
                    st.markdown(stage_table(row))
                else:
                    st.caption(STAGELESS_NOTE)
