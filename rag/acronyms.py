"""Acronyms the documents define: "what's a PAT?" is answered by the line that says "A 'PAT' is a
Progress Assessment Tool", "what's an MDP?" by "Markov Decision Processes (MDPs)".

A definition is the long form next to the acronym, in one of the ways writers give it: the long form
then the acronym in brackets ("Continuous Training (CT)"), the acronym then the long form in brackets
("MCP (Model Context Protocol)"), or the acronym said to be it ("'PAT' is a Progress Assessment
Tool", "RAG stands for ..."). The long form's word initials must spell the acronym (in order, the
first letter first), so "(PPO)" after "see the paper" defines nothing. Passages are found through the
lexical index (the acronym and its plural), so a definition is found wherever it is in the index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from rag.lines import read_lines
from rag.models import Passage

# "what's a PAT", "what is SLAM", "what does MCP stand for", "define RAG", "what are SAEs"
DEFINITION = re.compile(r"\bwhat(?:'s|s|\s+is|\s+are|\s+does|\s+do)\b|\bdefine\b|\bmeaning of\b|\bstand(?:s)? for\b",
                        re.I)
ACRONYM = re.compile(r"\b([A-Z][A-Z0-9&]{1,5})(s?)\b")
SHORT_TOKEN = re.compile(r"\b([a-z]{2,5})\b", re.I)
SMALL = frozenset("of and for the to in on a an with by at as".split())
LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
WORD = re.compile(r"[A-Za-z][\w'’]*")


@dataclass(frozen=True)
class Definition:
    """An acronym, its long form, and the line of the passage that defines it."""

    acronym: str
    long_form: str
    line: str
    passage: Passage


def asked_acronyms(question: str) -> list[str]:
    """The acronyms a definition question asks about: its capitalised short words ("PAT", "SAEs"),
    else, in a lower-case question, its short words (one of them may be an acronym the text defines)."""
    if not DEFINITION.search(question):
        return []
    found = [m.group(1) for m in ACRONYM.finditer(question) if m.group(1) not in {"I", "A"}]
    if found:
        return list(dict.fromkeys(found))
    return list(dict.fromkeys(m.group(1).upper() for m in SHORT_TOKEN.finditer(question)
                              if m.group(1).lower() not in SMALL and m.group(1).lower() not in _QUESTION_WORDS))


_QUESTION_WORDS = frozenset("what whats is are does do it its mean means stand for define meaning the this that "
                            "in of course one".split())


def spells(acronym: str, phrase: str) -> bool:
    """The phrase's words spell the acronym: each word (small words aside) gives its initial and may
    give more letters from inside it, in order ("Sparse Autoencoders" spells SAE); two words at least."""
    letters = _core(acronym).lower()
    words = [w.lower() for w in re.split(r"[\s\-/]+", phrase.strip()) if w]
    words = [w for w in words if w not in SMALL] or words
    if len(words) < 2 or len(words) > len(letters):
        return False

    def fits(i: int, j: int) -> bool:  # words[i:] spell letters[j:]
        if i == len(words):
            return j == len(letters)
        word = words[i]
        if j >= len(letters) or word[0] != letters[j]:
            return False
        ends = [j + 1]
        k, at = j + 1, 1
        while k < len(letters):  # more letters from inside the word, in order
            found = word.find(letters[k], at)
            if found < 0:
                break
            at, k = found + 1, k + 1
            ends.append(k)
        return any(fits(i + 1, end) for end in ends)

    return fits(0, 0)


def _core(acronym: str) -> str:
    """'SAEs' -> 'SAE'; 'GANs' -> 'GAN'; 'PAT' stays."""
    return acronym[:-1] if len(acronym) > 2 and acronym.endswith("s") and acronym[:-1].isupper() else acronym


def _before(text: str, end: int, count: int) -> str:
    words = WORD.findall(text[:end])[-count:]
    return " ".join(words)


def definitions_in(acronym: str, passage: Passage) -> list[Definition]:
    """The definitions of `acronym` in one passage (by line)."""
    out: list[Definition] = []
    core = re.escape(_core(acronym))
    for read in read_lines(passage.text):  # a definition a source wrapped is one line
        if read.kind in ("table_header", "table_rule"):
            continue
        line = LINK.sub(r"\1", read.quote()).strip()
        if not re.search(rf"\b{core}s?\b", line):
            continue
        long_form = ""
        for match in re.finditer(rf"\(\s*{core}s?\s*\)", line):  # "Continuous Training (CT)"
            for count in range(1, len(acronym) + 3):
                phrase = _before(line, match.start(), count)
                if spells(acronym, phrase):
                    long_form = phrase
                    break
            if long_form:
                break
        if not long_form:  # "MCP (Model Context Protocol)"
            match = re.search(rf"\b{core}s?\s*\(([^)]{{3,80}})\)", line)
            if match and spells(acronym, match.group(1)):
                long_form = match.group(1).strip()
        if not long_form:  # "A 'PAT' is a Progress Assessment Tool", "RAG stands for ..."
            match = re.search(rf"['\"‘“]?\b{core}s?\b['\"’”]?\s+(?:is|are|means|stands for|refers to)\s+"
                              r"(?:an?\s+|the\s+)?((?:[A-Za-z][\w-]*\s*){1,8})", line)
            if match:
                words = match.group(1).split()
                for count in range(len(words), 0, -1):
                    if spells(acronym, " ".join(words[:count])):
                        long_form = " ".join(words[:count])
                        break
        if long_form:
            out.append(Definition(acronym, long_form, line, passage))
    return out


def find_definitions(acronyms: Iterable[str], search) -> list[Definition]:
    """Each acronym's definition, from the passages `search(query)` finds for it (best first)."""
    found: list[Definition] = []
    for acronym in acronyms:
        core = _core(acronym)
        for passage in search(f"{core} {core}s"):
            defined = definitions_in(acronym, passage)
            if defined:
                found.append(defined[0])
                break
    return found
