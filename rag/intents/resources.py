""""Any good courses for NLP?": the catalogue entries the roadmaps recommend for the topic and the
roadmaps' own resource lists, with their links; after a next-step question, those of the next stages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.answer_lines import asks_where_to_start
from rag.evidence import Evidence, EvidenceFinder, RoadmapPath, Swap
from rag.extractive import Composition, anchors, passage_lines
from rag.intents import next_step
from rag.intents.fact import first_stages
from rag.learner import learner_context
from rag.intents.base import IntentUnit
from rag.models import Passage, RoadmapStructure
from rag.retrieval import RetrievalFilter
from rag.text import content_terms, stem, tokens
from rag.topic_resources import (MAX_LINES, attested, entry_matches, recommended_by, topic_lines, topic_passages,
                                 topic_terms)

# Asking for learning material, whatever noun follows ("where can I learn SQL", "recommend a book").
REQUEST = re.compile(
    r"\b(where (can|do|should) i (learn|study|find|practice|start)|suggest(s|ed|ions?)? for|"
    r"(best|good|great) (place|way|site|source)s? to (learn|study|start|practice)|recommend(ed)? (a |any |some )?"
    r"(course|book|video|site|resource)|where to find data|"
    # "what should I read to learn about transformers?", "which paper should I read on LoRA?": reading
    # or watching asked for by topic is a request for material, whatever noun (or none) names it
    r"(?:what|which)(?:\s+[\w+#.-]+){0,2}?\s+(?:should|can|could|do|would|must)\s+(?:i|we)\s+(?:read|watch)|"
    r"what to (?:read|watch)|(?:reading|watch) list)\b",
    re.IGNORECASE,
)
# Nouns that also name a part of the curriculum ("the databases course", "the first course in core
# programming", "the dataset for my project"): a request only in a request's frame.
NAMED_NOUN = r"(?:courses?|(?:text)?books?|datasets?|data sets?)"
# "any good books", "a free course", "which course is best": a request whatever else the question says.
QUALIFIED = re.compile(
    rf"\b(?:any|some|good|great|best|top|free|paid|decent|useful|solid|recommended|other|more|few)\b"
    rf"(?:\s+[\w+#.-]+){{0,3}}?\s+{NAMED_NOUN}\b|\b{NAMED_NOUN}\s+(?:(?:is|are|would be)\s+)?(?:good|best|worth|recommended)\b",
    re.I,
)
# "the llm course", "this book", "my first year of the course": the noun names a thing, not a want.
DEFINITE = re.compile(
    rf"\b(?:the|this|that|these|those|my|your|its|their|our|each|every)\b"
    rf"(?:\s+(?!(?:for|to|on|about|in|of|with|and|or|that|which)\b)[\w+#.-]+){{0,3}}?\s+{NAMED_NOUN}\b"
    r"(?!\s+(?:for|on|about)\s+(?!(?:my|your|our|the|this|that|it)\b))",  # "the book for statistics" asks by topic
    re.I,
)
# "a good resource", "the best videos": material qualified as wanted, whatever else the question says.
QUALIFIED_MATERIAL = re.compile(
    r"\b(?:any|some|good|great|best|top|free|decent|useful|solid|recommended|other|more)\b(?:\s+[\w+#.-]+){0,2}?"
    r"\s+(?:resources?|tutorials?|playlists?|videos?|links?|materials?|docs|documentation|references)\b",
    re.I,
)
# "the textbook for deep learning theory": a course or book asked for by its topic.
BY_TOPIC = re.compile(rf"\b{NAMED_NOUN}\s+(?:for|on|about)\b", re.I)
RECOMMEND = re.compile(r"\b(recommend|suggest)\w*", re.I)
# Which one comes first, last, before or after: the curriculum's order, a next step or a fact.
ORDER = re.compile(r"\b(first|last|final|before|after|next|follows?|following|precedes?|order|sequence|comes?|came)\b", re.I)
LEVEL_WORDS = {"beginner", "beginners", "newbie", "novice", "complete", "absolute", "total", "scratch", "zero"}
EXACT = re.compile(r"\b(resources?|links?|references|tutorials?|playlists?|reading list|(suggest|recommend)(s|ed)? for)\b", re.I)
_MATERIAL = r"(?:resources?|tutorials?|playlists?|videos?|links?|materials?|docs|documentation)"  # nouns for material
RESOURCE_NOUN = re.compile(rf"\b{_MATERIAL}\b", re.I)
DEFINITION = re.compile(r"\bwhat(?:'s|s|\s+is|\s+are)\b|\bwhat does .{1,40}\b(?:mean|stand for)\b|\bdefine\b", re.I)
# A yes/no question about the learner or the course ("do i get a certificate...?", "can I use it
# offline?", "pytorch course - should i watch the videos or read the book?"): a fact, unless it also
# asks for material in words ("can i find videos for nlp?" names no video it already has).
YES_NO = re.compile(
    r"(?:^|[-\u2013\u2014:;,]\s*)\W*(?:and\s+|so\s+)?(?:do|does|did|will|would|can|could|should|is|are|am|was|were)"
    r"\s+(?:i|we|it|they|this|that|these|those|the|my)\b",
    re.I,
)
NAMED_MATERIAL = re.compile(
    rf"\b(?:the|this|that|these|those|its|their|your|my|our)\s+(?:[\w+#.-]+\s+){{0,2}}?{_MATERIAL}\b",
    re.I,
)
# A question about a property of a course or book (its length, effort, cost, whether it is required):
# a fact about it, not a request for a reading list ("how long is the X course?").
ATTRIBUTE = re.compile(
    r"\b(how (long|many (hours|weeks|months|days)|much time|hard|difficult)|do i (have|need) to|must i|"
    r"can i skip|is (it|that|this|the [\w+#. -]{1,40}?) (free|required|mandatory|necessary)|prerequisites?)\b",
    re.I,
)
# What the question asks, whatever noun it uses: a count ("how many lectures..."), whether one thing
# exists or goes with another ("is there a book that goes with..."; "are there courses for it?" asks
# for a list), what a stage contains ("which courses are in..."), or what a document says: facts.
COUNT = re.compile(r"\bhow many\b", re.I)
EXISTENCE = re.compile(
    r"^\W*(?:and\s+)?(?:is there (?:a|an|one)|does (?:it|this|that|the [\w+#.-]+(?: [\w+#.-]+){0,3}) (?:have|come with|include|use))"
    r"\b(?!.{0,40}\b(?:good|best|great|free|any|some|recommend\w*|more|other)\b)",
    re.I,
)
CONTENTS = re.compile(
    r"\b(?:which|what) (?:courses?|books?|lectures?|topics?|modules?) (?:are|is) (?:in|part of|included|listed|covered|taught)\b|"
    r"\bwhat (?:does|do) .{0,40}\b(?:say|cover|teach|contain|include)\b",
    re.I,
)
# The noun names what was finished or what comes in order, not what is wanted: "I finished the
# algebra playlist, what next?", "which playlist came right after that one?".
FINISHED_OR_ORDERED = re.compile(
    r"\b(?:finished|done with|completed|through with|watched|read)\b(?:\s+[\w'+#.-]+){0,5}?\s+"
    r"(?:playlists?|courses?|books?|lectures?|videos?|tutorials?)\b|"
    r"\b(?:which|what) (?:playlists?|courses?|books?|lectures?|videos?|tutorials?) (?:came|comes|come|is|was|goes|go) "
    r"(?:right |just |directly |immediately )?(?:after|next|before)\b",
    re.I,
)


def asks_a_fact(question: str) -> bool:
    """A count, an existence or a contents question: the resource noun is its subject, not a request."""
    if RESOURCE_NOUN.search(question) and EXACT.search(question) and not COUNT.search(question):
        return False  # "are there resources for X?" asks for the resources
    return bool(COUNT.search(question) or EXISTENCE.search(question) or CONTENTS.search(question))


def asks_in_words(question: str) -> bool:
    """The question asks for material outright: a request, a qualified course or book, "resources",
    "links", a recommendation, or a video or tutorial it does not already name."""
    return bool(EXACT.search(question) or REQUEST.search(question) or QUALIFIED.search(question)
                or RECOMMEND.search(question) or RESOURCE_NOUN.search(NAMED_MATERIAL.sub(" ", question)))


def requests_material(question: str) -> bool:
    """Learning material is wanted: a resource noun, a request, or a course, book or dataset in a
    request's frame ("courses for deep learning?", "any good books?"), not one the question names
    ("the llm course") or places in the curriculum's order ("which course comes first?")."""
    if RESOURCE_NOUN.search(question) or REQUEST.search(question) or QUALIFIED.search(question):
        return True
    mentioned = re.search(rf"\b{NAMED_NOUN}\b", question, re.I)
    if mentioned and RECOMMEND.search(question):
        return True  # "recommend me the course for it"
    unnamed = re.search(rf"\b{NAMED_NOUN}\b", DEFINITE.sub(" ", question), re.I)
    return bool(unnamed) and not ORDER.search(question)


