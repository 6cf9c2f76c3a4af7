"""A plan request in the learner's words: "I know Python and SQL, I can study 10 hours a week, make
me a 3-month plan to become an LLM engineer", and follow-ups that change it ("make it 6 hours a
week", "I also know git"). Rules, not a model: what a turn says replaces or adds to what the turns
before it said, and whatever nobody said takes a default that the answer states.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from rag.estimates import (PER_DAY, PER_WEEK, SAID_NUMBER, WEEKEND, WEEKS_PER, daily_rate, said_number, weekend_rate,
                           weekly_rate)
from rag.learner import KNOWS_NOTHING, role_claim, starts_from_scratch, without_quantities
from rag.plan.models import MAX_HOURS_PER_WEEK, MAX_WEEKS, PlanRequest

DEFAULT_HOURS_PER_WEEK = 10.0
DEFAULT_WEEKS = 12
WEEKS_PER_MONTH = WEEKS_PER["month"]

PLAN_WORDS = re.compile(
    r"\b((study|learning|learn|week[- ]by[- ]week|personal|weekly)\s+(plan|schedule)|(make|create|build|give|draft|"
    r"write|want|need|get)\s+(me\s+)?(a|an|my)\s+(\S+\s+){0,3}?(plan|schedule|timeline)|plan\s+(my|out|the next)|"
    r"schedule\s+(my|for me)|(plan|schedule)\s+for\s+(me|becoming)|re-?plan|"
    r"plan\s+(me|it|pls|plz|please|the rest|the remaining|the remainder|what'?s left|what is left|what remains)|"
    r"(a|my)\s+(study\s+|learning\s+)?plan\s*[?!.]*$|(?:^|(?<=[,;:.])|(?<=[,;:.]\s))(?:a\s+)?(?:study\s+)?(?:plan|schedule)(?=\s*(?:pls|plz|please)?\s*\?+\s*$)|"
    # "plan the pytorch course for me", "plan this curriculum out"
    r"plan\s+(the|this|that)\s+([\w/&.+-]+\s+){0,5}?(road ?map|curriculum|course|syllabus|track|path|bootcamp|"
    r"program(me)?)\b|plan\s+([\w/&.+'-]+\s+){1,8}?for\s+me\b|"
    # "what should my next 3 months look like", "how should I spend the next 6 weeks"
    r"(my|the)\s+next\s+(\S+\s+){0,2}?(weeks?|months?|year)\s+(look\s+like|be)\b|"
    r"(spend|organi[sz]e|structure)\s+(my|the)\s+next\s+(\S+\s+){0,2}?(weeks?|months?|year)|"
    r"schedule\s+for\s+(the\s+)?(next\s+)?(\S+\s+)?(weeks?|months?|year)|"
    # "lay out a plan", "map out my next 12 weeks", "a good plan for the DS curriculum", "a timetable"
    r"(lay|map|sketch|set)\s+out\s+(a|an|my|the)\s+(\S+\s+){0,2}?(plan|schedule|timetable|next)|"
    r"(draw\s+up|put\s+together|work\s+out)\s+(a|an|my)\s+(\S+\s+){0,2}?(plan|schedule|timetable)|"
    r"(good|best|realistic|sensible|weekly)\s+(study\s+|learning\s+)?(plan|schedule|timetable)\s+(for|to)|"
    r"(make|create|build|give|draft|write|want|need|get)\s+(me\s+)?(a|an|my)\s+(\S+\s+){0,3}?timetable|"
    # "how should I split my time over ...", "how do I pace myself", "how would you schedule the lectures"
    r"how\s+(should|would|do|can|could)\s+(i|you|we)\s+(split|divide|spread|pace|schedule|budget)\b|(organi[sz]e|split|break|divide)\s+(\S+\s+){0,6}?into\s+(weeks|months|a\s+weekly))\b", re.I)
# "plan coding interview university for 8 weeks", "plan the course over the next two months": a plan asked for
# over a span of time; "the plan realistic for 6 months" is a question about a plan (a determiner before "plan")
PLAN_OVER = re.compile(r"(?<!\bi )(?<!\bwe )(?<!\bto )(?<!\bthe )(?<!\ba )(?<!\bmy )(?<!\bthis )(?<!\bthat )\bplan\s+(?!to\b|on\b)([\w/&.+'-]+\s+){1,8}?(?:for|over|in|within)\s+(?:the\s+)?(?:next\s+|coming\s+)?"
                       + SAID_NUMBER + r"\s*-?\s*(?:weeks?|months?)\b", re.I)
# "plan the llm fundamentals up to neural networks", "ok, plan it": "plan" said as a request, leading its sentence.
# Not a question about planning: "would you plan math before python?" asks for an opinion, "plan A or plan B"
# names options ("plan a 12-week schedule" still asks for one), "plan ahead", "plan around a job" say how, not what to plan
PLAN_SAID = re.compile(r"(?:^|[.!?;:]\s+|,\s*)\W*(?:(?:ok|okay|so|now|then|please|pls)\s*,?\s+)?(?:(?:can|could|will)\s+"
                       r"you\s+)?(?:please\s+)?plan\s+(?!(?:to|on|is|was|of|ahead|around|[b-z]|for\s+(?:it|that))\b|a\s*(?:$|[^\w\s]|(?:or|vs|versus|and|is|was|would|will)\b))\S", re.I)
# "make a roadmap for me for the next 3 months": a roadmap asked for over a span of time is a plan
MAKE_ROADMAP = re.compile(r"\b(make|create|build|give|draft|write|want|need|get)\s+(me\s+)?(a|an|my)\s+"
                          r"(\S+\s+){0,3}?road ?map\b", re.I)
# "i have 6 hours a week, how should i go through the course?"
HOW_TO_GO = re.compile(r"\bhow\s+(should|would|do|can|could)\s+i\s+(go|get|work)\s+through\b", re.I)
HORIZON = re.compile(r"\b" + SAID_NUMBER + r"[- ]?(weeks?|months?|years?)\b(?!\s*(?:of\s+)?(?:experience|ago)|[- ]by[- ])",
                     re.I)
# "coded python for like 4 months", "been learning for 3 months": time already spent, not the plan's
PAST = re.compile(r"\b(?:coded|programmed|worked|used|learned|learnt|studied|"
                  r"been|did|done|spent|experience)\b", re.I)
KNOWN = re.compile(
    r"\b(?:i\s+(?:also\s+|already\s+)*know|who\s+(?:also\s+|already\s+)*knows|i(?:'m| am)\s+(?:also\s+|already\s+)?(?:good|comfortable|familiar|fluent|"
    r"experienced|confident)\s+(?:with|in|at)|i\s+(?:also\s+|already\s+)*(?:have|'ve got)\s+(?:experience|a background)"
    r"\s+(?:with|in)|i\s+(?:also\s+|already\s+)*(?:use|code in|program in|learned|learnt|studied))\s+(?P<skills>.+?)"
    r"(?=[.;!?]|,\s*(?:i|and i|but|so|can|make|give|plan|how|what)\b|\s+(?:and\s+)?(?:i|can|want|would|make|give|"
    r"plan|how|what|so|but|now|already)\b|$)", re.I)
GOAL = re.compile(
    r"\b(?:become|becoming|be|work as|job as|career as|get into|switch to|transition (?:in)?to)\s+(?:an?\s+)?"
    r"(?P<goal>.+?)(?=[.,;!?]|\s+(?:in|within|by|at|with|over|starting|from|and|using|following|on)\b|$)|"
    r"\b(?:speciali[sz]e|speciali[sz]ing|focus|focusing)\s+(?:in|on)\s+(?P<focus>.+?)(?=[.,;!?]|$)", re.I)
# "the AI/ML 2026 roadmap", "the OSSU computer science curriculum", "the LLM course": a name, never a
# phrase across "of the" ("the engineer track of the LLM course" names the LLM course)
ROADMAP = re.compile(r"\b(?:the|using|follow(?:ing)?|on)\s+(?:the\s+)?(?P<name>(?:(?!\b(?:the|of|for|in|to|from)\b)"
                     r"[\w/&().\- ]){2,60}?)\s+(?:road ?map|curriculum|course|syllabus)\b", re.I)
_NOT_AMOUNT = r"(?!\.\d|\s*(?:hours?|hrs?|h\b|h/|weeks?|wks?|months?|years?|days?|%))"  # "Q1, 10 hours": not Q10
# the parts a roadmap numbers ("step 3", "lessons 1-4", "Q2")
NUMBERED_PARTS = r"(?:steps?|stages?|phases?|modules?|parts?|lessons?|units?|chapters?|q)"
DONE = re.compile(r"\b(?:finished|completed|done with|done|through|did)\s+(?:the\s+)?(?P<what>" + NUMBERED_PARTS +
                  r"\s*\d+" + _NOT_AMOUNT +
                  r"(?:\s*(?:to|-|–|through|and|,)\s*(?:step\s*|stage\s*|phase\s*|module\s*|part\s*|lesson\s*|unit\s*|"
                  r"chapter\s*|q)?\d+" + _NOT_AMOUNT + r")*)", re.I)
# "already did regression", "I've done text processing and word embeddings", "I finished the maths steps":
# parts of the roadmap named by their subject, skipped as done (PlanRequest.did)
DID = re.compile(
    r"(?:^|[.;!?,]\s*|\bi\s+|\bi'?ve\s+|\bi\s+have\s+)(?:(?:also|already)\s+)*(?:did|done|finished|completed|covered|"
    r"went through|gone through|(?:am|'m)\s+done with)\s+(?!" + NUMBERED_PARTS + r"\s*\d)(?P<what>.+?)(?=[.;!?]|,\s*(?:i|and i|but|so|can|make|give|plan|how|what|now)\b|"
    r"\s+(?:of|in|from|on)\s+(?:the|this|that|my)\b|\s+(?:and\s+)?(?:i|can|want|would|make|give|plan|how|what|so|"
    r"but|now|already|somewhere|elsewhere|before|last)\b|"
    # where they did it is not what they did: "did statistics at uni", "did sql in college"
    r"\s+(?:at|in|during)\s+(?:uni|university|college|school|work|a\s+bootcamp|my\s+\w+|another\s+\w+)\b|$)", re.I)
PART_NOUNS = re.compile(r"\s+(?:steps?|stages?|phases?|modules?|parts?|lessons?|units?|chapters?|sections?|bits?|"
                        r"stuff|ones?)$", re.I)
# "the engineer track", "the LLM scientist path": a named part of a roadmap with several tracks.
TRACK = re.compile(r"\bthe\s+(?P<track>(?:[\w\-]+\s+){0,2}?[\w\-]+)\s+(?:track|path)\b", re.I)
# "a plan to learn RAG and agents": what the learner wants to learn, when no role is named.
TOPIC = re.compile(r"\b(?:learn(?:ing)?|study(?:ing)?|master(?:ing)?|cover(?:ing)?|plan\s+for|schedule\s+for)\s+"
                   r"(?!(?:plan|schedule|timeline|path)\b)(?P<topic>[\w+#/&\- ]{2,60}?)(?=[.,;!?]|\s+(?:in|within|by|at|with|over|starting|from|for|"
                   r"using|following|on|i|so)\b|$)", re.I)
# "up to deep learning", "through the NLP step", "until stage 5", "through the fast.ai part": where the
# plan stops (PlanRequest.until). A "." inside a name ("fast.ai") is part of it; one before a space ends it.
UNTIL = re.compile(r"\b(?:up\s*to|through|thru|until|till|as\s+far\s+as)\s+(?:the\s+(?:end\s+of\s+(?:the\s+)?)?)?"
                   r"(?P<until>(?!(?:the|a|an|my|it|this|that|now|then)\b)[\w+#/&.\- ]{2,50}?)"
                   r"(?=[,;!?]|\.(?:\s|$)|\s+(?:and|then|at|with|in|i|so|but|on|over|within|by|before|after|first|please|pls)\b|"
                   r"\s+for\s+(?:\d|a\b|an\b|me\b|the\s+next\b|\w+\s+(?:weeks?|months?|hours?)\b)|$)", re.I)
# "go/get/work through X" is how to take X, "walk me through X" asks to explain it, "read through X" is
# reading it: none of them is where a plan stops
TAKE_THROUGH = re.compile(r"\b(?:go|goes|going|went|gone|been|get|getting|got|work|working|walk|walking|read|reading|"
                          r"look|looking|run|running|talk|talking|take|taking|step|stepping|guide|guiding|skim|"
                          r"skimming|sit|sitting|push|pushing|make|making|flip|flipping)(?:\s+(?:me|us|you|them|it))?\s+$",
                          re.I)
# a time, not a part of a roadmap: "two hours a day", "a few weeks", "summer", "the end of the year";
# a unit with its number after it ("week 5", "day 30") is a roadmap's own numbering and stays
TIME_SPAN = re.compile(r"\b(?:hours?|hrs?|minutes?|mins?|days?|weeks?|wks?|months?|years?|semesters?|weekends?|"
                       r"summer|winter|autumn|tomorrow|tonight|today|christmas|january|february|march|april|june|"
                       r"july|august|september|october|november|december|next|this|end)\b(?!\s*\d)|"
                       r"^(?:spring|fall|may)$|\b" + SAID_NUMBER + r"\s*-?\s*(?:h|hrs?|hours?|weeks?|months?|days?|years?)\b",
                       re.I)
# "until I get a job", "until you feel ready", "up to me": a clause or a person, not a part
NOT_A_PART = re.compile(r"^(?:i|i'm|i've|i'd|im|you|you're|we|we're|he|she|they|me|us|him|her|them|someone|"
                        r"is|are|am|was|be|get|reach|finish|land|have|has|can|could|feel|know|need|start|graduate)\b",
                        re.I)
# a turn that changes where an earlier plan stops says so ("only up to deep learning", "make it stop at ...",
# "through NLP instead"), or says nothing else ("up to deep learning."); a question about a part does not
STOP_WORDS = re.compile(r"\b(?:plan|schedule|stop|only|just|end|cut|instead|rather|make\s+it|change)\b", re.I)
QUESTION = re.compile(r"\?|^\W*(?:what|which|how|why|where|when|who|is|are|can|could|should|would|does|do|will)\b", re.I)
# "first A ..., then B": a plan across two roadmaps, taken in turn (rag.plan.sequence)
THEN = re.compile(r"(?:[,;.]\s*|\s+)(?:and\s+)?(?:then|after\s+that|afterwards|followed\s+by)\b", re.I)
FREE = re.compile(r"\b(only\s+free|free\s+(resources|ones|only|stuff|courses|material)|no\s+paid|nothing\s+paid)\b", re.I)
SPLIT_SKILLS = re.compile(r"\s*(?:,|\band\b|&|/|\bplus\b|\bas well as\b)\s*", re.I)
FILLER = re.compile(r"^(?:also|already|the|some|basic|basics of|a bit of|a little|how to use)\s+|\s+(?:already|too|"
                    r"as well|well|basics|fairly well|pretty well)$", re.I)


class PlanAsk(BaseModel):
    """A plan request read from a conversation, and which of its numbers were defaults."""

    request: PlanRequest
    defaulted: list[str] = Field(default_factory=list)  # "hours_per_week", "weeks"
    pace_note: str = ""  # how a daily rate was read as hours a week ("1 h a day over 7 days a week is 7 h/week")
    beginner: bool = False  # the learner says they start from nothing: nothing is skipped for what they know
    opening: str = ""  # the turn that asked for the plan (a follow-up re-plans what it asked: "first A, then B")
    sequence: bool = False  # planned as two roadmaps in turn ("first A, then B"): a defaulted horizon is each one's


# "the coding interview study plan", "his weekly schedule": a plan the question names (a document or a
# part of one), not one it asks for ("which topic in the study plan comes first?" asks for no plan).
# Read here beside PLAN_NOUN, the other reading of a plan noun; the plan intent drops these before asking.
NAMED_PLAN = re.compile(r"\b(?:the|this|that|his|her|their|its|[a-z]+'s)\s+(?:[\w'+#.-]+\s+){0,4}?"
                        r"(?:study|learning|weekly|personal)\s+(?:plan|schedule)s?\b", re.I)
# "the ml engineer prep plan at 6 hours a week": a plan asked for beside the learner's time; not a plan
# the roadmap has ("is the daily plan 2 hours a day?")
PLAN_NOUN = re.compile(r"(?<!\bdaily )(?<!\bweekly )(?<!\bstudy )(?<!\bthe )(?<!\bthis )(?<!\bthat )(?<!\bits )"
                       r"\b(?:plan|schedule|timetable)\b(?!\s+(?:says?|said|is|was|has|does|of)\b)", re.I)


# "how long will the prep plan take at 5 hours a week?" asks for a length, not for a plan
HOW_MUCH = re.compile(r"\bhow\s+(?:long|many|much)\b|\bwhen\s+(?:will|would|do|does|can|could|should)\b", re.I)
# a plan asked for by a verb ("show me the prep plan at 6 h/week") or by a question that ends on it ("..., plan?")
ASKED = re.compile(r"\b(?:make|create|build|give|draft|write|want|need|get|show|send|suggest|propose|recommend|prepare|"
                   r"design|lay|map|sketch|put|look\s+like)\b|\b(?:plan|schedule|timetable)\s*(?:pls|plz|please)?\s*\?+\s*$",
                   re.I)


def is_plan_request(question: str) -> bool:
    rate = PER_WEEK.search(question) or PER_DAY.search(question) or WEEKEND.search(question)
    named = bool(PLAN_NOUN.search(question) and ASKED.search(question) and not HOW_MUCH.search(question))
    return bool(PLAN_WORDS.search(question) or PLAN_OVER.search(question) or PLAN_SAID.search(question)) or bool(rate and (_horizon(question) or HOW_TO_GO.search(question)
                                                               or named)) or \
        bool(MAKE_ROADMAP.search(question) and _horizon(question))


def changes_plan(question: str) -> bool:
    """A turn that adjusts an earlier plan: new hours or horizon, more known skills, free only."""
    return bool(PER_WEEK.search(question) or PER_DAY.search(question) or WEEKEND.search(question) or _horizon(question)
                or KNOWN.search(question)
                or FREE.search(question) or DONE.search(question) or DID.search(question) or re.search(r"\bre-?plan\b", question, re.I)
                or bool(until_in(question) and (STOP_WORDS.search(question) or not QUESTION.search(question))))


def _horizon(turn: str) -> re.Match | None:
    """The first length of time that is not the week of a rate ("10 hours a week")."""
    rates = [m.span() for pattern in (PER_WEEK, PER_DAY) for m in pattern.finditer(turn)]
    return next((m for m in HORIZON.finditer(turn) if not any(a <= m.start() < b for a, b in rates)
                 and not PAST.search(re.split(r"[,.;!?]", turn[:m.start()])[-1])), None)


def read_plan_request(question: str, history: list[dict[str, str]] | None = None) -> PlanAsk | None:
    """The request the conversation makes, or None when it asks for no plan. Earlier user turns count
    from the last one that asked for a plan; each later turn replaces numbers and adds skills."""
    turns = [t.get("content", "") for t in history or [] if t.get("role") == "user"] + [question]
    start = next((i for i in range(len(turns) - 1, -1, -1) if is_plan_request(turns[i])), None)
    if start is None or any(not changes_plan(t) for t in turns[start + 1:]):
        return None
    fields: dict = {"known": [], "done": [], "did": []}
    for turn in turns[start:]:
        _read_turn(turn, fields)
    defaulted = [name for name in ("hours_per_week", "weeks") if name not in fields]
    fields.setdefault("hours_per_week", DEFAULT_HOURS_PER_WEEK)
    fields.setdefault("weeks", DEFAULT_WEEKS)
    beginner = any(starts_from_scratch(turn) for turn in turns[start:])
    pace_note = fields.pop("pace_note", "")
    return PlanAsk(request=PlanRequest(**fields), defaulted=defaulted, beginner=beginner, pace_note=pace_note,
                   opening=turns[start])


def _read_turn(turn: str, fields: dict) -> None:
    hours, daily = weekly_rate(turn), daily_rate(turn)
    if hours:
        fields["hours_per_week"] = min(max(hours, 0.5), MAX_HOURS_PER_WEEK)
        fields.pop("pace_note", None)
    elif daily:
        per_day, days = daily
        fields["hours_per_week"] = min(max(per_day * days, 0.5), MAX_HOURS_PER_WEEK)
        fields["pace_note"] = f"{per_day:g} h a day over {days} days a week is {fields['hours_per_week']:g} h/week"
    elif weekend_rate(turn):  # "weekends only, about 6 hours": the hours of a weekend are the week's
        fields["hours_per_week"] = min(max(weekend_rate(turn), 0.5), MAX_HOURS_PER_WEEK)
        fields["pace_note"] = f"your {fields['hours_per_week']:g} hours at weekends taken as {fields['hours_per_week']:g} h/week"
    horizon = _horizon(turn)
    if horizon:
        count, unit = said_number(horizon.group(1)), horizon.group(2).lower()
        weeks = count * (WEEKS_PER_MONTH if unit.startswith("month") else 52 if unit.startswith("year") else 1)
        fields["weeks"] = int(min(max(round(weeks), 1), MAX_WEEKS))
    for found in KNOWN.finditer(turn):
        if KNOWS_NOTHING.match(found.group("skills")):  # "I know nothing about programming"
            continue
        parts = SPLIT_SKILLS.split(found.group("skills"))
        fields["known"] += [s for s in (_clean_skill(p) for p in parts if not KNOWS_NOTHING.match(p)) if s]
    claim = role_claim(turn)
    if claim:
        fields["role"], fields["assumed"] = claim
    goal = GOAL.search(turn)
    wanted = goal and (goal.group("goal") or goal.group("focus")).strip()
    if wanted and len(wanted.split()) <= 6:
        fields["goal"] = wanted
    roadmap = ROADMAP.search(turn)
    if roadmap:
        fields["roadmap"] = roadmap.group("name").strip()
    track = TRACK.search(turn)
    if track and not re.search(r"\b(?:career|fast|right|same|learning|best|whole)\b", track.group("track"), re.I):
        fields["track"] = track.group("track").strip()
    topic = next((t.group("topic").strip() for t in TOPIC.finditer(turn) if not KNOWS_NOTHING.match(t.group("topic"))
                  and len(t.group("topic").split()) <= 6
                  and not re.match(r"(?:plan|schedule|timeline|path)\b", t.group("topic"), re.I)), None)  # "a learning plan"
    if topic:
        fields["topic"] = topic
    for done in DONE.finditer(turn):
        fields["done"] += _done_stages(done.group("what"))
    for did in DID.finditer(turn):
        parts = SPLIT_SKILLS.split(did.group("what"))
        fields["did"] += [s for s in (_clean_skill(PART_NOUNS.sub("", p.strip())) for p in parts) if s]
    until = until_in(turn)
    if until:
        fields["until"] = until
    if FREE.search(turn):
        fields["free_only"] = True


def until_in(turn: str) -> str:
    """Where the learner wants the plan to stop ("up to deep learning" -> "deep learning"); a
    length of time ("up to 10 hours a week", "until next month") is not a part of the roadmap."""
    found = UNTIL.search(turn)
    while found:
        match, found = found, UNTIL.search(turn, found.start() + 1)  # a rejected span may hold the real one
        if TAKE_THROUGH.search(turn[:match.start()]):
            continue
        said = match.group("until").strip()
        what = re.sub(r"^(?:the\s+)", "", PART_NOUNS.sub("", said), flags=re.I).strip()
        if what and not TIME_SPAN.search(said) and not NOT_A_PART.match(said):
            return what
    return ""


def _clean_skill(text: str) -> str:
    """A skill's name, or "" for what is not one: the time the learner has ("6h a week"), a verb phrase."""
    text = without_quantities(text).strip(" .,:;'\"/")
    if re.match(r"(?:have|has|got|can|want|need|study|spend|week|month|year)\b", text, re.I):
        return ""
    for _ in range(2):
        text = FILLER.sub("", text).strip()
    return text if text and len(text) <= 40 and len(text.split()) <= 4 else ""


def _done_stages(text: str) -> list[str]:
    """"steps 1 to 5" -> Step 1 .. Step 5; "Q1 and Q2" -> "Q1", "Q2"."""
    kind = "Q" if text.strip().lower().startswith("q") else re.match(r"[a-z]+", text.lower()).group(0).rstrip("s")
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if re.search(r"\d+\s*(?:to|-|–|through)\s*(?:\w+\s*)?\d+", text) and len(numbers) == 2 and numbers[0] < numbers[1] <= 50:
        numbers = list(range(numbers[0], numbers[1] + 1))
    return [f"Q{n}" if kind == "Q" else f"{kind.title()} {n}" for n in numbers]
