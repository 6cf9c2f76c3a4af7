"""The line that answers the question: every line of the retrieved passages scored against it, so
an answer can open with what was asked ("how long" -> the line with the weeks, "is there a book"
-> the line naming it) before the supporting lines.

A line's score adds three things: meaning (the cosine similarity of its passage to the query, from
the shipped embedding model: encoding each line separately costs ~60 ms a line on this machine,
more than the whole answer's budget), words (the idf of the question's words it shares, as BM25
weighs them), and answer-type cues (a duration question wants a line with a duration, a "how much"
question a figure, a book question a named book, a course question a named course, a "where do I
start" question the first stage).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from rag.extractive import passage_lines
from rag.models import Passage
from rag.text import content_terms, stem, tokens

FIGURE = r"(?<![\w.])\d[\d,.]*\s*(?:[-–]\s*\d[\d,.]*\s*)?\+?"
DURATION_UNIT = r"(?:hours?|hrs?|h|weeks?|wks?|months?|days?|years?|semesters?)\b"
WORD_COUNT = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several|a couple of)"  # "two weeks"


@dataclass(frozen=True)
class Cue:
    """An answer type: the questions that ask for it and the lines that give it."""

    name: str
    asks: re.Pattern
    gives: re.Pattern
    weight: float
    search_words: str = ""  # what a passage of this type says, to search for one when none was found


CUES = (
    Cue("duration",
        re.compile(r"\bhow (long|many (hours|weeks|months|days|years))\b|\b(duration|time commitment|timeline|"
                   r"hours? (a|per|each) week|how much time|time[- ]?wise|takes? (longer|less time|more time)|(longer|shorter|quicker) to (finish|complete))\b", re.I),
        re.compile(rf"{FIGURE}[-\s]*{DURATION_UNIT}|\b{WORD_COUNT}\s+{DURATION_UNIT}|\b(time commitment|duration|effort)\b|"
                   r"\b(?:weeks?|months?|days?|years?)\s+\d+(?:\s*[-–]\s*\d+)?\b", re.I), 3.0,  # "Months 1-3"
        "time commitment duration weeks hours per week"),
    Cue("number",
        re.compile(r"\bhow (much|many|big|fast|large)\b|\bwhat (size|number|percentage|score)\b", re.I),
        re.compile(r"\d"), 2.0),
    Cue("book",
        re.compile(r"\b(text ?books?|books?|reading|handbook|read)\b", re.I),
        re.compile(r"\b(text ?books?|books?|handbook|text reference|edition|readings?)\b|"
                   r"[\"“][^\"”]{3,80}[\"”]\s+by\s+[A-Z]|\bby [A-Z][a-z]+,\s*[A-Z][a-z]+", re.I), 3.0,
        "book textbook reading text reference by"),
    Cue("course",
        re.compile(r"\b(courses?|class(es)?|mooc|lectures?)\b", re.I),
        re.compile(r"\b(course|coursera|edx|udemy|mit|stanford|harvard|lectures?|specialization|cs\s?\d+)\b", re.I),
        1.5),
)
# "Where do I start?" in a learner's words: asking where to begin, what comes first (a question that
# ends on "first", "the first part/week/notebook"), how the roadmap opens, or what to have
# before starting. Exact forms only: a topic's first mention ("first-order logic") is not one of them.
ORDERED_UNIT = (r"(part|stage|step|week|lesson|module|section|notebook|course|class|topic|thing|chapter|phase|"
                r"unit|day|month|quarter|milestone|level|bit|piece|block|project|tutorial)s?")
START = re.compile(r"\b(where (do|should|can|does|to) (i |we |you |one |it |the \w+ )?(start|begin)|"
                   r"how (do|should|can) (i|we|you|one) (start|begin)|"
                   r"(i'?m|i am|as) an? (complete |total |absolute )?(beginner|newbie|novice)|"
                   r"from scratch|first steps?|starting point|entry point|jumping[- ]off point|get started|"
                   r"(begin|start)s? (with|on|at|from)|kicks? off|"
                   rf"(the |my |your )?(very )?(first|opening|initial) {ORDERED_UNIT}|"
                   r"before (i |we |you |one )?(even )?(start|begin|get started|dive in|jump in)\w*)\b|"
                   r"\b(what|which|where)\b[^?.!]{0,80}\b(first|begin|start)\s*[?.!]*\s*$|"
                   r"\bhow does\b[^?.!]{0,80}\b(open|begin|start)\s*[?.!]*\s*$|"
                   r"\b((should|do|must|would|to|can) (i |we |you |one )?(\w+ ){0,2}?(learn|study|do|tackle|open|read|take|"
                   r"watch|work on|focus on|pick|cover|try) |(comes?|goes?) )first\b(?![-,:;]|\s+\w+\s+or\b)", re.I)
# "What do I need before starting?": the roadmap's own prerequisites, not its first stage.
BEFORE_START = re.compile(r"\b(before (i |we |you |one )?(even )?(start|begin|get started|dive in|jump in)\w*|"
                          r"(be|get) ready for|need to (know|have) (already|beforehand|going in))\b", re.I)
# Housekeeping: lines about the document itself, its authors or its readers' manners, not about what
# to learn ("Congratulations on taking the first step!", "Star this repository", "Thanks to all our
# contributors", "Update April 2023: ..."); and the sections that hold them. Never an opening line.
HOUSEKEEPING = re.compile(
    r"\b(congratulations|congrats|thank you|thanks (to (all|everyone|our)|as well)|special thanks|hearty thanks|"
    r"grateful|gratitude|star (this|the|our) (repo|repository|project)|(send|open|make) (us |me )?an? pull request|"
    r"pull requests? (are )?welcome|prs welcome|contributors|contributing guide|licen[cs]ed under|code of conduct|"
    r"happy (learning|coding)|share (it|this) with|last updated|stay tuned|subscribe to|sponsored by|"
    r"follow (us|me) on|open an issue|welcome to the|work[- ]in[- ]progress|update [a-z]+ \d{4})\b", re.I)
HOUSEKEEPING_SECTION = re.compile(r"^\W*(contributing|contributors|how to contribute|acknowledg\w*|licen[cs]e|credits?|"
                                  r"special thanks|thanks|sponsors?|star history|changelog|meet the team|help wanted|"
                                  r"(table of )?contents( of this page)?)\s*$", re.I)


def weak(line: str, section: str = "") -> bool:
    """A housekeeping line, or a line in a housekeeping section, or a line that only asks a question."""
    own = section.split(" > ")[-1] if section else ""
    return bool(HOUSEKEEPING.search(line) or (own and HOUSEKEEPING_SECTION.match(own))
                or line.rstrip(" *_").endswith("?"))


IN_PAGE_LINK = re.compile(r"^\s*(?:[-*+•]|\d+[.)])?\s*\[[^\]]+\]\(#[^)]*\)\s*$")
MIN_CONTENTS_LINES = 3


def contents(passage: Passage) -> bool:
    """A table of contents: most of its lines are links to sections of the same page ("- [The Daily
    Plan](#the-daily-plan)"). Its lines only name sections; the sections themselves answer."""
    lines = [line for line in passage.text.split("\n") if line.strip()]
    links = sum(bool(IN_PAGE_LINK.match(line)) for line in lines)
    return links >= MIN_CONTENTS_LINES and links * 10 >= len(lines) * 6


OPENING_LABEL = "In short"  # the heading of the lines that answer the question
HEADING_SHARE = 0.7  # a line partly inherits its heading's words (as the answer's other lines do)
WEAK_PENALTY = 100.0  # a housekeeping line opens an answer only when no other line could
TOO_LONG = 260  # characters: a paragraph is not an opening line
SHORT_WORDS = 4  # nor is a bare name


def cues(question: str) -> list[Cue]:
    """The answer types a question asks for."""
    return [cue for cue in CUES if cue.asks.search(NAMED_COURSE.sub(" ", question) if cue.name == "course" else question)]


# "does the llm course cover X?", "in this course": a course the question names, not one it asks for
# ("which course should I take?", "is there a course on X?", "the best course for X").
NAMED_COURSE = re.compile(r"\b(the|this|that|your|their|his|her)\s+(?!(best|right|first|next|last|other|same|"
                          r"recommended|\w+est)\b)([\w+#'.-]+\s+){0,3}?(course|class|mooc)\b(?!\s+(on|for|about|that|which)\b)", re.I)


# "how many lessons are there?": the thing counted, the word after "how many" (or the second, for
# "how many test episodes"); a line that puts a figure before it ("an 18-lesson course", "52 total
# quizzes", "Adam has 4 tunable hyperparameters") gives the count, a line that merely has a digit
# ("Lesson Number: 04") does not.
HOW_MANY = re.compile(r"\b(?:how many|what number of|the number of)\s+([a-z][\w-]*)(?:\s+([a-z][\w-]*))?", re.I)
NOT_COUNTED = frozenset("""are is was were do does did should can could will would have has had in of on a an the
    per there it its to for from i you we they does my your this that these those at by with""".split())
COUNT_WEIGHT = 3.0
# A heading's own number ("2. Use Flashcards", "Step 3: ...", "Module 1.5 -") orders it: it is no figure.
ORDINAL = re.compile(r"^\W*(?:(?:step|stage|module|part|lesson|chapter|phase|section|unit|level|notebook)\s*)?"
                     r"\d+(?:\.\d+)*\s*[.):-]?\s+", re.I)


def counted(question: str) -> re.Pattern | None:
    """A pattern for a figure followed, within three words, by the thing a "how many" question counts."""
    found = HOW_MANY.search(question)
    if not found:
        return None
    noun = (found.group(2) if _modifies(found.group(1), found.group(2)) else found.group(1)).lower()
    if noun in NOT_COUNTED:
        return None
    forms = sorted({noun, stem(noun), re.sub(r"(e?s)$", "", noun)} - {""}, key=len, reverse=True)
    words = "|".join(re.escape(form) for form in forms if len(form) >= 3)
    if not words:
        return None
    return re.compile(rf"(?:{FIGURE}|\b{WORD_COUNT}\b)[-\s]*(?:[\w'/-]+\s+){{0,3}}?(?:{words})\w*\b", re.I)


def _modifies(first: str, second: str | None) -> bool:
    """Whether the word after "how many" qualifies the one after it ("how many test episodes"), not
    the other way round: a plural is the counted noun itself, and what follows it is the question's
    verb ("how many courses cover NLP?", "how many lessons mention X") or a preposition."""
    if not second or second.lower() in NOT_COUNTED or second.lower() in ASKING_WORDS:
        return False
    first = first.lower()
    return not (first.endswith("s") and not first.endswith(("ss", "us", "is")))


def specific_cues(question: str) -> list[Cue]:
    """The answer types a line must give to answer alone: a duration asked for as a count ("how
    many weeks") is a duration, not any figure (a course named "Calculus 1A" gives no weeks)."""
    asked = cues(question)
    return [cue for cue in asked if cue.name != "number"] if len(asked) > 1 else asked


# Words that ask how long or how much about something without naming it.
ASKING_WORDS = frozenset("""take takes taking took last lasts finish finished complete completing whole entire
    total overall altogether typically usually roughly approximately about long time say says cover covers
    covered include includes included contain contains teach teaches taught involve involves look topic topics
    expect expects expected require requires required
    """.split())

# The verbs of those that ask what a text holds: "does it cover X?" is answered by the lines naming X,
# not by every line that says "covers".
ASKING_VERBS = frozenset("cover covers covered include includes included contain contains teach teaches taught "
                         "involve involves say says".split())


def subject_terms(question: str) -> list[str]:
    """The words of a question that name its subject: without the answer type's own words ("how
    many weeks", "is there a book") or the words that ask for it ("take", "cover", "say")."""
    for cue in cues(question):
        question = cue.asks.sub(" ", question)
    return [t for t in content_terms(question) if t not in ASKING_WORDS]


# "X vs Y, which one first?" asks to order two things the question names, not where the roadmap starts.
TWO_NAMED = re.compile(r"\b(vs\.?|versus)\s|\bfirst\s*,|\bor\b[^?.!]{0,60}\bfirst\b", re.I)


def asks_where_to_start(question: str) -> bool:
    return bool((START.search(question) or BEFORE_START.search(question)) and not TWO_NAMED.search(question))


def asks_before_start(question: str) -> bool:
    return bool(BEFORE_START.search(question))


# A learner's level and the name of an ordered unit say where to start, not which topic ("which notebook
# do beginners open first?" names no stage called "Notebooks", "beginners" no "ML for beginners" stage).
_LEVEL_AND_UNIT = re.compile(r"\b(complete|total|absolute|beginners?|newbies?|novices?|newcomers?|new|zero|"
                             r"background|scratch|actually|very|first|" + ORDERED_UNIT + r")\b", re.I)


def start_topic(question: str) -> str:
    """A "where do I start?" question without its asking words: what is left names the topic the
    learner wants to start on ("where do I start with deep learning?"), or nothing."""
    return _LEVEL_AND_UNIT.sub(" ", BEFORE_START.sub(" ", START.sub(" ", question)))


@dataclass
class ScoredLine:
    score: float
    text: str
    passage: Passage
    order: int  # the passage's place among the candidates
    position: int  # the line's place in its passage


def score_lines(question: str, query: str, passages: list[Passage], idf: Mapping[str, float],
                default_idf: float = 1.0) -> list[ScoredLine]:
    """Every line of `passages`, best answer first."""
    # the words that ask ("does it cover X?", "what does it include?") are in lines that answer nothing
    terms = {stem(t) for t in content_terms(query) if t not in ASKING_VERBS} or {stem(t) for t in content_terms(query)}
    wanted = cues(question)
    count = counted(question)
    start = asks_where_to_start(question)
    first_stage: dict[str, int] = {}  # per roadmap: the earliest stage among the candidates
    for p in passages:
        if p.stage_index is not None:
            first_stage[p.doc_id] = min(first_stage.get(p.doc_id, p.stage_index), p.stage_index)
    scored: list[ScoredLine] = []
    for order, passage in enumerate(passages):
        meaning = 2.0 * passage.score
        heading = HEADING_SHARE * _weight(passage.section, terms, idf, default_idf)
        own_heading = passage.section.split(" > ")[-1]
        # a line that restates its own heading ("Courses: <the stage's title>") says nothing new
        new_terms = terms - {stem(w) for w in tokens(own_heading)}
        titled = ORDINAL.sub("", own_heading)  # "2. Use Flashcards" gives no figure
        for position, line in enumerate(_sentences(passage_lines(passage, keep_colons=True))):
            counts = count is not None and bool(count.search(line) or count.search(titled))
            if line.endswith(":") and len(line) < 60 and len(new_terms & {stem(w) for w in tokens(line)}) < 2 \
                    and not counts:
                continue  # an intro to a list says nothing by itself, unless it names the list asked for
            said = {stem(w) for w in tokens(line)}
            score = meaning + heading + _weight(line, new_terms, idf, default_idf)
            # a line of the asked type gains its weight, one of another type loses it
            # (a section headed "Duration" or "Textbook" gives that type in each of its lines)
            typed = [bool(cue.gives.search(line) or cue.gives.search(titled)) for cue in wanted]
            score += sum(cue.weight if gives else -cue.weight for cue, gives in zip(wanted, typed))
            if counts:
                score += COUNT_WEIGHT  # the line that counts what was asked, not any line with a digit
            if wanted and all(cue.gives.search(line) for cue in wanted):
                # "Time Commitment: 4-6 weeks" names no subject: it is about its heading path's,
                # whose words count in full for the words the line does not say itself
                score += (1.0 - HEADING_SHARE) * _weight(passage.section, terms - said, idf, default_idf)
            if start and passage.stage_index is not None and passage.stage_index == first_stage.get(passage.doc_id):
                score += 3.0
            if len(line) > TOO_LONG or len(line.split()) < SHORT_WORDS and not (typed and all(typed)):
                score -= 1.0  # a paragraph, or a bare name ("MLOps on AWS"), is not an answer line
            if weak(line, passage.section) or contents(passage):
                score -= WEAK_PENALTY
            scored.append(ScoredLine(score, line, passage, order, position))
    scored.sort(key=lambda s: (-s.score, s.order, s.position))
    return scored


def opening_lines(question: str, query: str, passages: list[Passage], idf: Mapping[str, float],
                  default_idf: float = 1.0, *, most: int = 2) -> list[ScoredLine]:
    """The one or two lines that answer the question: the best line, and the runner-up when it
    comes close (and, for an answer type, gives that type too)."""
    ranked = score_lines(question, query, passages, idf, default_idf)
    if not ranked:
        return []
    best = ranked[0]
    if weak(best.text, best.passage.section) or contents(best.passage):
        return []  # nothing but housekeeping: no opening line rather than a weak one
    wanted = cues(question)
    picked = [best]
    for line in ranked[1:]:
        if len(picked) >= most:
            break
        if line.text == best.text:
            continue
        close = line.score >= 0.8 * best.score
        typed = all(cue.gives.search(line.text) for cue in wanted)
        if close and typed:
            picked.append(line)
    return picked


def _sentences(lines: list[str]) -> list[str]:
    """A paragraph as its sentences: the one that answers can open the answer alone."""
    out: list[str] = []
    for line in lines:
        pieces = re.split(r"(?<=[a-z0-9)][.!?])\s+(?=[A-Z*\[])", line) if len(line) > TOO_LONG else [line]
        out += [piece.strip() for piece in pieces if piece.strip()]
    return out


def _weight(text: str, terms: set[str], idf: Mapping[str, float], default_idf: float) -> float:
    return sum(idf.get(t, default_idf) for t in terms & {stem(w) for w in tokens(text)})
