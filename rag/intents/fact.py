"""A direct question ("What is in Step 3?", "How long is Q2?"): the default intent. The answer is
the lines that best answer it, from the stage the question names or the best search results
(gathered in rag.fact_evidence, composed in rag.fact_lines)."""

from __future__ import annotations

import re

from rag.answer_lines import OPENING_LABEL, asks_before_start, asks_where_to_start, cues, start_topic
from rag.ellipsis import inherits, meaning_text
from rag.evidence import Evidence, EvidenceFinder
from rag.extractive import Composition
from rag.fact_evidence import (FactEvidence, about_whole, defined_acronyms, first_stages, focus, start_passages, start_roadmaps, headed_answer, labelled,
                               names_only_its_stage, nearby, stage_focus, typed_search)
from rag.fact_lines import fact_lines, options_lines
from rag.intents.base import IntentUnit
from rag.intents.next_step import focus_stage
from rag.learner import assumption_note, learner_context, without_claims, without_quantities
from rag.start_skips import skipped_note, start_skips
from rag.models import RoadmapStructure
from rag.part_answer import first_of_part, named_part, part_lines, roadmap_members
from rag.retrieval import RetrievalFilter
from rag import coverage, roadmap_sides, roadmap_time
from rag.targeting import ROADMAP_WORDS

__all__ = ["UNIT", "Fact", "FactEvidence", "first_stages"]

CLOSEST = "What it says nearest to that"  # the lines after "it does not mention X"
ALSO = "Also in the roadmaps"  # the lines after each roadmap's own side
ALSO_SAYS = "What else it says"  # the lines after "Yes" and the line that names what was asked
# "how long does it take?" with the conversation on a stage: "it" is that stage, not the whole roadmap.
POINTS_BACK = re.compile(r"\b(it|that|this|them|those|these)\b", re.I)
OPTIONS_QUESTION = re.compile(r"\b(options|choices|speciali[sz]ations|which specialties|what can i specialise)\b", re.I)