RESOURCE_WORDS = {"resources", "resource", "courses", "course", "books", "book", "tutorials", "tutorial",
                  "playlists", "playlist", "videos", "video", "links", "link", "materials", "material",
                  "docs", "documentation", "free", "paid", "good", "best", "recommend", "recommended"}


@dataclass
class ResourcesEvidence:
    resources: list[Passage] = field(default_factory=list)  # catalogue entries
    context: list[Passage] = field(default_factory=list)  # the roadmaps' own resource lists
    paths: list[RoadmapPath] = field(default_factory=list)  # the next stages, for "resources for that?"
    focus: list[Passage] = field(default_factory=list)  # "where do I start?" with no topic: the first stages
    topic: list[Passage] = field(default_factory=list)  # roadmap lines about the topic the question names
    terms: list[str] = field(default_factory=list)  # that topic's words

    def groups(self) -> list[list[Passage]]:
        return [self.topic, self.resources, self.context,
                *(group for path in self.paths for group in path.groups()), self.focus]

    def covered(self) -> bool:
        return bool(self.paths or self.resources or self.topic)

    def rescore(self, swap: Swap) -> None:
        self.resources, self.context, self.focus = swap(self.resources), swap(self.context), swap(self.focus)
        self.topic = swap(self.topic)
        for path in self.paths:
            path.rescore(swap)


