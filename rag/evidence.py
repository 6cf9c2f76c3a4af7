"""Roadmap-aware retrieval: for each intent, the passages an answer may draw on, organised.

Hybrid search finds what the question is about; the stored structure then adds what a good advisor
would look up next (the stages that follow, the resources recommended there). Every passage placed
in `Evidence` counts as retrieved, and only retrieved passages can ever be cited.
"""

from __future__ import annotations

import collections
import re
from dataclasses import dataclass, field

from rag.models import Passage, RoadmapStructure, Stage
from rag.passages import column
from rag.retrieval import HybridRetriever, RetrievalFilter
from rag.rewrite import StandaloneQuery
from rag.roadmap import StageMatch, StageStems, locate, next_stages, stage_stems
from rag.text import GENERIC, STOPWORDS, content_terms, stem, tokens


@dataclass
class StageEvidence:
    roadmap: RoadmapStructure
    stage: Stage
    passages: list[Passage]
    resources: list[Passage]
    options: list[Passage] = field(default_factory=list)  # parallel options nested in the stage


@dataclass
class RoadmapPath:
    """Where the subject sits in one roadmap and the stages that follow it."""

    roadmap: RoadmapStructure
    position: StageEvidence
    following: list[StageEvidence]


@dataclass
class Side:
    """One subject of a comparison."""

    name: str
    passages: list[Passage]


@dataclass
class Evidence:
    query: StandaloneQuery
    ranked: list[Passage]  # hybrid search results, best first
    paths: list[RoadmapPath] = field(default_factory=list)
    resources: list[Passage] = field(default_factory=list)
    resource_context: list[Passage] = field(default_factory=list)
    sides: list[Side] = field(default_factory=list)
    focus: list[Passage] = field(default_factory=list)  # the section or stage a fact question names
    retrieve_ms: float = 0.0

    @property
    def retrieved(self) -> list[Passage]:
        """Every passage the answer may use, in the order an answerer should read them: what the
        roadmap structure points at first, then the search results."""
        seen: dict[str, Passage] = {}
        groups: list[list[Passage]] = [self.focus, self.resources, self.resource_context]
        for path in self.paths:
            for part in [*path.following, path.position]:
                groups += [part.passages, part.options, part.resources]
        for side in self.sides:
            groups.append(side.passages)
        groups.append(self.ranked)
        for group in groups:
            for passage in group:
                seen.setdefault(passage.chunk_id, passage)
        return list(seen.values())

    @property
    def best_score(self) -> float:
        return max((p.score for p in self.ranked), default=0.0)