class Fact(IntentUnit):
    order = 90
    default = True
    task = "Task: answer the question directly in a few sentences or bullets, citing a passage after each."

    def detects(self, question: str) -> bool:
        return True

    def certain(self, question: str) -> bool:
        """"Where do I start?" is answered from the first stages, here: no other intent's examples
        take it (a next step needs a stage the learner is on)."""
        return asks_where_to_start(question)

    def gather(self, finder: EvidenceFinder, evidence: Evidence, k: int,
               structures: list[RoadmapStructure]) -> FactEvidence:
        query = evidence.query
        if sum(p.kind == "roadmap" for p in evidence.ranked) < 3:
            known = {p.chunk_id for p in evidence.ranked}
            more = finder.retriever.search(query.query, filter=evidence.scope or RetrievalFilter(kind="roadmap"), k=k)
            evidence.ranked += [p for p in more if p.chunk_id not in known and p.kind == "roadmap"]
        payload = FactEvidence(focus=[])
        roadmaps = roadmap_sides.named_roadmaps(finder, query.question)
        if roadmaps:  # "which one teaches deep learning, roadmap A or roadmap B?": each from its own, first
            payload.compared = roadmap_sides.compare_roadmaps(finder, query.question, roadmaps)
        # "does the robotics roadmap cover kubernetes?" where none of its passages names it: said first
        only = structures[0] if len(structures) == 1 else None
        payload.absent = coverage.absent(finder, query.question, only)
        # ... and where one does, the line that names it, said first ("Yes: ...")
        payload.present = None if payload.absent else coverage.present(finder, query.question, only, evidence.ranked)
        anchor = focus_stage(query.focus, structures)
        asked = meaning_text(query)  # an elliptic follow-up ("for how long tho?") asks of the earlier topic
        # how long the whole roadmap takes (the stage the conversation is on only without "whole")
        timed = roadmap_time.asks_whole_time(asked, structures, finder.targeter.without_names)
        if timed and (anchor is None or roadmap_time.SAYS_WHOLE.search(query.question)):
            payload.times = [roadmap_time.roadmap_time(finder, roadmap) for roadmap in timed]
            payload.focus, payload.whole = [p for t in payload.times for p in t.passages()], True
            return payload
        # the stage the conversation is on ("tell me more", "and before it?", "a book for it?")
        if anchor is not None and query.focus.carried and not query.focus.after and not query.focus.parts:
            part = finder.stage_evidence(*anchor)
            payload.focus, payload.anchored = stage_focus(part, query.question), True
            return payload
        payload.part = roadmap_members(finder, query.question, structures)
        if payload.part is not None:  # "what are the steps of the Gen AI roadmap?"
            payload.focus = [*payload.part.intro, *(child.passage for child in payload.part.children)]
            return payload
        on_stage = anchor is not None and bool(query.subject) and bool(POINTS_BACK.search(query.question))
        if cues(query.question) and not on_stage:  # "how long does the OSSU CS curriculum take?"
            payload.focus = about_whole(finder, asked, structures)
            payload.whole = bool(payload.focus)
        if payload.whole:  # the words that name the roadmap, or say "a roadmap", name every line of it
            named = structures[0] if evidence.scope is not None and len(structures) == 1 else None
            payload.query = ROADMAP_WORDS.sub(" ", finder.targeter.without_names(query.query, named)
                                              if named is not None else query.query)
        switched = query.subject and len(structures) == 1  # a follow-up on one roadmap: its name names no stage
        own = () if inherits(query) else (query.question,)  # an elliptic turn's words name nothing to focus on
        starts = asks_where_to_start(query.question)
        # "road to ml" names the roadmap, not its "Machine Learning Basics" stage: the roadmaps the
        # question calls by name are left out of the words that find a stage and weigh its lines
        called = [r for r in structures[:3] if finder.targeter.says_name(query.question, r)]
        if called and not payload.whole:
            unnamed = payload.query or query.query
            for roadmap in called:  # the asked words as written: "computer vision" is two words a line has
                unnamed = finder.targeter.without_names_kept_words(unnamed, roadmap)
            payload.query = unnamed
        first: list = []  # "which math course first?": the named part's first stage, said as where to start
        for text in (*own, query.about, query.subject) if not payload.whole else ():
            text = finder.targeter.without_names_kept_words(text, structures[0]) if switched and text == query.question else text
            if called and text == query.question and not starts:
                for roadmap in called:
                    text = finder.targeter.without_names_kept_words(text, roadmap)
            if starts and text == query.question:  # "where do I start with deep learning?": its topic, if it names one
                text = start_topic(without_claims(text))
                for roadmap in structures[:3]:  # nor the words that name the roadmap
                    text = finder.targeter.without_names_kept_words(text, roadmap)
            # "which math course do I take first?": the first stage of the part it names, not of the roadmap
            first = first_of_part(finder, text, structures) if starts and text != query.question else []
            payload.focus = first or (focus(finder, without_quantities(text), structures, query.question) if text else [])
            if payload.focus:
                break
        payload.named = bool(payload.focus) and names_only_its_stage(query.question, payload.focus)
        payload.part = None if payload.whole or first else named_part(finder, query.question, structures, evidence.ranked,
                                                             payload.focus)
        if payload.part is not None:
            payload.focus = [*payload.part.intro, *(child.passage for child in payload.part.children)]
            return payload
        # "how long does that take?" of the stage the conversation is on: named by pointing back at it
        pointed = anchor is not None and (on_stage or inherits(query)) and {
            (p.doc_id, p.stage_index) for p in payload.focus} == {(anchor[0].doc_id, anchor[1].index)}
        untimed = roadmap_time.untimed_stage(query.question, payload.focus, structures, payload.named or pointed)
        if untimed is not None:  # "how long is Q2?" when Q2 gives no time: said so, with what the roadmap gives
            payload.times = [roadmap_time.roadmap_time(finder, untimed[0], asked=untimed[1])]
            known = {p.chunk_id for p in payload.focus}
            payload.focus += [p for p in payload.times[0].passages() if p.chunk_id not in known]
            return payload
        if not payload.focus and starts:
            roadmaps, context = start_roadmaps(structures, evidence.ranked), learner_context(query.question)
            payload.focus = start_passages(finder, roadmaps, context, before=asks_before_start(query.question))
            payload.skipped = start_skips(finder, roadmaps, context) if payload.focus else []
            if payload.skipped:  # lines are weighed by what the learner asks, not by what they say they know
                payload.query = without_claims(query.query)
        if cues(query.question):  # a duration, a figure or a book often sits in a sibling section
            payload.nearby = nearby(finder, evidence.ranked, payload.focus)
            payload.nearby += typed_search(finder, evidence, payload)
        known = {p.chunk_id for p in [*payload.focus, *payload.nearby, *evidence.ranked]}
        payload.nearby += labelled(finder, query.question, known)  # the list a list question names
        known |= {p.chunk_id for p in payload.nearby}
        # a heading that asks this question ("What are the prerequisites?"): its body answers it;
        # an acronym it asks about ("what's a PAT?"): the line that defines it
        payload.defined = defined_acronyms(finder, evidence)
        payload.headed = None if payload.defined else headed_answer(finder, evidence, payload, structures)
        left_out = {(s.passage.doc_id, s.passage.stage_index) for s in payload.skipped}
        if payload.headed is not None and (payload.headed.passage.doc_id, payload.headed.passage.stage_index) in left_out:
            payload.headed = None  # "Why Learn SQL?" does not answer a learner who said they know SQL
        for passage in [*(d.passage for d in payload.defined), *([payload.headed.passage] if payload.headed else [])]:
            if passage.chunk_id not in known | {p.chunk_id for p in payload.nearby}:
                payload.nearby.append(passage)
        return payload

    def instructions(self, evidence: Evidence, numbers: dict[str, int], with_order: bool = True) -> str:
        if isinstance(evidence.payload, FactEvidence) and evidence.payload.times:  # a model must not invent a total
            return self.task + " " + roadmap_time.INSTRUCTIONS
        return self.task

    def compose(self, composition: Composition) -> str:
        evidence = composition.evidence
        if isinstance(evidence.payload, FactEvidence) and evidence.payload.compared is not None:
            said = roadmap_sides.compose(evidence.payload.compared, evidence.query.question, composition.book,
                                         composition.idf, composition.default_idf, OPENING_LABEL)
            return said + "\n\n" + fact_lines(composition, evidence.payload.focus, label=ALSO)
        if isinstance(evidence.payload, FactEvidence) and evidence.payload.part is not None:
            return part_lines(composition, evidence.payload.part)
        if isinstance(evidence.payload, FactEvidence) and evidence.payload.times:
            return roadmap_time.compose(evidence.payload.times, evidence.query.question, composition.book)
        focus = getattr(evidence.payload, "focus", None) or []  # another intent's payload may name a focus too
        if OPTIONS_QUESTION.search(evidence.query.question) and any(
            p.stage_title.lower().startswith("option") for p in focus
        ):
            return options_lines(focus, composition.book)
        starts = asks_where_to_start(evidence.query.question)  # the first stages skip what a role is assumed to know
        if isinstance(evidence.payload, FactEvidence) and evidence.payload.absent is not None:
            said = coverage.compose(evidence.payload.absent, composition.book, OPENING_LABEL)
            return said + "\n\n" + fact_lines(composition, focus, label=CLOSEST)
        if isinstance(evidence.payload, FactEvidence) and evidence.payload.present is not None:
            said = coverage.compose_present(evidence.payload.present, composition.book, OPENING_LABEL)
            quoted = frozenset({(evidence.payload.present.passage.chunk_id, evidence.payload.present.line)})
            return said + "\n\n" + fact_lines(composition, focus, label=ALSO_SAYS, said_before=quoted)
        context = learner_context(evidence.query.question) if starts else None
        for passage in focus if context is not None and (context.known or context.assumed) else ():
            composition.skip_before(passage.doc_id, passage.stage_index)  # the stages the learner knows
        skipped = evidence.payload.skipped if isinstance(evidence.payload, FactEvidence) else []
        for stage in skipped:
            composition.skip_stage(stage.passage.doc_id, stage.passage.stage_index)
        return ((assumption_note(context) if context is not None else "")
                + skipped_note(skipped, composition.book) + fact_lines(composition, focus))


UNIT = Fact()
