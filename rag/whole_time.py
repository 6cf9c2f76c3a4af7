"""The lines in which a roadmap states how long all of it takes ("It is possible to finish within
about 2 years if you ... devote roughly 20 hours/week", "a 12-week course. Plan on about 8 hours
per week"), found one way for both readers of them: the chat's answer about a roadmap's whole
duration (rag.roadmap_time) and a plan's `whole` figure (rag.plan.pace).

Only the roadmap's own passages outside its stages count (a stage's time is that stage's). Of a
line, the first sentence that gives a duration is kept; a length in one sentence and the weekly
or daily effort in the next ("a 12-week course. Plan on 8 hours per week") are kept together, as
the figure needs both. A time per lesson or module ("each lesson takes 3 hours") is not the whole.
"""

from __future__ import annotations

import re

from rag.answer_lines import cues
from rag.estimates import PER_DAY, PER_UNIT, PER_WEEK, SPAN, YEARS, line_estimate
from rag.extractive import passage_lines
from rag.models import Passage, Stage

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
_NAMES_SPAN = re.compile(r"\d\s*-?\s*(?:years?|months?|weeks?)\b", re.I)
# a length that is how long someone has worked, not how long the roadmap takes: "as expected from a 6 months
# to 1 year experienced candidate", "with 2+ years of industry experience", "requires 3 years' experience".
# "3 months of hands-on experience" or "2 years of practical experience" the course gives is its own length.
_LENGTH = r"\d+(?:\.\d+)?\+?\s*-?\s*(?:years?|yrs?|months?|weeks?)'?"
_AFTER = rf"^(?:\s*(?:-|–|to|or)\s*{_LENGTH})?\s*\+?\s*"  # the rest of a range: "6 months to 1 year"
_EXPERIENCED = re.compile(rf"{_AFTER}(?:[\w-]+\s+)?experienced\b", re.I)
_OF_EXPERIENCE = re.compile(rf"{_AFTER}(?:of\s+)?(?P<kind>[\w-]+\s+)?experience\b", re.I)
_HELD = re.compile(r"\b(?:with|have|has|requires?|required|candidates?|industry|prior|professional)\b", re.I)
_HOLDER_BEFORE = re.compile(r"\b(?:with|have|has|requires?|required|candidates?)\W+(?:\w+\W+){0,3}$", re.I)


def _duration():
    return next(cue for cue in cues("how long") if cue.name == "duration")


def whole_lines(passages: list[Passage]) -> list[tuple[str, Passage]]:
    """(sentence, passage) for each line outside every stage that states a duration for the whole,
    in document order: the line's first sentence that gives one, joined with the next sentence
    when that one gives only the effort the length needs."""
    gives = _duration().gives
    found: list[tuple[str, Passage]] = []
    repeated = _repeated_fields(passages)
    for passage in passages:
        if passage.stage_index is not None:
            continue
        for line in _unwrapped(passage_lines(passage, keep_colons=True)):
            if line.endswith(":") or _field(line) in repeated:
                continue
            sentences = SENTENCE.split(line)
            for position, sentence in enumerate(sentences):
                if PER_UNIT.search(sentence) or not (gives.search(sentence) or SPAN.search(sentence)):
                    continue
                if line_estimate(sentence) is None and not _NAMES_SPAN.search(sentence):
                    continue
                if only_experience(sentence):
                    continue
                found.append((_with_effort(sentence, sentences[position + 1:position + 2]), passage))
                break
    return found


def only_experience(sentence: str) -> bool:
    """Every length the sentence gives is someone's experience ("a 6 months to 1 year experienced
    candidate"), so it says nothing of how long the roadmap takes."""
    lengths = list(re.finditer(_LENGTH, sentence, re.I))
    return bool(lengths) and all(_someones(sentence, m.start(), m.end()) for m in lengths)