class EvidenceFinder:
    def __init__(self, retriever: HybridRetriever, structures: list[RoadmapStructure], passages: list[Passage],
                 stems: dict[tuple[str, int], StageStems] | None = None):
        self.retriever = retriever
        self.structures = structures
        self.passages = passages  # every indexed passage, in document order
        # Positions, not Passage objects: a snapshot's passages are columns (rag.passages), and only
        # those an answer uses become objects.
        self._by_stage: dict[tuple[str, int], list[int]] = {}
        self._by_doc: dict[str, list[int]] = {}
        self._heading_index: dict[str, list[int]] = {}  # stem of a passage's own heading -> its positions
        heading_stems: dict[str, set[str]] = {}  # a heading's stems, once per distinct heading
        doc_ids, kinds = column(passages, "doc_id"), column(passages, "kind")
        self._stages, self._sections = column(passages, "stage_index"), column(passages, "section")
        for position, (doc_id, stage_index, kind, section) in enumerate(zip(doc_ids, self._stages, kinds, self._sections)):
            self._by_doc.setdefault(doc_id, []).append(position)
            if stage_index is not None:
                self._by_stage.setdefault((doc_id, stage_index), []).append(position)
            if kind == "roadmap":
                heading = section.split(" > ")[-1]
                if heading not in heading_stems:
                    heading_stems[heading] = {stem(t) for t in content_terms(heading)}
                for term in heading_stems[heading]:
                    self._heading_index.setdefault(term, []).append(position)
        self._resources = [passages[i] for i, kind in enumerate(kinds) if kind == "resource"]
        # Every stage tokenised once, not on every question (locate runs several times per answer);
        # an index snapshot passes the stems it saved (stemming every stage took 10 s at 100,000 passages).
        self._stage_stems = stems if stems is not None else {
            (r.doc_id, s.index): stage_stems(s) for r in structures for s in r.stages}
        self._title_words = self._distinctive_title_words(structures)

    def locate(self, structures: list[RoadmapStructure], text: str, **options) -> list[StageMatch]:
        return locate(structures, text, stems=self._stage_stems, **options)

    def named_roadmap(self, text: str) -> RoadmapStructure | None:
        """The one roadmap a question names: by a year only its title has ("the 2026 plan"), or by
        a word only its title has next to the word roadmap ("the Gen AI roadmap")."""
        asked = set(tokens(text))
        says_roadmap = bool(re.search(r"\broad ?maps?\b|\bgen ?ai\b", text, re.I))
        named = [roadmap for roadmap, distinctive, years in self._title_words
                 if asked & years or (says_roadmap and asked & distinctive)]
        return named[0] if len(named) == 1 else None

    @staticmethod
    def _distinctive_title_words(structures: list[RoadmapStructure]) -> list[tuple[RoadmapStructure, set[str], set[str]]]:
        """Per roadmap: the words of its title no other title has, and the years among them. Once per
        index, not per question (comparing every title with every other took 97% of an answer at
        100,000 passages)."""
        words = [set(tokens(roadmap.title)) for roadmap in structures]
        titles_with = collections.Counter(word for own in words for word in own)
        marks = []
        for roadmap, own in zip(structures, words):
            distinctive = {t for t in own if titles_with[t] == 1 and t not in STOPWORDS | GENERIC | TITLE_COMMON}
            marks.append((roadmap, distinctive, {t for t in distinctive if re.fullmatch(r"20\d\d", t)}))
        return marks

    def find(self, query: StandaloneQuery, k: int) -> Evidence:
        roadmap = self.named_roadmap(query.question) if len(self.structures) > 1 else None
        scope = RetrievalFilter(doc_id=roadmap.doc_id) if roadmap else None
        evidence = Evidence(query=query, ranked=self.retriever.search(query.query, filter=scope, k=k))
        if query.injection:
            return evidence
        if query.intent == "fact" and sum(p.kind == "roadmap" for p in evidence.ranked) < 3:
            known = {p.chunk_id for p in evidence.ranked}
            more = self.retriever.search(query.query, filter=scope or RetrievalFilter(kind="roadmap"), k=k)
            evidence.ranked += [p for p in more if p.chunk_id not in known and p.kind == "roadmap"]
        self._find_by_intent(query, evidence, k, [roadmap] if roadmap else self.structures)
        self._score_unranked(evidence)
        return evidence

    def _find_by_intent(self, query: StandaloneQuery, evidence: Evidence, k: int, structures: list[RoadmapStructure]) -> None:
        """Structure-aware retrieval; `structures` is narrowed when the question names one roadmap."""
        if query.intent == "next_step":
            evidence.paths = self.paths_after(query.subject if _is_bare(query) else query.question, structures)
            if not evidence.paths and query.subject:
                evidence.paths = self.paths_after(query.subject, structures)
        elif query.intent == "resources":
            self._resources_for(query, evidence, k, structures)
        elif query.intent == "compare":
            evidence.sides = self.sides(query, k, structures)
        else:
            for text in (query.question, query.about, query.subject):
                evidence.focus = self.focus(text, structures) if text else []
                if evidence.focus:
                    break

    def _score_unranked(self, evidence: Evidence) -> None:
        """Passages found through the structure get the same cosine score as searched ones."""
        ranked = {p.chunk_id for p in evidence.ranked}
        extra = [p for p in evidence.retrieved if p.chunk_id not in ranked]
        if not extra:
            return
        scores = self.retriever.similarities(evidence.query.query, [p.chunk_id for p in extra])
        replace = {p.chunk_id: p.model_copy(update={"score": scores.get(p.chunk_id, 0.0)}) for p in extra}

        def swap(group: list[Passage]) -> list[Passage]:
            return [replace.get(p.chunk_id, p) for p in group]

        evidence.resources = swap(evidence.resources)
        evidence.focus = swap(evidence.focus)
        evidence.resource_context = swap(evidence.resource_context)
        for path in evidence.paths:
            for part in [path.position, *path.following]:
                part.passages, part.resources, part.options = swap(part.passages), swap(part.resources), swap(part.options)
        for side in evidence.sides:
            side.passages = swap(side.passages)

    # -- next steps --------------------------------------------------------------------------
    def stage_evidence(self, roadmap: RoadmapStructure, stage: Stage) -> StageEvidence:
        passages = self._at(self._by_stage.get((roadmap.doc_id, stage.index), []))
        nested = self._at([
            i for i in self._by_doc.get(roadmap.doc_id, [])
            if self._stages[i] not in (None, stage.index)
            and self._sections[i].startswith(stage.title + " > ")
        ])
        return StageEvidence(roadmap, stage, passages, self.resources_recommended_in(stage), nested)

    def _at(self, positions: list[int]) -> list[Passage]:
        return [self.passages[i] for i in positions]

    def focus(self, text: str, structures: list[RoadmapStructure]) -> list[Passage]:
        """Passages of the stages whose titles name a distinctive word of the question."""
        idf = self.retriever.lexical.idf
        threshold = 1.4  # the word is in at most a quarter of the passages
        distinctive = [t for t in content_terms(text) if idf.get(stem(t), threshold + 1) > threshold]
        if not distinctive:
            return []
        order = [stem(t) for t in distinctive]

        def first_mention(match: StageMatch) -> int:
            title = {stem(t) for t in content_terms(match.stage.title)}
            return min((i for i, t in enumerate(order) if t in title), default=len(order))

        matches = self.locate(structures, " ".join(distinctive), min_score=3.0, per_roadmap=False)
        matches.sort(key=lambda m: (-m.score, first_mention(m)))
        if matches:  # the best-matching stage(s); on a tie, the one the question names first
            best = (matches[0].score, first_mention(matches[0]))
            matches = [m for m in matches if (m.score, first_mention(m)) == best]
        focus: list[Passage] = []
        for match in matches[:2]:
            part = self.stage_evidence(match.roadmap, match.stage)
            focus += part.passages[:4] + part.options
        return focus

    def resources_recommended_in(self, stage: Stage) -> list[Passage]:
        needle = f"{stage.title} ("
        return [p for p in self._resources if needle in p.text]

    def paths_after(self, text: str, structures: list[RoadmapStructure]) -> list[RoadmapPath]:
        paths = []
        for match in self.locate(structures, text)[:MAX_PATHS]:
            following = next_stages(match)
            position = self.stage_evidence(match.roadmap, match.stage)
            position.passages = _mentioning(position.passages, content_terms(text)) or position.passages[:1]
            paths.append(
                RoadmapPath(match.roadmap, position, [self.stage_evidence(match.roadmap, s) for s in following])
            )
        return paths

    # -- resources ---------------------------------------------------------------------------
    def _resources_for(self, query: StandaloneQuery, evidence: Evidence, k: int, structures: list[RoadmapStructure]) -> None:
        if query.subject and query.subject_intent == "next_step" and not _own_topic(query.question):
            evidence.paths = self.paths_after(query.subject, structures)
            for path in evidence.paths:  # the immediate next stage of each roadmap
                for part in path.following[:1]:
                    evidence.resources += part.resources[:4]
                    evidence.resource_context += [p for p in part.passages if "resource" in p.section.lower()]
            if evidence.resources or evidence.resource_context:
                return
        topic = query.question if _own_topic(query.question) else query.query
        terms = [t for t in content_terms(topic) if t not in RESOURCE_WORDS]
        stems = {stem(t) for t in terms}
        found = self.retriever.search(" ".join(terms) or topic, filter=RetrievalFilter(kind="resource"), k=k * 2)
        matching = [p for p in found if stems & {stem(t) for t in tokens(p.section + " " + _topics_line(p))}]
        for match in self.locate(structures, " ".join(terms), min_score=2.0):
            stage_part = self.stage_evidence(match.roadmap, match.stage)
            known = {p.chunk_id for p in matching}
            matching += [p for p in stage_part.resources if p.chunk_id not in known]
            evidence.resource_context += [p for p in stage_part.passages if "resource" in p.section.lower()]
        if not evidence.resource_context:
            evidence.resource_context = [
                p for p in evidence.ranked if p.kind == "roadmap" and "resource" in p.section.lower()
                and stems & {stem(t) for t in tokens(p.section + " " + p.text)}
            ][:2]
        evidence.resources = matching[:8]

    # -- comparisons -------------------------------------------------------------------------
    def sides(self, query: StandaloneQuery, k: int, structures: list[RoadmapStructure]) -> list[Side]:
        names = compare_subjects(query.question)
        if len(names) < 2 and query.subject:
            earlier = compare_subjects(query.subject) or [_topic_phrase(query.subject)]
            names = names + [n for n in earlier if n and n not in names]
        sides = []
        for name in names[:3]:
            passages = self.passages_about(name, k, structures)
            if passages:
                sides.append(Side(name=name, passages=passages))
        return sides

    def passages_about(self, name: str, k: int, structures: list[RoadmapStructure]) -> list[Passage]:
        """Passages whose own heading names the subject, else the stage it names, else search."""
        stems = {stem(t) for t in content_terms(name)}
        if not stems:
            return []
        hits: dict[int, int] = {}  # query stems in each passage's own heading
        for term in stems:
            for position in self._heading_index.get(term, []):
                hits[position] = hits.get(position, 0) + 1
        best = max(hits.values(), default=0)
        if best and best >= min(2, len(stems)):
            return [self.passages[i] for i in sorted(i for i, n in hits.items() if n == best)][:2]
        matches = self.locate(structures, name, min_score=3.0)
        if matches:
            match = matches[0]
            return self._at(self._by_stage.get((match.roadmap.doc_id, match.stage.index), [])[:2])
        found = self.retriever.search(name, filter=RetrievalFilter(kind="roadmap"), k=k)
        return [p for p in found if stems & {stem(t) for t in tokens(p.text)}][:2]


