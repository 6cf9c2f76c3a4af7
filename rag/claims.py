"""An answer (Markdown with `[n]` markers) split into the claims it makes, each with the markers
attached to it.

A marker belongs to the text before it, back to the previous marker or the start of the sentence, so
`Learn SQL [1]; then maths [2].` is two claims. Headings, bold-only title lines, list intros ending
in `:`, table headers, row labels and rule rows carry no claim. A table cell with its own marker is a
claim. Unmarked text is a claim (an *uncited* one) only when it has at least `MIN_UNCITED_TERMS`
content words: "Good luck!" is filler, "Both roadmaps put NLP after deep learning." is a claim that
should have cited something. Whether a claim is supported is rag.grounding's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.text import GENERIC, STOPWORDS, stem, tokens
from rag.lines import TABLE_RULE
from rag.literal_refs import outside_code, without_code

MIN_UNCITED_TERMS = 3

MARKER = re.compile(r"(?<!\\)\[(\d+(?:\s*,\s*\d+)*)\](?!\()")  # "\[1]" is Markdown for a literal "[1]"
MARKER_RUN = re.compile(r"(?:\s*(?<!\\)\[\d+(?:\s*,\s*\d+)*\](?!\())+")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
LIST_LEAD = re.compile(r"^\s*(?:[-*+•]|\d+(?:\.\d+)*[.)])\s+(?:\[[ xX]\]\s+)?")
HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
BOLD_ONLY = re.compile(r"^\s*(\*\*|__)(?P<inner>.+?)\1\s*:?\s*$")
# Sentence ends: . ! ? followed by space and a capital, digit, quote or markup; not after common
# abbreviations or single letters ("e.g.", "vs.", "A.").
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(*\[A-Z0-9])")
ABBREVIATIONS = re.compile(r"(\b(e\.g|i\.e|etc|vs|approx|incl|Dr|Mr|Ms|Mrs|St|No|Fig)\.|\b[A-Za-z]\.)$")
# A list number standing alone ("1.", "1.2.", "II."), or after a separator ("...[2]; 11."): it numbers
# the sentence after it and claims nothing.
LIST_NUMBER = re.compile(r"(?:^|[;:,·\]])\s*(?=\w)(?:\d+(?:\.\d+)*|M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
                         r"|m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3}))[.)]$")
# Words about the act of answering or citing, not about the subject: "Your question points to X",
# "the roadmap lists X" make the same claim as "X". Left out of the word overlap.
DISCOURSE = frozenset(
    """question questions answer answers ask asked asking point points pointing list lists listed
    say says said suggest suggests suggested mention mentions mentioned cover covers covered include
    includes including included according recommend recommends recommended see here below above
    roadmap roadmaps document documents source sources passage passages""".split()
)
NO_CLAIM_CELL = re.compile(r"^(not (stated|covered|mentioned)( in the roadmaps?)?|n/?a|none|-+|—|–)\.?$", re.I)


@dataclass(frozen=True)
class Claim:
    """One claim of an answer: its plain text and the citation numbers attached to it."""

    text: str
    markers: tuple[int, ...] = ()
    source: str = ""  # the raw fragment it came from (Markdown and markers included)

    @property
    def cited(self) -> bool:
        return bool(self.markers)


def markers_in(text: str) -> list[int]:
    """Every citation number named in `text`, in order (`[1]`, `[2, 3]`; not `[text](url)`)."""
    return [int(n) for group in MARKER.findall(without_code(text)) for n in group.split(",")]  # "arr[0]" in code is none


def plain(text: str) -> str:
    """Markdown emphasis, links, code ticks, list leads and markers removed; spaces collapsed."""
    text = LINK.sub(r"\1", text)
    text = outside_code(text, lambda piece: MARKER.sub(" ", piece))
    text = LIST_LEAD.sub("", text)
    text = re.sub(r"(\*\*|__|`|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    return LIST_LEAD.sub("", text.strip(" ;,:-–—")).strip()  # "...[2]; 11. Agents": the number leads a list item


def content_words(text: str) -> list[str]:
    """The claim's meaningful words, stemmed: no stopwords, domain filler ("learn", "step") or
    words about answering and citing ("question", "lists")."""
    return [
        stem(t) for t in tokens(text)
        if t not in STOPWORDS and t not in GENERIC and t not in DISCOURSE and (len(t) > 1 or t.isdigit())
    ]


def split_sentences(text: str) -> list[str]:
    parts = SENTENCE_END.split(text)
    sentences: list[str] = []
    for part in parts:
        if sentences and (ABBREVIATIONS.search(sentences[-1]) or LIST_NUMBER.search(sentences[-1])):
            sentences[-1] = f"{sentences[-1]} {part}"
            continue
        # "Learn NLP. [1] Then ..." : markers that open a sentence belong to the one before
        lead = re.match(r"^((?:\[\d+(?:\s*,\s*\d+)*\](?!\()\s*)+)(.*)$", part, re.S)
        if lead and sentences:
            sentences[-1] = f"{sentences[-1]} {lead.group(1).strip()}"
            part = lead.group(2)
        if part.strip():
            sentences.append(part.strip())
    return sentences


def _segments(sentence: str) -> list[tuple[str, tuple[int, ...], str]]:
    """(text, markers, raw) pieces: each marker run closes the text before it."""
    out: list[tuple[str, tuple[int, ...], str]] = []
    position = 0
    for run in MARKER_RUN.finditer(without_code(sentence)):
        raw = sentence[position:run.end()]
        out.append((plain(sentence[position:run.start()]), tuple(markers_in(run.group())), raw.strip()))
        position = run.end()
    tail = sentence[position:]
    if plain(tail):
        out.append((plain(tail), (), tail.strip()))
    # a marker run with no text before it ("...; [3]") cites the segment before it
    merged: list[tuple[str, tuple[int, ...], str]] = []
    for text, marks, raw in out:
        if not content_words(text) and marks and merged:
            prev_text, prev_marks, prev_raw = merged[-1]
            merged[-1] = (prev_text, prev_marks + marks, f"{prev_raw} {raw}")
        else:
            merged.append((text, marks, raw))
    return merged


def _claims_from_text(text: str) -> list[Claim]:
    """Claims of one paragraph (a line, list item or table cell). An unmarked sentence followed by
    a marked one in the same paragraph shares its markers ("NLP is next. It covers BERT [1].")."""
    pieces: list[tuple[str, tuple[int, ...], str]] = []
    for sentence in split_sentences(LIST_LEAD.sub("", text)):
        pieces.extend(_segments(sentence))
    claims: list[Claim] = []
    for index, (segment, marks, raw) in enumerate(pieces):
        words = content_words(segment)
        if not words:
            continue
        if not marks:
            marks = next((m for _, m, _ in pieces[index + 1:] if m), ())
        if not marks and len(words) < MIN_UNCITED_TERMS:
            continue
        claims.append(Claim(text=segment, markers=marks, source=raw))
    return claims


def _table_cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", inner)]


def is_heading(line: str) -> bool:
    """A line that names what follows instead of claiming something: '# ...', '**Title**', 'Intro:'."""
    if MARKER.search(without_code(line)):
        return False
    stripped = line.strip()
    return bool(
        HEADING.match(line)
        or BOLD_ONLY.match(LIST_LEAD.sub("", stripped))
        or stripped.endswith(":")
        or RULE.match(stripped)
    )


def split_claims(text: str) -> list[Claim]:
    """The claims of an answer, in order, with the markers attached to each."""
    claims: list[Claim] = []
    lines = text.splitlines()
    in_code = False
    for number, line in enumerate(lines):
        if line.strip().startswith("```"):
            in_code = not in_code
            continue
        if in_code or not line.strip() or is_heading(line):
            continue
        if line.lstrip().startswith("|"):
            if TABLE_RULE.match(line):
                continue
            following = lines[number + 1] if number + 1 < len(lines) else ""
            header = bool(TABLE_RULE.match(following))
            for position, cell in enumerate(_table_cells(line)):
                if MARKER.search(without_code(cell)):
                    claims.extend(_claims_from_text(cell))
                elif header or position == 0 or NO_CLAIM_CELL.match(plain(cell)):
                    continue  # column headers, row labels, "not stated in the roadmaps"
                else:
                    claims.extend(_claims_from_text(cell))
            continue
        if line.lstrip().startswith(">"):
            line = line.lstrip()[1:]
        claims.extend(_claims_from_text(line))
    return claims
