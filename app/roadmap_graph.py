"""The roadmap picture: Graphviz DOT for a roadmap's stages, with the stages an answer cites highlighted
and the stages the learner marked done ticked.

Pure functions over `rag.models` types (no Streamlit), so they are unit-tested directly.

Layout, top to bottom: the stages of a sequential group ("steps", "quarters", ...: any group that is
not a set of parallel choices) are chained in order, continuing in a second column when long; a
parallel group ("options", "paths", ...) sits in a labelled box, two branches per row, with one
dashed arrow from the sequential stage it follows. Highlighted stages are filled; done stages carry
a check mark and a green fill (a cited stage keeps the highlight, with the mark); the others are
outlined.
"""

from __future__ import annotations

import textwrap
from collections import OrderedDict

from rag.models import Answer, RoadmapStructure, Stage

PARALLEL = {"options", "paths", "tracks", "specializations", "specialisations", "goals"}
GROUP_TITLES = {"options": "Specialisation options", "paths": "Paths by goal"}

ACCENT = "#4f46e5"  # the app's primary colour
NEUTRAL_FILL = "#ffffff"
NEUTRAL_LINE = "#cbd5e1"
TEXT = "#1e293b"
MUTED = "#64748b"
DONE_FILL = "#dcfce7"
DONE_LINE = "#16a34a"
DONE_MARK = "✓"


