"""What a follow-up is about: the roadmap and the stage the conversation is on.

The history is role + content text, over the command line, the HTTP API and MCP alike, so the focus
is re-derived from that text, turn by turn, with the cheap structure lookups (roadmap targeting,
stage location): each user turn's target comes from its own words and the focus before it
("and after that one?" moves along the roadmap, "what about X?" looks for X in the same roadmap,
"in the data science one, ..." switches roadmap). The assistant's answer to a turn only chooses among
the index's own stages and roadmaps (the stage it led with, when the turn's words did not pin one):
text in an assistant turn can pick a stage, never words to search for.
"""

from __future__ import annotations

import re
import weakref
from typing import TYPE_CHECKING

from rag.scope_types import asks_outcome
from rag.answer_lines import ORDERED_UNIT, asks_before_start, asks_where_to_start
from rag.ellipsis import elliptic
from rag.focus_answers import AnswerNames, focus_at as _focus
from rag.models import RoadmapStructure
from rag.ordinals import LIST_NOUNS, ORDINAL, ORDINALS
from rag.query import ConversationFocus, StandaloneQuery
from rag.rewrite import ABOUT, ASKS, PRONOUN, rewrite
from rag.roadmap import PARALLEL_GROUPS, StageMatch, last_stage, named_parts, next_stages
from rag.targeting import PART_WORDS
from rag.text import content_terms, stem

if TYPE_CHECKING:  # pragma: no cover
    from rag.evidence import EvidenceFinder

NEXT_STEP = "next_step"
COMPARE = "compare"
# Intents that read the earlier turns themselves: a comparison carries both subjects (they may sit in
# different roadmaps), a plan re-plans from the earlier request.
READS_THE_CONVERSATION = {"compare", "plan"}
BEFORE = re.compile(r"\b(before|previous|preceding|prior to|comes? first)\b", re.I)
# An ordinal that points into a list ("the second one", "the last option"), not into a named part.
LISTED = re.compile(r"\bthe (" + "|".join(ORDINALS) + r") (" + LIST_NOUNS + r")\b", re.I)
# Words that point back at the earlier subject: the question's own words do not replace it.
BACK_REFERENCE = re.compile(r"\b(it|its|that|this|those|these|them|there|the same|either|both|which one|the other|"
                            r"each|every|the (?:first|second|third|last|next|previous) (?:one|two|three|ones))\b", re.I)
FOLLOW_WORDS = {"specifically", "instead", "about", "more", "else", "too", "either", "then", "again", "other", "another",
                "meant", "mean", "sorry", "actually"}
# "what about in the other roadmap?": the roadmap the conversation is not on.
OTHER = re.compile(r"\b(the )?other (one|road ?map|track|curriculum|course|guide|path|program)\b|\banother (road ?map|track|"
                   r"curriculum|guide|path|program)\b", re.I)
# best first; whether the turn's words (or the conversation) pinned a stage; whether it asks to pick one
Candidates = tuple[list[ConversationFocus], bool, bool]
UNIT_WORD = re.compile(ORDERED_UNIT, re.I)  # what a part is made of ("lessons", "courses"): names no part
SELECTS = re.compile(r"\bwhich\b", re.I)  # "which of the Q4 tracks ...?": the answer's lead is the pick


