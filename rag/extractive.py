"""The default backend: answers composed only of retrieved passages, every line cited.

Deterministic and offline. Each intent is arranged the way an advisor would: the stages that come
next, a list of resources with links from the catalogue, a side-by-side table, or the most relevant
lines of the best passages.
"""

from __future__ import annotations

import re

from rag.evidence import Evidence, RoadmapPath, Side, StageEvidence
from rag.intents import instruction_like
from rag.models import Citation, Passage, ResourceLink
from rag.text import content_terms, stem, tokens

OUTLOOK = re.compile(r"^(2026 reality|opportunity|frontier|practical|recommendation|why|focus|skills to emphasize)\b", re.I)
MAX_FACT_LINES = 6
OPTIONS_QUESTION = re.compile(r"\b(options|choices|speciali[sz]ations|which specialties|what can i specialise)\b", re.I)
STAGE_WORDS = re.compile(r"\b(step|stage|quarter|q[1-4]|option|path|route|phase|track)\b", re.I)


class CitationBook:
    """Numbers passages in order of first citation; refuses any passage that was not retrieved."""

    def __init__(self, retrieved: list[Passage]):
        self._allowed = {p.chunk_id: p for p in retrieved}
        self._numbers: dict[str, int] = {}

    def cite(self, passage: Passage) -> str:
        if passage.chunk_id not in self._allowed:
            raise ValueError(f"passage {passage.chunk_id} was not retrieved and cannot be cited")
        if passage.chunk_id not in self._numbers:
            self._numbers[passage.chunk_id] = len(self._numbers) + 1
        return f"[{self._numbers[passage.chunk_id]}]"

    def number(self, passage: Passage) -> int:
        self.cite(passage)
        return self._numbers[passage.chunk_id]

    def citations(self) -> list[Citation]:
        out = []
        for chunk_id, number in sorted(self._numbers.items(), key=lambda item: item[1]):
            p = self._allowed[chunk_id]
            out.append(
                Citation(id=number, chunk_id=p.chunk_id, source=p.source, title=p.title, section=p.section,
                         url=p.url, text=p.text, score=round(p.score, 4))
            )
        return out


def passage_lines(passage: Passage, *, keep_colons: bool = False) -> list[str]:
    """Bullets with their nested children folded in: '- GANs: DCGAN, StyleGAN' reads on its own."""
    lines: list[str] = []
    for raw in passage.text.split("\n"):
        if not raw.strip():
            continue
        indent = len(raw) - len(raw.lstrip())
        text = re.sub(r"^(?:[-*+•]|\d+[.)])\s+(?:\[[ xX]\]\s+)?", "", raw.strip()).strip()
        if not text or instruction_like(text):  # a line addressed to a model is never quoted
            continue
        if indent >= 2 and lines and lines[-1].endswith(":"):
            lines[-1] = f"{lines[-1]} {text}"
        elif indent >= 2 and lines and lines[-1].rstrip(":") != lines[-1]:
            lines[-1] = f"{lines[-1]}; {text}"
        else:
            lines.append(text)
    return lines if keep_colons else [line.rstrip(":") for line in lines]


def _term_overlap(text: str, stems: set[str]) -> int:
    return len(stems & {stem(t) for t in tokens(text)})


def _anchors(passage: Passage) -> list[dict]:
    return passage.links