def dot_string(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, newlines as DOT line breaks, and
    `&`, `<`, `>` as entities (Graphviz shows them as the characters; no markup survives)."""
    flat = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    flat = flat.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + flat.replace("\r", "").replace("\n", "\\n") + '"'


def short_title(stage: Stage) -> str:
    """The stage's title without its label ("Step 7: NLP" -> "NLP")."""
    title = stage.title
    if stage.label and title.lower().startswith(stage.label.lower()):
        title = title[len(stage.label):].lstrip(" :-–—")
    elif ":" in title and len(title.split(":", 1)[0]) <= 16:
        title = title.split(":", 1)[1].strip()
    return title or stage.title


def node_label(stage: Stage, width: int = 20) -> str:
    body = "\n".join(textwrap.wrap(short_title(stage), width=width)[:3])
    label = stage.label if stage.label and stage.group != "paths" else ""
    return f"{label}\n{body}" if label else body


def _groups(structure: RoadmapStructure) -> "OrderedDict[str, list[Stage]]":
    groups: OrderedDict[str, list[Stage]] = OrderedDict()
    for stage in sorted(structure.stages, key=lambda s: s.index):
        groups.setdefault(stage.group, []).append(stage)
    return groups


def is_sequential(group: str) -> bool:
    """Stages of a group are a sequence unless the group is a set of parallel choices."""
    return group not in PARALLEL


def _rows(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def roadmap_dot(
    structure: RoadmapStructure,
    highlighted: set[int] | frozenset[int] = frozenset(),
    *,
    done: set[int] | frozenset[int] = frozenset(),
    max_column: int = 6,
    branch_columns: int = 2,
) -> str:
    """DOT for one roadmap, top to bottom. `highlighted` and `done` hold stage indexes.

    A sequence longer than `max_column` stages continues in a second column (so the picture stays
    about as tall as a screen); parallel branches sit in a labelled box, `branch_columns` per row,
    with one dashed arrow from the stage they follow."""
    lines = [
        "digraph roadmap {",
        f"  graph [rankdir=TB, compound=true, newrank=true, bgcolor=\"transparent\", nodesep=0.2, ranksep=0.22, "
        f"pad=0.08, fontname=\"Helvetica\", tooltip={dot_string(structure.title)}];",
        f"  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=12, width=1.7, "
        f"margin=\"0.08,0.04\", color=\"{NEUTRAL_LINE}\", fillcolor=\"{NEUTRAL_FILL}\", fontcolor=\"{TEXT}\", penwidth=1.2];",
        f"  edge [color=\"{NEUTRAL_LINE}\", arrowsize=0.7, penwidth=1.2];",
    ]
    name = {s.index: f"s{s.index}" for s in structure.stages}

    def node(stage: Stage, indent: str = "  ") -> str:
        label, tooltip = node_label(stage), stage.title
        if stage.index in done:
            label, tooltip = f"{DONE_MARK} {label}", f"Done: {stage.title}"
        attrs = [f"label={dot_string(label)}", f"tooltip={dot_string(tooltip)}"]
        if stage.index in highlighted:
            attrs += [f'fillcolor="{ACCENT}"', 'fontcolor="#ffffff"', f'color="{ACCENT}"', "penwidth=2"]
        elif stage.index in done:
            attrs += [f'fillcolor="{DONE_FILL}"', f'color="{DONE_LINE}"', "penwidth=2"]
        return f"{indent}{name[stage.index]} [{', '.join(attrs)}];"

    def same_rank(stages: list[Stage], indent: str = "  ") -> list[str]:
        if len(stages) < 2:
            return []
        names = [name[s.index] for s in stages]
        out = [f"{indent}{{ rank=same; {' '.join(names)} }}"]
        out += [f"{indent}{a} -> {b} [style=invis];" for a, b in zip(names, names[1:])]  # keep left to right
        return out

    previous_tail: Stage | None = None  # last stage of the latest sequence
    previous_box: tuple[str, Stage] | None = None  # (cluster, a node in its last row), if no sequence since
    for number, (group, stages) in enumerate(_groups(structure).items()):
        if is_sequential(group):
            lines.extend(node(s) for s in stages)
            if previous_tail is not None:
                lines.append(f"  {name[previous_tail.index]} -> {name[stages[0].index]} [style=dashed];")
            elif previous_box is not None:
                lines.append(f"  {name[previous_box[1].index]} -> {name[stages[0].index]} [ltail={previous_box[0]}, style=dashed];")
            height = -(-len(stages) // -(-len(stages) // max_column))  # balanced columns
            columns = _rows(stages, height)
            for a, b in zip(stages, stages[1:]):
                lit = a.index in highlighted and b.index in highlighted
                walked = a.index in done and b.index in done  # a stretch the learner has finished
                style = [f'color="{ACCENT if lit else DONE_LINE}"', "penwidth=2"] if lit or walked else []
                if any(a is column[-1] for column in columns):
                    style.append("constraint=false")  # the jump to the top of the next column
                lines.append(f"  {name[a.index]} -> {name[b.index]}" + (f" [{', '.join(style)}]" if style else "") + ";")
            for row in range(height):
                lines.extend(same_rank([c[row] for c in columns if row < len(c)]))
            previous_tail, previous_box = stages[-1], None
            continue
        cluster = f"cluster_{number}"
        title = GROUP_TITLES.get(group, group.replace("_", " ").capitalize())
        lines.append(f"  subgraph {cluster} {{")
        lines.append(
            f"    label={dot_string(title)}; fontsize=10; fontcolor=\"{MUTED}\"; style=\"rounded,dashed\"; "
            f"color=\"{NEUTRAL_LINE}\"; margin=8;"
        )
        lines.extend(node(s, "    ") for s in stages)
        rows = _rows(stages, branch_columns)
        for row in rows:
            lines.extend(same_rank(row, "    "))
        for upper, lower in zip(rows, rows[1:]):  # stack the rows
            lines.extend(f"    {name[a.index]} -> {name[b.index]} [style=invis];" for a, b in zip(upper, lower))
        lines.append("  }")
        first = rows[0][0]
        if previous_box is not None:  # a second set of branches goes below the first box
            lines.append(f"  {name[previous_box[1].index]} -> {name[first.index]} [style=invis];")
        elif previous_tail is not None:  # branches follow the stage just before them
            lines.append(f"  {name[previous_tail.index]} -> {name[first.index]} [lhead={cluster}, style=dashed];")
        previous_box = (cluster, rows[-1][0])
    lines.append("}")
    return "\n".join(lines)


def _section_parts(section: str) -> list[str]:
    return [p.strip() for p in (section or "").split(">") if p.strip()]


def stage_for_section(structure: RoadmapStructure, section: str) -> Stage | None:
    """The most specific stage named by a section path ("Q4 2026: ... > Option B: Computer Vision")."""
    parts = [p.lower() for p in _section_parts(section)]
    titles = {s.title.strip().lower(): s for s in structure.stages}
    for part in reversed(parts):
        if part in titles:
            return titles[part]
    return None


def cited_stages(answer: Answer | None, structures: list[RoadmapStructure]) -> dict[str, set[int]]:
    """{doc_id: {stage index}} of the stages the answer's citations come from.

    A citation maps to a stage through the retrieved passage it quotes (its stage index) or, when
    that is not at hand, through its section path, whose components are stage titles."""
    result: dict[str, set[int]] = {}
    if answer is None:
        return result
    by_chunk = {p.chunk_id: p for p in answer.retrieved}
    by_doc = {s.doc_id: s for s in structures}
    by_title = {s.title: s for s in structures}
    by_source = {s.source: s for s in structures}
    for citation in answer.citations:
        passage = by_chunk.get(citation.chunk_id)
        structure = (
            by_doc.get(passage.doc_id) if passage and passage.doc_id in by_doc else None
        ) or by_source.get(citation.source) or by_title.get(citation.title)
        if structure is None:
            continue
        stage = stage_for_section(structure, citation.section)
        if stage is None and passage is not None and passage.stage_index is not None:
            stage = structure.stage(passage.stage_index)
        if stage is not None:
            result.setdefault(structure.doc_id, set()).add(stage.index)
    return result


def stage_question(stage: Stage | str) -> str:
    """The question asked when a learner picks a stage of the picture."""
    title = stage.title if isinstance(stage, Stage) else str(stage)
    return f"What should I learn in {title}?"