class FocusResolver:
    """Resolves foci over one index snapshot's structure (its lookups are built once per finder)."""

    def __init__(self, finder: "EvidenceFinder"):
        self.finder = finder
        self.roadmaps = {r.doc_id: r for r in finder.structures}
        self.names = AnswerNames(finder.structures, finder.sections)
        self._vocabulary: frozenset[str] | None = None

    @property
    def vocabulary(self) -> frozenset[str]:
        """The stems of every word the index's passages use (built on first use)."""
        if self._vocabulary is None:
            self._vocabulary = frozenset(stem(t) for p in self.finder.passages for t in content_terms(f"{p.section} {p.text}"))
        return self._vocabulary

    def carried(self, query: StandaloneQuery) -> StandaloneQuery:
        """The query without the earlier turn's words when most of them are in no passage: a turn
        about something the roadmaps do not cover ("the weather in Paris") carries no topic, only
        noise. A covered turn keeps all its words (an abbreviation like "prereqs" still helps)."""
        if not query.subject or not query.query.startswith(query.question):
            return query
        words = content_terms(query.query[len(query.question):])
        kept = [w for w in words if stem(w) in self.vocabulary]
        if len(kept) * 2 >= len(words):
            return query
        return query.model_copy(update={"query": " ".join([query.question, *kept])})

    # -- the public steps ------------------------------------------------------------------------
    def resolve(self, query: StandaloneQuery, history: list[dict[str, str]]) -> ConversationFocus | None:
        """The focus of a follow-up (None for a question that stands on its own, or a conversation
        whose earlier turns are about nothing in the index)."""
        if query.injection or not query.subject or query.intent in READS_THE_CONVERSATION:
            return None
        previous = self.conversation(history)
        if previous is None:  # no stage or roadmap settled, but the turn may still leave the earlier one's
            return self.switched_to(query)
        listed = self.listed(query.question, history, previous)
        if listed is not None:
            return listed
        candidates, _, _ = self.candidates(query, previous)
        return candidates[0] if candidates else None

    def switched_to(self, query: StandaloneQuery) -> ConversationFocus | None:
        """The roadmap a follow-up names when the earlier question named another one ("which seminar
        goes with X in practical rl?", then "and in the practicalAI notebooks, anything on RL?")."""
        if len(self.roadmaps) < 2:
            return None
        named, earlier = self.finder.named_roadmap(query.question), self.finder.named_roadmap(query.subject)
        if named is None or earlier is None or named.doc_id == earlier.doc_id:
            return None
        return ConversationFocus(doc_id=named.doc_id, alone=True, switched=True)

    def conversation(self, history: list[dict[str, str]]) -> ConversationFocus | None:
        """What the last answer of `history` was about, replaying its turns in order."""
        focus: ConversationFocus | None = None
        seen: list[dict[str, str]] = []
        pending: Candidates | None = None
        for turn in history:
            if turn.get("role") == "user":
                if pending is not None:
                    focus = self.about(self.settle(pending, ""))
                pending = self.candidates(rewrite(turn.get("content", ""), seen), focus)
            elif pending is not None:
                focus = self.about(self.settle(pending, turn.get("content", "")))
                pending = None
            seen.append(turn)
        if pending is not None:
            focus = self.about(self.settle(pending, ""))
        return focus

    def listed(self, question: str, history: list[dict[str, str]], previous: ConversationFocus) -> ConversationFocus | None:
        """"the second one", "the last option": the n-th of the stages the last answer listed (in its
        order, names the index has), when it listed two or more of the conversation's roadmap."""
        ordinal = LISTED.search(question)
        if ordinal is None or not history or history[-1].get("role") != "assistant":
            return None
        stages: list[ConversationFocus] = []
        for found in self.names.answer_stages(history[-1].get("content", ""), {previous.doc_id}):
            if found.stage_index is not None and all(s.stage_index != found.stage_index for s in stages):
                stages.append(found)
        position = ORDINALS[ordinal.group(1).lower()]
        if len(stages) < 2 or position >= len(stages):
            return None
        return stages[position].model_copy(update={"alone": previous.alone, "carried": True})

    def apply(self, query: StandaloneQuery, focus: ConversationFocus | None, lead: str, *,
              model_written: bool) -> StandaloneQuery:
        """The query with its focus. A bare follow-up searches for the stage in focus by name (then the
        earlier subject's words); a follow-up with words of its own and no word pointing back searches
        for its words alone (the roadmap stays as scope); "it" is the stage in focus, else `lead`, the
        heading the last answer led with when the index has it. A query a model wrote keeps its words."""
        staged = focus is not None and focus.stage_index is not None and not focus.after and not focus.parts
        part = " ".join(focus.parts) if focus is not None and focus.parts and not focus.after else ""  # "it": the part
        about = focus.stage_title if staged else part or (lead if query.subject and PRONOUN.search(query.question) else "")
        update: dict = {"focus": focus, "about": about, "led": lead if query.subject else ""}
        if model_written or focus is None and not about or not query.subject:
            return query.model_copy(update=update)
        own = "" if elliptic(query.question) else self.own_words(query.question, self.roadmaps.get(focus.doc_id) if focus else None)
        pointed = focus is not None and focus.carried and not focus.after  # "the second one": a stage, not words
        if focus is not None and focus.switched and own:  # its own question, of another roadmap: not the old topic
            update["query"] = query.question
        elif focus is not None and (not own or pointed) and focus.stage_title and not focus.parts:
            update["query"] = f"{query.question} {focus.stage_title}{query.query[len(query.question):]}"
        elif focus is not None and own and not BACK_REFERENCE.search(query.question):
            update["query"] = f"{query.question} {self.asked(query, focus)}".strip()
        elif about and (PRONOUN.search(query.question) or staged and BACK_REFERENCE.search(query.question)):
            # "what is covered in it?", "why is that important?": it is that stage
            update["query"] = f"{query.question} {about}{query.query[len(query.question):]}"
        elif focus is not None and "query" not in update:  # "and for the CS one?", "no, I meant the other roadmap"
            earlier = self.finder.named_roadmap(query.subject) if len(self.roadmaps) > 1 else None
            if earlier is not None and earlier.doc_id != focus.doc_id:  # the earlier ask, not the earlier roadmap's name
                words = content_terms(self.finder.targeter.without_names_kept_words(query.subject, earlier))
                update["query"] = " ".join([query.question, *dict.fromkeys(words)])
        return query.model_copy(update=update)

    def compared(self, query: StandaloneQuery, history: list[dict[str, str]]) -> StandaloneQuery:
        """A comparison reads its sides itself, but one side of "compare it with CV" or "how does that
        compare with step 8?" is in the conversation: the stage the last answer was about (`about`),
        never the words of the earlier question, which may name the stage a next-step answer left."""
        previous = None
        if query.subject and not query.injection and BACK_REFERENCE.search(query.question):
            previous = self.conversation(history)
        staged = previous is not None and previous.stage_index is not None and not previous.parts and not previous.after
        if staged and query.subject_intent != NEXT_STEP:  # the earlier question named a thing in the stage ("dpo"): it
            title = {stem(t) for t in content_terms(previous.stage_title)}
            staged = all(stem(t) in title for t in content_terms(self.own_words(query.subject, self.roadmaps[previous.doc_id])))
        if not staged:
            return query.model_copy(update={"about": ""})
        # the stage is named by its roadmap too: another roadmap may have a stage of the same title ("SQL");
        # not `alone`, since the other side may be in another roadmap
        return query.model_copy(update={"about": previous.stage_title, "focus": previous.model_copy(update={"alone": False})})

    def asked(self, query: StandaloneQuery, focus: ConversationFocus) -> str:
        """What an elliptical follow-up ("and the deep learning one?", "what about NLP?") still asks
        of the earlier question: its words that do not name a stage or the roadmap ("how long")."""
        if ASKS.search(ABOUT.sub(" ", query.question)):
            return ""  # the follow-up asks its own question
        roadmap = self.roadmaps.get(focus.doc_id)
        named = {stem(t) for s in (roadmap.stages if roadmap else []) for t in content_terms(s.title)}
        text = self.finder.targeter.without_names_kept_words(query.subject, roadmap) if roadmap else query.subject
        return " ".join(t for t in content_terms(text) if stem(t) not in named)

    def lead(self, history: list[dict[str, str]]) -> str:
        return self.names.lead(history)

    # -- one turn --------------------------------------------------------------------------------
    def candidates(self, query: StandaloneQuery, previous: ConversationFocus | None) -> Candidates:
        """This turn's target from its own words and the focus before it, best first."""
        selects = bool(SELECTS.search(query.question))
        if query.injection:
            return ([previous] if previous else []), True, False
        structures = self.finder.structures
        named = self.finder.named_roadmap(query.question) if len(structures) > 1 else None
        if named is None and previous is not None and query.subject and OTHER.search(query.question):
            others = [r for r in structures if r.doc_id != previous.doc_id]
            named = others[0] if len(others) == 1 else None  # of three or more, "the other" names none
        after = query.intent == NEXT_STEP
        if query.subject and previous is not None and (named is None or named.doc_id == previous.doc_id):
            roadmap = self.roadmaps[previous.doc_id]
            alone = previous.alone or named is not None
            own = self.own_words(query.question, roadmap)
            if not own:  # "and after that one?", "tell me more", "resources for it?"
                return [self.moved(previous, roadmap, query.question, after).model_copy(update={"alone": alone})], True, selects
            names_nothing = elliptic(query.question)  # "for how long tho?": of the stage in focus, asked its own way
            found = [] if names_nothing else self.locate([roadmap], own, after)
            if not found and (names_nothing or BACK_REFERENCE.search(query.question)):  # "a book for it?": that stage,
                kept = self.moved(previous, roadmap, query.question, after)  # but its own words say what to look for
                return [kept.model_copy(update={"alone": alone, "carried": False})], True, selects
            elsewhere = [] if found or named is not None else self.elsewhere(roadmap, own, after)
            if elsewhere:  # "and the segmentation stage?": a stage of another roadmap, and of this one none
                return elsewhere, True, selects
            return _alone(found or [ConversationFocus(doc_id=roadmap.doc_id, after=after)], alone), bool(found), selects
        roadmaps = [named] if named else structures
        own = self.own_words(query.question, named) if named else query.question
        found = self.locate(roadmaps, own, after) if content_terms(own) else []
        switched = {"switched": bool(query.subject and previous and named)}  # the turn names another roadmap
        if found:
            alone = named is not None or len({f.doc_id for f in found}) == 1 or len(structures) == 1
            if asks_where_to_start(query.question) and not asks_before_start(query.question):
                switched["parts"] = []  # "where do I start the scientist path?": its first stage, not the whole part
            return [f.model_copy(update=switched) for f in _alone(found, alone)], True, selects
        return ([ConversationFocus(doc_id=named.doc_id, after=after, alone=True, **switched)] if named else []), False, selects

    def own_words(self, question: str, roadmap: RoadmapStructure | None) -> str:
        """The question's words that name a subject: not the roadmap's names, not follow-up filler."""
        text = self.finder.targeter.without_names_kept_words(question, roadmap) if roadmap is not None else question
        return " ".join(t for t in content_terms(text) if t not in FOLLOW_WORDS)

    def elsewhere(self, roadmap: RoadmapStructure, own: str, after: bool) -> list[ConversationFocus]:
        """The stages of the other roadmaps whose titles the words name, when no stage of `roadmap` has
        even one of them in its topics: the follow-up has moved to another roadmap without naming it."""
        others = [r for r in self.finder.structures if r.doc_id != roadmap.doc_id]
        if not others or self.finder.locate([roadmap], own, min_score=1.0):
            return []
        found = self.locate(others, own, False)
        alone = len({f.doc_id for f in found}) == 1
        return [f.model_copy(update={"alone": alone, "switched": True, "after": after}) for f in found]

    def moved(self, focus: ConversationFocus, roadmap: RoadmapStructure, question: str, after: bool) -> ConversationFocus:
        """The same stage ("tell me more"), the stage before it ("and before it?"), or what follows it."""
        stage = roadmap.stage(focus.stage_index) if focus.stage_index is not None else None
        if stage is None:
            return focus.model_copy(update={"after": after})
        if focus.parts and after:  # "what comes after them?" (a part's courses): from the part's end
            stage = last_stage(roadmap, focus.parts) or stage
        elif BEFORE.search(question) and not after and not asks_before_start(question):  # "before starting it?": its own prerequisites
            sequence = [s for s in roadmap.stages if s.index < stage.index and s.group not in PARALLEL_GROUPS]
            stage = sequence[-1] if sequence else stage
        elif not after:
            return focus.model_copy(update={"carried": True})  # the same stage (or part)
        return _focus(roadmap, stage, after=after).model_copy(update={"carried": True})

    def locate(self, roadmaps: list[RoadmapStructure], text: str, after: bool) -> list[ConversationFocus]:
        """The stages the words name: where a next-step question stands (as its evidence finds it);
        an ordinal in a named part ("the first course in core programming"); else the stages whose
        title has a word of it, best first."""
        if after:
            matches = [m for m in (self.finder.position_in(r, text) for r in roadmaps if r.stages) if m is not None]
            matches.sort(key=lambda m: -m.score)
            return [_focus(m.roadmap, m.stage, after=True) for m in matches]
        ordinal = ORDINAL.search(text)
        if ordinal:
            found = [f for f in (_nth(r, text, ORDINALS[ordinal.group(1).lower()], len(roadmaps) == 1) for r in roadmaps) if f]
            if found:
                return found
        named = [f for f in (_part(r, text) for r in roadmaps) if f]
        if named:
            return named
        matches = self.finder.locate(roadmaps, text, min_score=3.0)
        return [_focus(m.roadmap, m.stage) for m in matches]

    def settle(self, candidates: Candidates, answer: str) -> ConversationFocus | None:
        """The turn's focus once its answer is known: among the candidates, the one the answer led
        with; when the turn's words did not pin a stage, or asked to pick one of the stage's options
        ("which of the Q4 tracks ...?"), the stage the answer led with."""
        found, pinned, selects = candidates
        led = self.names.answer_stages(answer, {f.doc_id for f in found} or None)
        if not found:  # what the answer led with, unless it led with a section that is no stage
            led = self.names.answer_stages(answer, None, lead=True)
            return led[0].model_copy(update={"alone": len(self.roadmaps) == 1}) if led else None
        best = next((f for head in led for f in found if f.doc_id == head.doc_id), found[0])
        lead = self.names.first_heading(answer, best.doc_id)
        lead = lead.model_copy(update={"alone": best.alone}) if lead is not None else None
        if not pinned or best.stage_index is None:
            return lead or best
        if selects and lead is not None and lead.stage_index in self.nested(best):
            return lead
        return best

    def about(self, focus: ConversationFocus | None) -> ConversationFocus | None:
        """What the answer to a focus was about: a next-step answer is about the stage that follows."""
        if focus is None or not focus.after or focus.stage_index is None:
            return focus
        roadmap = self.roadmaps[focus.doc_id]
        stage = roadmap.stage(focus.stage_index)
        following = next_stages(StageMatch(roadmap, stage, 1.0), 1) if stage else []
        if not following:
            return focus.model_copy(update={"after": False})
        return _focus(roadmap, following[0]).model_copy(update={"alone": focus.alone})

    def nested(self, focus: ConversationFocus) -> set[int]:
        """The stages nested inside the focus stage (the options a quarter offers)."""
        roadmap = self.roadmaps[focus.doc_id]
        stage = roadmap.stage(focus.stage_index) if focus.stage_index is not None else None
        if stage is None:
            return set()
        return {p.stage_index for p in self.finder.stage_evidence(roadmap, stage).options if p.stage_index is not None}