class ExtractiveComposer:
    name = "extractive"

    def __init__(self, idf: dict[str, float] | None = None, default_idf: float = 1.0):
        self.idf = idf or {}
        self.default_idf = default_idf

    def compose(self, evidence: Evidence) -> tuple[str, CitationBook, list[ResourceLink]]:
        book = CitationBook(evidence.retrieved)
        resources: list[ResourceLink] = []
        intent = evidence.query.intent
        text = ""
        if intent == "next_step" and evidence.paths:
            text = self._next_step(evidence.paths, book, resources)
        elif intent == "resources" and (evidence.resources or evidence.resource_context):
            text = self._resources(evidence, book, resources)
        elif intent == "compare" and len(evidence.sides) >= 2:
            text = self._compare(evidence.sides, book)
        if not text and OPTIONS_QUESTION.search(evidence.query.question) and any(
            p.stage_title.lower().startswith("option") for p in evidence.focus
        ):
            text = self._options(evidence, book)
        if not text:
            text = self._fact(evidence, book)
        return text, book, resources

    # -- next_step ---------------------------------------------------------------------------
    def _next_step(self, paths: list[RoadmapPath], book: CitationBook, resources: list[ResourceLink]) -> str:
        blocks = []
        if any(path.following for path in paths):  # a parallel option has no "next": leave it out
            paths = [path for path in paths if path.following]
        for path in paths:
            lines = [f"**{path.roadmap.title}**", ""]
            where = path.position.passages[0] if path.position.passages else None
            stage_line = f"Your question points to **{path.position.stage.title}**"
            lines.append(f"{stage_line} {book.cite(where)}. Next:" if where else f"{stage_line}. Next:")
            lines.append("")
            for number, part in enumerate(path.following, 1):
                lines.append(self._stage_summary(number, part, book, resources))
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    def _stage_summary(self, number: int, part: StageEvidence, book: CitationBook, resources: list[ResourceLink]) -> str:
        learn = [p for p in part.passages if "resource" not in p.section.lower() and not p.section.lower().split(" > ")[-1].startswith("why")]
        learn = learn or part.passages
        points: list[tuple[str, Passage]] = []
        for passage in learn:
            for line in passage_lines(passage):
                if len(points) < 4 and not line.endswith(":") and len(line) < 220:
                    points.append((line.rstrip("."), passage))
        cited: dict[str, list[str]] = {}
        for line, passage in points:
            cited.setdefault(passage.chunk_id, []).append(line)
        pieces = []
        for chunk_id, lines in cited.items():
            passage = next(p for p in part.passages if p.chunk_id == chunk_id)
            pieces.append("; ".join(lines) + f" {book.cite(passage)}")
        summary = f"{number}. **{part.stage.title}**: " + ("; ".join(pieces) if pieces else "see the roadmap")
        if part.options:
            names = "; ".join(f"{p.section.split(' > ')[-1]} {book.cite(p)}" for p in part.options)
            summary += f". You choose one of: {names}"
        names = self._resource_names(part, book, resources)
        return summary + (f". Resources: {names}" if names else "")

    def _resource_names(self, part: StageEvidence, book: CitationBook, resources: list[ResourceLink]) -> str:
        names = []
        for passage in part.resources[:4]:
            title = passage.section.split(" > ")[-1]
            names.append(f"{title} {book.cite(passage)}")
            if passage.url and all(r.url != passage.url for r in resources):
                resources.append(ResourceLink(title=title, url=passage.url, citation=book.number(passage),
                                              kind=_meta(passage, "resource_kind"), cost=_meta(passage, "cost")))
        if not names:
            for passage in part.passages:
                if "resource" in passage.section.lower():
                    anchors = [a["text"] for a in _anchors(passage)] or passage_lines(passage)[:3]
                    names.append(", ".join(anchors[:4]) + f" {book.cite(passage)}")
        return "; ".join(names)

    # -- resources ---------------------------------------------------------------------------
    def _resources(self, evidence: Evidence, book: CitationBook, resources: list[ResourceLink]) -> str:
        lines = ["Resources the roadmaps recommend:"]
        for passage in evidence.resources:
            title = passage.section.split(" > ")[-1]
            facts = passage_lines(passage)
            header = facts[0] if facts else title
            kind_cost = ", ".join(x for x in (_meta(passage, "resource_kind"), _meta(passage, "cost")) if x)
            why = next((line for line in facts[1:] if not line.startswith(("Topics:", "Recommended in:", "Link:"))), "")
            why = re.split(r"(?<=[.!?])\s", why)[0] if why else header
            label = f"[{title}]({passage.url})" if passage.url else title
            lines.append(f"- **{label}** ({kind_cost.replace('-', ' ')}): {why} {book.cite(passage)}")
            if passage.url and all(r.url != passage.url for r in resources):
                resources.append(ResourceLink(title=title, url=passage.url, citation=book.number(passage),
                                              kind=_meta(passage, "resource_kind"), cost=_meta(passage, "cost")))
        for passage in evidence.resource_context[:3]:
            anchors = [a["text"] for a in _anchors(passage)] or passage_lines(passage)[:4]
            where = passage.section.split(" > ")[0]
            lines.append(f"- In *{passage.title}*, {where} lists: {', '.join(anchors[:6])} {book.cite(passage)}")
            for anchor in _anchors(passage):
                if all(r.url != anchor["url"] for r in resources):
                    resources.append(ResourceLink(title=anchor["text"], url=anchor["url"], citation=book.number(passage)))
        return "\n".join(lines) if len(lines) > 1 else ""

    # -- compare -----------------------------------------------------------------------------
    def _compare(self, sides: list[Side], book: CitationBook) -> str:
        header = "| | " + " | ".join(f"**{s.name}**" for s in sides) + " |"
        rule = "|---|" + "---|" * len(sides)
        rows = {"Where it sits": [], "What to learn": [], "Opportunity / risk": []}
        for side in sides:
            first = side.passages[0]
            rows["Where it sits"].append(f"{first.section} ({_short(first.title)}) {book.cite(first)}")
            learn, outlook = [], []
            for passage in side.passages:
                for line in passage_lines(passage):
                    (outlook if OUTLOOK.match(line) else learn).append((line.rstrip("."), passage))
            rows["What to learn"].append(_cell(learn[:3], book))
            rows["Opportunity / risk"].append(_cell(outlook[:2], book) if outlook else "not stated in the roadmaps")
        table = [header, rule] + [f"| {name} | " + " | ".join(cells) + " |" for name, cells in rows.items()]
        return "\n".join(table)

    # -- fact --------------------------------------------------------------------------------
    def _fact(self, evidence: Evidence, book: CitationBook) -> str:
        """The lines that best answer the question, weighted by how rare their shared words are,
        grouped under the stage or section they come from."""
        terms = {stem(t) for t in content_terms(evidence.query.query)}
        ranked = [p for p in evidence.ranked if p.kind == "roadmap"][:6] or evidence.ranked[:6]
        focus_ids = {p.chunk_id for p in evidence.focus}
        top = {p.chunk_id for p in evidence.ranked[:1]}
        names_stage = STAGE_WORDS.search(evidence.query.question) is not None
        # a question that names a stage (and retrieval agrees, or it says "step", "path"...) is
        # answered from that stage; otherwise the stage only competes with the search results
        strong = bool(focus_ids) and (names_stage or bool(focus_ids & top))
        pool = evidence.focus if strong else ranked + [p for p in evidence.focus if p.chunk_id not in {r.chunk_id for r in ranked}]
        first_stage = evidence.focus[0].stage_index if evidence.focus else None

        def weight(text: str) -> float:
            return sum(self.idf.get(t, self.default_idf) for t in terms & {stem(w) for w in tokens(text)})

        scored: list[tuple[float, int, int, str, Passage]] = []
        lines_of: dict[str, list[str]] = {}
        for order, passage in enumerate(pool):
            base = 0.7 * weight(passage.section) + 2.0 * passage.score
            if strong and passage.stage_index == first_stage:
                base += 1.0
            lines_of[passage.chunk_id] = passage_lines(passage, keep_colons=True)
            for position, line in enumerate(lines_of[passage.chunk_id]):
                scored.append((weight(line) + base, order, position, line, passage))
        scored.sort(key=lambda item: (-item[0], item[1], item[2]))
        picked = {(item[1], item[2]): item for item in scored[:MAX_FACT_LINES]}
        for (order, position), item in list(picked.items()):
            if item[3].endswith(":"):  # an intro line brings (some of) the list it introduces
                for follow, line in enumerate(lines_of[item[4].chunk_id][position + 1 : position + 4], position + 1):
                    picked.setdefault((order, follow), (item[0] - 0.01, order, follow, line, item[4]))
        best_of: dict[str, float] = {}
        for score, _, _, _, passage in picked.values():
            key = passage.stage_title or passage.section.split(" > ")[0]
            best_of[key] = max(best_of.get(key, score), score)
        blocks: dict[str, list[tuple[str, Passage]]] = {}
        for _, _, _, line, passage in sorted(picked.values(), key=lambda i: (i[1], i[2])):
            heading = passage.stage_title or passage.section.split(" > ")[0] or _short(passage.title)
            blocks.setdefault(heading, []).append((line.rstrip(":"), passage))
        # the most relevant block first; lines keep their document order inside a block;
        # citations are numbered in reading order
        text = []
        for heading in sorted(blocks, key=lambda h: -best_of.get(h, 0.0)):
            lines = [f"- {line} {book.cite(passage)}" for line, passage in blocks[heading]]
            text.append(f"**{heading}** ({_short(blocks[heading][0][1].title)})\n" + "\n".join(lines))
        return "\n\n".join(text)

    def _options(self, evidence: Evidence, book: CitationBook) -> str:
        """'What are the options in Q4?': each option of the stage with what it covers."""
        options = [p for p in evidence.focus if p.stage_title.lower().startswith("option")]
        lines = []
        for passage in options:
            points = [l for l in passage_lines(passage)][:3]
            lines.append(f"- **{passage.stage_title}**: {'; '.join(points)} {book.cite(passage)}")
        return "\n".join(lines)


def _cell(items: list[tuple[str, Passage]], book: CitationBook) -> str:
    if not items:
        return "not stated in the roadmaps"
    parts: dict[str, list[str]] = {}
    passages: dict[str, Passage] = {}
    for line, passage in items:
        parts.setdefault(passage.chunk_id, []).append(line.replace("|", "/"))
        passages[passage.chunk_id] = passage
    return "; ".join("; ".join(lines) + f" {book.cite(passages[cid])}" for cid, lines in parts.items())


def _short(title: str) -> str:
    return title.split(":")[0] if len(title) > 40 else title


def _meta(passage: Passage, key: str) -> str | None:
    return getattr(passage, key, None)
