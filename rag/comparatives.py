"""Comparative questions: "is computer vision harder than NLP?", "which needs more math, X or Y?",
"should I pick X or Y?".

Such a question asks for a ranking on one dimension (difficulty, demand, math). Roadmaps describe
each path; they seldom rank two of them. So the comparison shows both sides from their own
passages, and says plainly whether the documents rank them on the asked dimension: a line that
names both sides with a comparative word is quoted; otherwise the answer says they do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.extractive import CitationBook, passage_lines
from rag.models import Passage
from rag.text import content_terms, stem, tokens

# Comparative words, not every word ending in -er ("computer", "transformer" are nouns).
COMPARATIVES = (r"harder|easier|better|worse|tougher|simpler|faster|slower|quicker|longer|shorter|bigger|smaller|"
                r"higher|lower|cheaper|newer|older|broader|narrower|deeper|wider|riskier|safer|trickier|stronger|"
                r"weaker|greater|larger|heavier|lighter|more|less|fewer")
DIFFICULTY = frozenset("harder easier tougher simpler trickier difficult hard easy challenging".split())
# "X is harder than Y", "X needs more math than Y" (not "more than 10 hours", "other than")
THAN = re.compile(rf"\b(?:{COMPARATIVES})\b(?:\s+[\w-]+){{0,4}}\s+than\s+(?!\d)", re.I)
# "which is harder, X or Y?", "is X or Y better?", "should I pick X or Y?"
OR_FORM = re.compile(
    rf"\b(?:which|what)\b(?:\s+[\w-]+){{0,3}}\s+(?:is|are|has|needs?|pays?|takes?|gets?)\s+(?:the\s+)?(?:{COMPARATIVES}|"
    rf"most|least|hardest|easiest|best)\b.*\bor\b|"
    rf"\bor\b.*\b(?:{COMPARATIVES})\b\s*\??\s*$|"
    r"^\W*(?:so\s+)?(?:should|would|do|shall)\s+(?:i|you)\s+(?:rather\s+)?(?:pick|choose|learn|study|go\s+(?:for|with|into)|"
    r"do|take|focus\s+on|start\s+with|specialis[ez]\s+in|specializ[ez]\s+in)\b.+\bor\b|"
    r"\bor\b[^?]*\bwhich\b(?:\s+[\w-]+){0,2}\s+(?:should|would|shall)\s+(?:i|you)\b|"
    r"\bwhich\b(?:\s+[\w-]+){0,2}\s+(?:should|would|shall)\s+(?:i|you)\b.*\bor\b", re.I)
PHRASE = re.compile(rf"\b(?:(?:is|are|be|was|needs?|requires?|pays?|takes?|gets?|has|have|offers?|involves?)\s+)?"
                    rf"(?:(?:much|way|far|a\s+lot|a\s+bit|any)\s+)?(?:{COMPARATIVES})\b.*$", re.I)
GENERIC_TAIL = re.compile(r"(?:\s+(?:path|one|ones|track|route|field|option|area|side|specialization|"
                          r"specialisation|does|do|is|are))+\s*$", re.I)
LEADING = re.compile(r"^\s*(?:is|are|does|do|would|will|can|could|was)\s+(?:it\s+)?(?:true\s+that\s+)?", re.I)


# A side named by its label only ("option a", "step 3", "q2"): no content word, still a subject.
LABEL = re.compile(r"^(?:option|step|stage|quarter|phase|track|part|level|module)\s+(?:[a-z]|\d+)$|^q[1-4]$", re.I)


def is_label(name: str) -> bool:
    return bool(LABEL.match(name.strip()))


def labelled_stage(name: str, structures) -> tuple | None:
    """(roadmap, stage) whose label is `name` ("Option A"), for a side named by its label only."""
    wanted = " ".join(name.lower().split())
    for roadmap in structures:
        for stage in roadmap.stages:
            label = " ".join((stage.label or stage.title.split(":")[0]).lower().split())
            if label == wanted:
                return roadmap, stage
    return None


VAGUE = frozenset("anything something everything nothing it this that what which there one ones thing things stuff "
                  "i me you we".split())


def exact(question: str) -> bool:
    """"X <comparative> than Y" with a named X ("is anything more important than math?" names none):
    it leaves no doubt that a comparison is asked."""
    match = THAN.search(question)
    if match is None:
        return False
    left = PHRASE.sub("", LEADING.sub("", question[:match.end()].rsplit(" than", 1)[0]))
    return any(t.lower() not in VAGUE for t in content_terms(left))


def is_comparative(question: str) -> bool:
    """The question asks which of two things is more something, or which of two to pick."""
    return exact(question) or bool(OR_FORM.search(question))


def split_than(text: str) -> list[str] | None:
    """'computer vision harder than NLP one' -> ['computer vision', 'NLP']; None without 'than'."""
    match = re.search(r"\s+than\s+", text, re.I)
    if not match or not THAN.search(text):
        return None
    left, right = text[:match.start()], text[match.end():]
    left = PHRASE.sub("", LEADING.sub("", left)).strip()
    right = GENERIC_TAIL.sub("", right).strip()
    left = GENERIC_TAIL.sub("", left).strip()
    return [left, right] if left and right else None


@dataclass
class Dimension:
    """What the ranking is on: its phrase as asked ("harder", "more math") and its words."""

    phrase: str
    words: set[str]  # stems a line about this dimension contains

    def label(self) -> str:
        return self.phrase or "which to pick"


def dimension(question: str) -> Dimension:
    match = re.search(rf"\b(?:{COMPARATIVES}|most|least|hardest|easiest|best)\b(?:\s+(?!than\b|or\b)[\w-]+){{0,3}}",
                      question, re.I)
    if match is None:
        return Dimension("", set())
    phrase = re.split(r"\s+(?:than|or|for|to|if|when|,)\b", match.group(0), flags=re.I)[0].strip()
    said = {w.lower() for w in tokens(phrase)}
    words = {stem(t) for t in content_terms(phrase)}
    if said & DIFFICULTY:
        words |= {stem(w) for w in DIFFICULTY}
    words -= {stem(w) for w in "more less fewer most least better best worse".split()}
    return Dimension(phrase, words)


def preface(question: str, sides: list[tuple[str, list[Passage]]], book: CitationBook,
            retrieved: list[Passage] = ()) -> str:
    """What the roadmaps say about the asked ranking: a line naming both sides, quoted (as a
    ranking when it uses a comparative word on the asked dimension); else a plain statement that
    they do not rank them on it. Then, when the dimension has its own words ("math", "demand"),
    each side's lines that speak of it. `retrieved` may hold a line naming both sides too."""
    if not is_comparative(question) or len(sides) < 2:
        return ""
    asked = dimension(question)
    names = [name for name, _ in sides]
    pool = list({p.chunk_id: p for _, passages in sides for p in passages}.values())
    pool += [p for p in retrieved if p.kind == "roadmap" and p.chunk_id not in {q.chunk_id for q in pool}]
    together = _lines_naming_all(names, pool)
    ranking = [(line, p) for line, p in together if _ranks(line, asked)]
    out = []
    if ranking:
        out.append(f"**What the roadmaps say about \"{asked.label()}\":**")
        out += [f"- {line} {book.cite(passage)}" for line, passage in ranking[:2]]
    elif asked.phrase:
        out.append(f"**The roadmaps do not rank {' and '.join(names)} on \"{asked.label()}\"" +
                   ("; what they say of both together:**" if together else
                    ": here is what each side involves, from their own passages.**"))
    else:
        out.append(f"**The roadmaps do not say which of {' or '.join(names)} to pick" +
                   ("; what they say of both together:**" if together else ": here is what each involves.**"))
    if not ranking:
        out += [f"- {line} {book.cite(passage)}" for line, passage in together[:2]]
    said = [(name, [(line, p) for p in passages for line in passage_lines(p)
                    if asked.words & {stem(w) for w in tokens(line)}]) for name, passages in sides]
    if any(lines for _, lines in said):  # each side on the asked dimension, when one of them speaks of it
        for name, lines in said:
            out += [f"- {name}: {line} {book.cite(p)}" for line, p in lines[:2]] or [
                f"- **{name}: its passages say nothing about \"{asked.label()}\".**"]
    return "\n".join(out)