MAX_PATHS = 3  # a next-step answer follows the best-matching roadmaps only (was: every roadmap that matched)
TITLE_COMMON = {"ai", "ml", "ai/ml", "guide", "complete", "ultimate", "students", "year", "next", "engineers"}
RESOURCE_WORDS = {"resources", "resource", "courses", "course", "books", "book", "tutorials", "tutorial",
                  "playlists", "playlist", "videos", "video", "links", "link", "materials", "material",
                  "docs", "documentation", "free", "paid", "good", "best", "recommend", "recommended"}


def _topics_line(passage: Passage) -> str:
    return " ".join(line for line in passage.text.split("\n") if line.startswith(("Topics:", "Recommended in:")))


def _own_topic(question: str) -> bool:
    words = [t for t in content_terms(question) if t not in RESOURCE_WORDS]
    return bool(words) and not re.search(r"\b(that|those|these|them|it)\b", question, re.I)


def _is_bare(query: StandaloneQuery) -> bool:
    return bool(query.subject) and not content_terms(query.question)


def _mentioning(passages: list[Passage], terms: list[str]) -> list[Passage]:
    stems = {stem(t) for t in terms}
    return [p for p in passages if stems & {stem(t) for t in tokens(p.section + " " + p.text)}][:1]


COMPARE_SPLIT = re.compile(r"\s+(?:vs\.?|versus|or|and|with|to|against)\s+", re.I)
COMPARE_LEAD = re.compile(
    r"^(please\s+)?(can you\s+)?(compare|comparison of|difference between|differences between|"
    r"what('s| is| are) the differences? between|how does|how do|should i (pick|choose|go for|do|learn)|"
    r"which (is better|should i (pick|choose|learn|do))[:,]?)\s+",
    re.I,
)
COMPARE_TAIL = re.compile(
    r"\s+(compare|compares|stack up|differ)\b.*$|\s+(for (a )?(career|beginners?|me|jobs?)|in 2026|"
    r"(as a|for a) .*|which (is|one).*|what.*)$",
    re.I,
)