class Resources(IntentUnit):
    order = 30
    carried_by_follow_ups = True
    task = (
        "Task: recommend resources. Name only resources that appear in the passages (catalogue entries, "
        "whose section starts with 'Resources', and the roadmaps' own resource lists), with their exact "
        "names and links. One bullet per resource: name, link, what it is for, citation. Never invent a "
        "course, book, site or URL."
    )

    def detects(self, question: str) -> bool:
        if asks_a_fact(question):
            return False
        wanted = FINISHED_OR_ORDERED.sub(" ", question)
        if next_step.DETECT.search(question) and not RESOURCE_NOUN.search(wanted):
            return False  # "which course comes after X": the next stage, not a reading list
        if asks_where_to_start(question) and not (RESOURCE_NOUN.search(question) or QUALIFIED.search(question)):
            return False  # "where do I start in the bootcamp?": its first stage, not a reading list
        if ATTRIBUTE.search(question) and not RESOURCE_NOUN.search(question):
            return False
        if DEFINITION.search(question) and not (QUALIFIED.search(question) or QUALIFIED_MATERIAL.search(question)
                                                or BY_TOPIC.search(question)):
            return False  # "what is a transformer?"; "what are some good books for it?" still asks
        if YES_NO.search(question) and not asks_in_words(question):
            return False
        return requests_material(wanted)

    def certain(self, question: str) -> bool:
        return bool(EXACT.search(question)) and not DEFINITION.search(question) and self.detects(question)

    def gather(self, finder: EvidenceFinder, evidence: Evidence, k: int,
               structures: list[RoadmapStructure]) -> ResourcesEvidence:
        query = evidence.query
        found = ResourcesEvidence()
        anchor = next_step.focus_stage(query.focus, structures)
        # "resources for it?" on one roadmap: the stage in focus (after an answer that spanned several
        # roadmaps, the next stages of each, below)
        if anchor is not None and query.focus.alone and not query.focus.after and not _own_topic(query.question):
            part = finder.stage_evidence(*anchor)
            found.resources = part.resources[:8]
            found.context = [p for p in part.passages if "resource" in p.section.lower()]
            if found.resources or found.context:
                return found
        if query.subject and query.subject_intent == next_step.UNIT.name and not _own_topic(query.question):
            found.paths = finder.paths_after(query.subject, structures)
            for path in found.paths:  # the immediate next stage of each roadmap
                for part in path.following[:1]:
                    found.resources += part.resources[:4]
                    found.context += [p for p in part.passages if "resource" in p.section.lower()]
            if found.resources or found.context:
                return found
        topic = query.question if _own_topic(query.question) else query.query
        terms = topic_terms(topic, finder.targeter, structures)  # without the words that name a roadmap
        context = learner_context(query.question)
        if asks_where_to_start(query.question) and (context or not [t for t in terms if t not in LEVEL_WORDS]):
            found.focus = first_stages(finder, structures, context)  # the default intent answers
            return found
        stems = {stem(t) for t in terms}
        # a question that names one roadmap wants what that roadmap recommends, not a neighbour's links
        named = structures[0] if evidence.scope is not None and len(structures) == 1 else None
        searched = finder.retriever.search(" ".join(terms) or topic, filter=RetrievalFilter(kind="resource"),
                                           k=k * (4 if named else 2))
        searched = [p for p in searched if named is None or recommended_by(p, named)]
        located: list[Passage] = []  # the resources of the stages the topic names
        for match in finder.locate(structures, " ".join(terms), min_score=2.0):
            stage_part = finder.stage_evidence(match.roadmap, match.stage)
            known = {p.chunk_id for p in located}
            located += [p for p in stage_part.resources
                        if p.chunk_id not in known and (named is None or recommended_by(p, named))]
            found.context += [p for p in stage_part.passages if "resource" in p.section.lower()]
        stems = attested(stems, [*evidence.ranked, *searched, *located])
        terms = [t for t in terms if stem(t) in stems]  # not a handle only a URL has ("jwasham")
        scored = [(entry_matches(p, stems), p) for p in searched]  # the entries about the most topic words first
        matching = [p for n, p in sorted(scored, key=lambda item: -item[0]) if n]
        known = {p.chunk_id for p in matching}
        matching += [p for p in located if p.chunk_id not in known]
        if not found.context:
            found.context = [
                p for p in evidence.ranked if p.kind == "roadmap" and "resource" in p.section.lower()
                and stems & {stem(t) for t in tokens(p.section + " " + p.text)}
            ][:2]
        found.resources = matching[:8]
        found.terms = terms
        found.topic = topic_passages(finder.retriever.search, evidence.ranked, terms, evidence.scope, k)[:2]
        return found

    def compose(self, composition: Composition) -> str:
        payload = composition.evidence.payload
        if not isinstance(payload, ResourcesEvidence) or not (payload.resources or payload.context or payload.topic):
            return ""
        book = composition.book
        lines = ["Resources the roadmaps recommend:"]
        stems = attested({stem(t) for t in payload.terms}, payload.topic)  # not a word only a URL says
        for passage in payload.topic:  # the roadmap's own lines about the topic, before any catalogue entry
            about = topic_lines(passage, stems)[:MAX_LINES]
            where = passage.section.split(" > ")[-1]
            lines.append(f"- In *{passage.title}*, {where}: {'; '.join(about)} {book.cite(passage)}")
            for anchor in anchors(passage):
                if any(anchor["text"] in line for line in about):
                    composition.link(anchor["text"], passage, anchor["url"])
        listed: set[str] = set()
        for passage in payload.resources:
            title = passage.section.split(" > ")[-1]
            if title.lower() in listed:  # one line per title ("Textbook resources" linked twice)
                continue
            listed.add(title.lower())
            details = known_details(passage.resource_kind, passage.cost)
            label = f"**[{title}]({passage.url})**" if passage.url else f"**{title}**"
            owner = _owner(passage, title)
            label += f" for {owner}" if owner else ""
            lines.append(f"- {label}{f' ({details})' if details else ''}: {_why(passage, title)} {book.cite(passage)}")
            composition.link(title, passage)
        for passage in payload.context[:3]:
            found = [a["text"] for a in anchors(passage)] or passage_lines(passage)[:4]
            where = passage.section.split(" > ")[0]
            lines.append(f"- In *{passage.title}*, {where} lists: {', '.join(found[:6])} {book.cite(passage)}")
            for anchor in anchors(passage):
                composition.link(anchor["text"], passage, anchor["url"])
        return "\n".join(lines) if len(lines) > 1 else ""

    def prompt_groups(self, evidence: Evidence) -> list[list[Passage]]:
        payload = evidence.payload
        if not isinstance(payload, ResourcesEvidence):
            return []
        return [payload.resources, payload.context, *(part.resources for path in payload.paths for part in path.following)]