def _someones(sentence: str, start: int, end: int) -> bool:
    """The length at sentence[start:end] is someone's experience: "experienced" follows it, or
    "experience" that is had, required, prior, professional or in industry."""
    after = sentence[end:]
    if _EXPERIENCED.match(after):
        return True
    said = _OF_EXPERIENCE.match(after)
    if not said:
        return False
    return bool(said.group("kind") and _HELD.fullmatch(said.group("kind").strip())) or bool(
        _HOLDER_BEFORE.search(sentence[:start]))


FIELD = re.compile(r"^([A-Za-z][A-Za-z ]{2,30}):\s*\S")  # "Duration: 4 weeks", "Time needed: ..."


def _field(line: str) -> str:
    said = FIELD.match(line)
    return said.group(1).strip().lower() if said else ""


def _repeated_fields(passages: list[Passage]) -> set[str]:
    """Field labels ("duration") that several sections outside the stages each give: every section's
    own time, the way a stage's is (sections the structure did not take for stages), not the whole's."""
    sections: dict[str, set[str]] = {}
    for passage in passages:
        if passage.stage_index is None:
            for line in passage_lines(passage, keep_colons=True):
                if _field(line):
                    sections.setdefault(_field(line), set()).add(passage.section)
    return {label for label, where in sections.items() if len(where) >= 2}


def _with_effort(sentence: str, following: list[str]) -> str:
    """"a 12-week course." + "Plan on about 8 hours per week." when the first gives a length and
    no effort and the next gives an effort and no length; else the sentence alone."""
    if not (SPAN.search(sentence) or YEARS.search(sentence)) or PER_WEEK.search(sentence) or PER_DAY.search(sentence):
        return sentence
    nxt = following[0] if following else ""
    if nxt and (PER_WEEK.search(nxt) or PER_DAY.search(nxt)) and not (SPAN.search(nxt) or YEARS.search(nxt)):
        return f"{sentence} {nxt}"
    return sentence


def _unwrapped(lines: list[str]) -> list[str]:
    """A paragraph's soft-wrapped lines as one ("... from the Collective. Plan on" + "about 8 hours
    per week ..."): a line that ends mid-sentence and a next that goes on in lower case."""
    out: list[str] = []
    for line in lines:
        if out and not re.search(r"[.!?:;|]$", out[-1]) and re.match(r"[a-z(]", line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def unit_lines(passages: list[Passage]) -> list[tuple[str, str, Passage]]:
    """("lesson", sentence, passage) for each line outside the stages that gives a time for every
    stage of a kind ("Each lesson takes about 3 hours"), in document order."""
    found = []
    for sentence, passage in _loose_sentences(passages):
        said = PER_UNIT.search(sentence)
        if said:
            found.append(((said.group("unit") or said.group("unit2")).lower(), sentence.strip(), passage))
    return found


def kind_of(stage: Stage) -> str:
    """"lesson" for "Lesson 4", "" for a stage with no label."""
    kind = re.match(r"[a-z]+", (stage.label or "").lower())
    return kind.group(0) if kind else ""


def rate_lines(passages: list[Passage]) -> list[tuple[str, Passage]]:
    """(sentence, passage) for each sentence outside the stages that gives an effort and no length
    ("Budget about 5 hours per week", "Code for 1 hour every day"): the pace the roadmap expects."""
    return [(sentence.strip(), passage) for sentence, passage in _loose_sentences(passages)
            if (PER_WEEK.search(sentence) or PER_DAY.search(sentence))
            and not (SPAN.search(sentence) or YEARS.search(sentence) or PER_UNIT.search(sentence))]


def _loose_sentences(passages: list[Passage]):
    """(sentence, passage) for each sentence of the passages outside every stage, in document order."""
    for passage in passages:
        if passage.stage_index is None:
            for line in _unwrapped(passage_lines(passage, keep_colons=True)):
                for sentence in SENTENCE.split(line):
                    yield sentence, passage