def _alone(found: list[ConversationFocus], alone: bool) -> list[ConversationFocus]:
    return [f.model_copy(update={"alone": alone}) for f in found]


def _part(roadmap: RoadmapStructure, text: str) -> ConversationFocus | None:
    """The part the words name and nothing more ("the core theory courses"): its first stage, with
    the part kept, so "what comes after them?" starts from the part's end."""
    terms = [t for t in content_terms(text) if not PART_WORDS.fullmatch(t) and not UNIT_WORD.fullmatch(t)]  # "the nlp lessons"
    parts, naming = named_parts(roadmap, {stem(t) for t in terms})
    if not parts or [t for t in terms if stem(t) not in naming]:
        return None
    stages = [s for s in roadmap.stages if s.group in parts]
    return _focus(roadmap, stages[0]).model_copy(update={"parts": parts}) if stages else None


def _nth(roadmap: RoadmapStructure, text: str, ordinal: int, alone: bool) -> ConversationFocus | None:
    """The ordinal-th stage of the part the words name ("the first course in core programming"), or
    of the roadmap's main sequence when it is the only roadmap in question."""
    parts, _ = named_parts(roadmap, {stem(t) for t in content_terms(text)})
    if parts:
        stages = [s for s in roadmap.stages if s.group in parts]
    elif alone and roadmap.stages:
        stages = [s for s in roadmap.stages if s.group == roadmap.stages[0].group]
    else:
        return None
    if not stages or ordinal >= len(stages):
        return None
    return _focus(roadmap, stages[ordinal])


_RESOLVERS: "weakref.WeakKeyDictionary[EvidenceFinder, FocusResolver]" = weakref.WeakKeyDictionary()


def resolver_for(finder: "EvidenceFinder") -> FocusResolver:
    """One resolver per index snapshot (its lookups are built on first use)."""
    resolver = _RESOLVERS.get(finder)
    if resolver is None:
        resolver = _RESOLVERS[finder] = FocusResolver(finder)
    return resolver


def focused(query: StandaloneQuery, history: list[dict[str, str]], finder: "EvidenceFinder", *,
            model_written: bool = False) -> StandaloneQuery:
    """`query` with the focus the conversation gives it (the one entry point the advisor calls)."""
    resolver = resolver_for(finder)
    if not model_written:
        query = resolver.carried(query)
    focus = resolver.resolve(query, history)
    if focus is not None and asks_outcome(query.question):  # "what careers after finishing?": the roadmap, not a stage
        focus = focus.model_copy(update={"stage_index": None, "stage_title": "", "after": False, "carried": False})
    query = resolver.apply(query, focus, resolver.lead(history), model_written=model_written)
    return resolver.compared(query, history) if query.intent == COMPARE else query