RANKER = re.compile(rf"\b(?:{COMPARATIVES}|most|least|hardest|easiest|best|worst|highest|lowest)\b", re.I)


def _ranks(line: str, asked: Dimension) -> bool:
    """The line uses a comparative word, on the asked dimension when it has words of its own."""
    return bool(RANKER.search(line)) and (not asked.words or bool(asked.words & {stem(w) for w in tokens(line)}))


def _lines_naming_all(names: list[str], passages: list[Passage]) -> list[tuple[str, Passage]]:
    """Lines that name every side (by all the content words of its name)."""
    stems = [{stem(t) for t in content_terms(name)} for name in names]
    found: dict[str, tuple[str, Passage]] = {}
    for passage in passages:
        for line in passage_lines(passage):
            words = {stem(w) for w in tokens(line)}
            # a side with no content word ("R", "C") is named by its exact case
            if all(s <= words if s else _named(name, line) for s, name in zip(stems, names)):
                found.setdefault(line, (line, passage))
    return list(found.values())


# "python or R?", "kubeflow or airflow first?": the two sides next to "or" (at most three words each)
EITHER = re.compile(r"([\w+#.-]+(?:\s+[\w+#.-]+){0,2})\s+or\s+(?:the\s+|an?\s+)?([\w+#.-]+(?:\s+[\w+#.-]+){0,2})", re.I)
# A line that states a direction between the sides ("Recommendation: PyTorch ...", "geared toward Python")
PREFERS = re.compile(r"\b(recommend\w*|prefer\w*|geared|toward|start with|choose|instead|rather|primarily|mainly|"
                     r"focus\w*|default|better|only|everything)\b", re.I)