def _plain_words(text: str) -> str:
    """A subject is words: markup from the question (tags, Markdown, table pipes) never reaches a
    heading of the answer, where it would render as HTML or break the comparison table."""
    text = re.sub(r"<[^>]*>?", " ", text)
    return " ".join(re.sub(r"[^\w\s&+#/.'-]", " ", text).split())


def _clean_subject(part: str) -> str:
    part = _plain_words(part)
    part = re.sub(r"^(should|would|could|can|do|does|is|are|will)\b.*?\b(in|into|on|learn|study|pick|choose|go for|do)\s+",
                  "", part, flags=re.I)
    return re.sub(r"\s+(for|as|when)\s+.*$", "", part, flags=re.I).strip()


def compare_subjects(question: str) -> list[str]:
    fragments = [f.strip().rstrip(".!").strip() for f in re.split(r"\s[-–—]\s|[,;?]", question.strip())]
    fragments = [f for f in fragments if f]
    text = next((f for f in fragments if COMPARE_SPLIT.search(f)), fragments[0] if fragments else "")
    text = re.sub(r"\b(option [a-d])\s*:\s*", r"\1 ", text, flags=re.I)
    text = COMPARE_LEAD.sub("", text)
    text = COMPARE_TAIL.sub("", text)
    text = re.sub(r"\b(the|a|an)\s+", " ", text, flags=re.I)
    parts = [p.strip(" ,:;-") for p in COMPARE_SPLIT.split(text) if p and p.strip(" ,:;-")]
    parts = [_clean_subject(p) for p in parts]
    # "NLP & LLMs" stays one subject; drop fragments with no content word
    subjects = [p for p in parts if content_terms(p)]
    return subjects if len(subjects) >= 2 else ([_topic_phrase(question)] if content_terms(question) else [])


def _topic_phrase(text: str) -> str:
    words = [w for w in re.findall(r"[\w&+#/.-]+", text) if w.lower() not in STOPWORDS | GENERIC]
    return " ".join(words).strip(" ?.!")