def known_details(kind: str | None, cost: str | None) -> str:
    """"course, free": a resource's kind and cost, each only when known."""
    return ", ".join(x.replace("-", " ") for x in (kind, cost) if x and x.lower() != "unknown")


def _owner(passage: Passage, title: str) -> str:
    """What a link named in brackets belongs to: "Textbook resources" in "Statistical Learning with
    Python by Stanford University on EdX (Textbook, Textbook resources)" is that course's."""
    bracket = re.compile(rf"([^()]+?)\s*\((?:[^()]*,\s*)?{re.escape(title)}(?:\s*,[^()]*)?\)", re.I)
    for line in passage_lines(passage)[1:]:
        found = bracket.search(line)
        if found:
            owner = re.split(r"\s(?:or|and)\s|[;,:]\s", found.group(1))[-1].strip()
            return owner if 1 < len(owner.split()) <= 12 else ""
    return ""


def _why(passage: Passage, title: str) -> str:
    """What a catalogue entry is for, in one sentence that does not repeat its title: its own
    description, else where the roadmaps recommend it (a line that names the resource among others
    says nothing about this one)."""
    facts = passage_lines(passage)
    for line in facts[1:]:
        if line.startswith(("Topics:", "Recommended in:", "Link:")) or title.lower() in line.lower():
            continue
        return re.split(r"(?<=[.!?])\s", line)[0]
    where = next((line.removeprefix("Recommended in:").strip() for line in facts if line.startswith("Recommended in:")), "")
    return f"recommended in {where.rstrip('.')}" if where else "listed in the roadmaps"


def _own_topic(question: str) -> bool:
    words = [t for t in content_terms(question) if t not in RESOURCE_WORDS]
    return bool(words) and not re.search(r"\b(that|those|these|them|it)\b", question, re.I)


UNIT = Resources()