SIDE_STOP = frozenset("should would could can do does is are i you we learn use pick choose go for first start with "
                      "in to the a an which what one it its this that there".split())


def either_sides(question: str) -> list[str]:
    """The two sides of an "X or Y" question, as asked ("python", "R"); [] when there are none."""
    match = EITHER.search(question)
    if match is None:
        return []
    left = [w for w in match.group(1).split() if w.lower() not in SIDE_STOP]
    right = []
    for word in match.group(2).split():
        if word.lower() in SIDE_STOP or word.lower() in STOP_AFTER:
            break
        right.append(word)
    left = left[-2:]
    sides = [" ".join(left), " ".join(right)]
    return sides if all(sides) else []


STOP_AFTER = frozenset("for in on at by from going if when as".split())


def _named(side: str, line: str) -> bool:
    """Every word of the side is in the line: a one- or two-letter name ("R", "C") by its exact case."""
    for word in side.split():
        word = word.strip(",.?!")
        if len(word) <= 2:
            if not re.search(rf"(?<![\w+#]){re.escape(word)}(?![\w+#])", line):
                return False
        elif not re.search(rf"(?<![\w]){re.escape(word)}", line, re.I):
            return False
    return True


def lines_naming_sides(sides: list[str], passages: list[Passage], most: int = 2) -> list[tuple[str, Passage]]:
    """The lines that name every side, those that state a direction between them first."""
    found: dict[str, tuple[int, int, str, Passage]] = {}
    for order, passage in enumerate(passages):
        for line in passage_lines(passage):
            if line not in found and all(_named(side, line) for side in sides):
                found[line] = (0 if PREFERS.search(line) else 1, order, line, passage)
    return [(line, passage) for _, _, line, passage in sorted(found.values(), key=lambda item: item[:2])][:most]
