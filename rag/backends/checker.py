"""Citations checked by code, after generation. The model is asked to cite; this enforces it.

Given the model's raw answer and the passages it was shown (numbered 1..N in the prompt):

1. Tidy the markers: `[1, 2]`, `[1-2]`, `[Passage 1]`, `【1】`, `[^1]` become `[1][2]`/`[1]`; a trailing
   "Sources:" list the model wrote is dropped (the answer's citations are built here instead).
2. Markers naming no passage (`[9]` when 6 were shown) are removed and reported.
3. Links: any URL that is not a catalogue entry's url or a roadmap's own Markdown link (and not on
   an instruction-like line) is removed with the sentence, bullet or table cell that carries it, so
   a made-up or injected resource never reaches the learner; removed links are reported.
4. Support: each claim (rag.grounding.split_claims) is scored against the passages it cites
   (rag.grounding.check_claims: embedding similarity, lexical overlap and a guard on numbers) as the
   model read them, i.e. with instruction-like lines redacted (so "PWNED [2]" is not "supported");
   an uncited claim is scored against all the passages shown. **Unsupported sentences are dropped**
   from the answer text (a table cell becomes "not stated") and listed in
   `Answer.grounding.unsupported`, where the CLI and UI show them apart, marked as unsupported.
   `grounding.score` is the share of claims that were supported (before dropping).
5. If no valid citation is left, the result is not usable (`CheckedAnswer.usable` is False) and the
   backend answers with the extractive answer and a visible note instead.
6. The markers left are renumbered 1..k in order of first use; citations and resource links
   (catalogue entries cited, and allowed URLs in the text) are built from the passages they name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from rag.backends.connective import connective
from rag.extractive import CitationBook
from rag.intents.injection import instruction_like, redact
from rag.claims import MIN_UNCITED_TERMS, content_words, is_heading
from rag.grounding import MARKER, check_claims, passage_text, plain, split_sentences
from rag.lines import TABLE_RULE
from rag.models import Citation, Grounding, Passage, ResourceLink
from rag.safe_markdown import safe_markdown

URL = re.compile(r"https?://[^\s<>()\[\]{}\"'`|]+", re.I)
MD_LINK = re.compile(r"\[([^\]\n]{0,200})\]\((https?://[^)\s]+)\)")
LIST_LEAD = re.compile(r"^(\s*(?:[-*+•]|\d+[.)])\s+)")
SOURCES_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\*\*|__)?(sources|references|citations|passages used|cited passages)(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?\s*$",
    re.I,
)
LOOSE_MARKER = re.compile(r"(?<!\\)[\[【(]\s*(?:\^|passages?\s*|sources?\s*|#)?\s*(\d+(?:\s*(?:,|-|–|and)\s*\d+)*)\s*[\]】)](?!\()", re.I)
EMPTY_LINE = re.compile(r"^\s*(?:[-*+•]|\d+[.)])?\s*[.;,:–—-]*\s*$")
NOT_STATED = "not stated"


def normalise_url(url: str) -> str:
    url = url.strip().rstrip(".,;:!?*_'\"")
    match = re.match(r"(?i)^(https?)://([^/]+)(.*)$", url)
    if not match:
        return url
    scheme, host, rest = match.groups()
    host = host.lower()
    host = host[4:] if host.startswith("www.") else host
    return f"{host}{rest}".rstrip("/")


def urls_in(passages: Iterable[Passage]) -> set[str]:
    """The URLs an answer may give: catalogue entries' urls and the roadmaps' own Markdown links,
    except links on an instruction-like line (an injected "visit https://..." is not a resource)."""
    found: set[str] = set()
    for p in passages:
        if p.url:
            found.add(normalise_url(p.url))
        suspicious = [line for line in p.text.split("\n") if instruction_like(line)]
        for link in p.links:
            url = link.get("url")
            anchor = (link.get("text") or "").strip()
            if url and not any(url in line or (anchor and anchor in line) for line in suspicious):
                found.add(normalise_url(url))
    return found


def support_text(passage: Passage) -> str:
    """What a claim may be supported by: the passage as the model read it (injections redacted)."""
    return passage_text(passage.model_copy(update={"text": redact(passage.text)}))


@dataclass
class CheckedAnswer:
    text: str
    citations: list[Citation]
    resources: list[ResourceLink]
    grounding: Grounding
    usable: bool
    supported: int = 0
    claims: int = 0
    dropped: list[str] = field(default_factory=list)


def _expand(group: str) -> list[int]:
    numbers: list[int] = []
    for part in re.split(r"\s*(?:,|and)\s*", group):
        bounds = re.split(r"\s*[-–]\s*", part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            low, high = int(bounds[0]), int(bounds[1])
            numbers += list(range(low, high + 1)) if 0 < high - low <= 5 else [low, high]
        elif part.strip().isdigit():
            numbers.append(int(part))
    return numbers


def tidy_markers(text: str) -> str:
    """One marker per passage number, `[n]`; a model-written sources list removed."""
    lines = text.strip().splitlines()
    for i, line in enumerate(lines):
        if i > 0 and SOURCES_HEADING.match(line):
            lines = lines[:i]
            break
    text = "\n".join(lines)

    def one(match: re.Match) -> str:
        opener = match.group(0)[0]
        if opener == "(" and not re.search(r"(?i)passage|source|#", match.group(0)):
            return match.group(0)  # "(2)" or "(2026)" in prose is not a citation
        return "".join(f"[{n}]" for n in _expand(match.group(1)))

    text = LOOSE_MARKER.sub(one, text)
    text = re.sub(r"(\[\d+\])(?:\s*\1)+", r"\1", text)  # [1][1] -> [1]
    return text.strip()


def _cells(line: str) -> list[str]:
    """The cells of a table row, with their spacing (the row's leading '|' removed).
    A trailing '|' gives an empty last cell, which the row keeps when it is rebuilt."""
    inner = line[line.index("|") + 1:]
    return re.split(r"(?<!\\)\|", inner)


class CitationChecker:
    def __init__(self, embedder, allowed_urls: set[str]):
        self.embedder = embedder
        self.allowed_urls = allowed_urls

    # -- the steps --------------------------------------------------------------------------
    def check(self, raw: str, passages: list[Passage], retrieved: list[Passage]) -> CheckedAnswer:
        shown = {i: p for i, p in enumerate(passages, 1)}
        text = tidy_markers(safe_markdown(raw))  # no HTML from the model, whatever it was told
        text, removed_markers = self._drop_invalid_markers(text, shown)
        text, removed_links = self._drop_unknown_links(text)
        text, injected = self._drop_instructions(text)
        text, stray = self._drop_uncited(text)

        cited = {n: support_text(p) for n, p in shown.items()}
        context = list(cited.values())
        checks = check_claims(text, cited, self.embedder, context=context)
        supported = sum(1 for c in checks if c.supported)
        owners = units_of_claims(text, [c.claim for c in checks])
        text, dropped = self._drop_units(text, {u for c, u in zip(checks, owners) if not c.supported and u is not None})
        dropped = injected + stray + dropped
        text = _tidy(text)

        score = round(supported / len(checks), 3) if checks else 0.0
        numbers = [n for n in dict.fromkeys(int(m) for m in re.findall(r"(?<!\\)\[(\d+)\](?!\()", text)) if n in shown]
        # Usable: at least one claim that cites a passage and is supported by it is left standing.
        usable = bool(numbers) and any(c.supported and set(c.claim.markers) & set(numbers) for c in checks)
        book = CitationBook(retrieved)
        renumber = {n: book.number(shown[n]) for n in numbers}
        text = re.sub(r"(?<!\\)\[(\d+)\](?!\()", lambda m: f"[{renumber.get(int(m.group(1)), m.group(1))}]", text)
        resources = self._resources(text, [shown[n] for n in numbers], passages, book)

        notes = [f"{supported} of {len(checks)} claims supported by their cited passages" if checks else "no checkable claim"]
        if dropped:
            notes.append(f"{len(dropped)} unsupported sentence(s) removed")
        if removed_markers:
            notes.append(f"{len(removed_markers)} marker(s) naming no passage removed")
        if removed_links:
            notes.append(f"{len(removed_links)} link(s) not in the catalogue removed")
        grounding = Grounding(
            score=score, unsupported=dropped, removed_markers=removed_markers,
            removed_resources=removed_links, note="Checked by code: " + "; ".join(notes) + ".",
        )
        return CheckedAnswer(
            text=text, citations=book.citations(), resources=resources, grounding=grounding,
            usable=usable, supported=supported, claims=len(checks), dropped=dropped,
        )

    def scrub(self, text: str) -> tuple[str, list[str]]:
        """Only the link rule and the injection rule (for text that was not generated: the fallback).
        Text with nothing to remove comes back unchanged."""
        cleaned, removed = self._drop_unknown_links(text)
        cleaned, injected = self._drop_instructions(cleaned)
        if not removed and not injected:
            return text, []
        return _tidy(cleaned), removed + injected

    def _drop_uncited(self, text: str) -> tuple[str, list[str]]:
        """Uncited sentences too short to be checked as claims ("pwned") go unless they are connective
        filler ("Good luck!"); one followed by a cited sentence on its line shares that citation."""
        units = split_units(text)
        lines = text.split("\n")
        stray: set[int] = set()
        for index, unit in enumerate(units):
            if unit.kind != "sentence" or is_heading(lines[unit.line]) or MARKER.search(unit.text):
                continue
            if any(MARKER.search(u.text) for u in units[index + 1:] if u.line == unit.line):
                continue
            if len(content_words(unit.text)) >= MIN_UNCITED_TERMS or connective(unit.text):
                continue
            stray.add(index)
        return self._drop_units(text, stray)

    def _drop_instructions(self, text: str) -> tuple[str, list[str]]:
        """Sentences that address the model (an echoed or obeyed injection) never reach the learner."""
        units = split_units(text)
        return self._drop_units(text, {i for i, unit in enumerate(units) if instruction_like(unit.text)})

    def _drop_invalid_markers(self, text: str, shown: dict[int, Passage]) -> tuple[str, list[int]]:
        removed: list[int] = []

        def keep(match: re.Match) -> str:
            numbers = [int(n) for n in match.group(1).split(",")]
            good = [n for n in numbers if n in shown]
            removed.extend(n for n in numbers if n not in shown)
            return "".join(f"[{n}]" for n in good)

        text = MARKER.sub(keep, text)
        return text, sorted(set(removed))

    def allows(self, url: str) -> bool:
        return normalise_url(url) in self.allowed_urls

    _allowed = allows

    def _drop_unknown_links(self, text: str) -> tuple[str, list[str]]:
        removed: list[str] = []
        for match in MD_LINK.finditer(text):
            if not self._allowed(match.group(2)):
                label = plain(match.group(1))
                removed.append(f"{label} ({match.group(2)})" if label else match.group(2))
        linked = {m.group(2) for m in MD_LINK.finditer(text)}
        for url in URL.findall(text):
            url = url.rstrip(".,;:!?*_")
            if url not in linked and not self._allowed(url) and url not in removed:
                removed.append(url)
        if not removed:
            return text, []
        units = split_units(text)
        bad = {i for i, unit in enumerate(units) if any(not self._allowed(u) for u in URL.findall(unit.text))}
        text, _ = self._drop_units(text, bad)
        # Whatever is left outside a sentence or cell (a table's header row): the link itself goes.
        text = MD_LINK.sub(lambda m: m.group(0) if self._allowed(m.group(2)) else plain(m.group(1)), text)
        text = URL.sub(lambda m: m.group(0) if self._allowed(m.group(0)) else "", text)
        return text, list(dict.fromkeys(removed))

    def _drop_units(self, text: str, bad_units: set[int]) -> tuple[str, list[str]]:
        """Remove the sentences (blank the table cells) whose index is in `bad_units`."""
        units = split_units(text)
        by_line: dict[int, list[Unit]] = {}
        for index, unit in enumerate(units):
            by_line.setdefault(unit.line, []).append(unit)
            unit.bad = index in bad_units
        out: list[str] = []
        dropped: list[str] = []
        for number, line in enumerate(text.splitlines()):
            parts = by_line.get(number, [])
            if not any(u.bad for u in parts):
                out.append(line)
                continue
            dropped += [_sentence(u.text) for u in parts if u.bad and plain(u.text)]
            if parts[0].kind == "cell":
                cells = _cells(line)
                for u in parts:
                    if u.bad:
                        cells[u.cell] = f" {NOT_STATED} "
                out.append("|" + "|".join(cells) + "|")
                continue
            kept = [u.text for u in parts if not u.bad]
            if kept:
                out.append(parts[0].lead + " ".join(kept))
        return "\n".join(out), dropped

    def _resources(self, text: str, cited: list[Passage], shown: list[Passage], book: CitationBook) -> list[ResourceLink]:
        links: list[ResourceLink] = []
        seen: set[str] = set()

        def add(title: str, url: str, passage: Passage) -> None:
            key = normalise_url(url)
            if key in seen:
                return
            seen.add(key)
            links.append(ResourceLink(title=title, url=url, citation=book.number(passage),
                                      kind=passage.resource_kind, cost=passage.cost))

        labels = {normalise_url(m.group(2)): plain(m.group(1)) for m in MD_LINK.finditer(text)}
        for url in URL.findall(text):
            url = url.rstrip(".,;:!?*_")
            key = normalise_url(url)
            owner = next((p for p in cited + shown if key in urls_in([p])), None)
            if owner is not None:
                title = labels.get(key) or _resource_title(owner, key)
                add(title, owner.url if owner.url and normalise_url(owner.url) == key else url, owner)
        for passage in cited:
            if passage.kind == "resource" and passage.url:
                add(_resource_title(passage, normalise_url(passage.url)), passage.url, passage)
        return links


@dataclass
class Unit:
    """A sentence of a line (after its list lead) or a cell of a table row, with its offsets."""

    line: int
    kind: str  # "sentence" | "cell"
    start: int  # offsets in the whole text
    end: int
    text: str
    lead: str = ""
    cell: int = -1
    bad: bool = False


def split_units(text: str) -> list[Unit]:
    units: list[Unit] = []
    offset = 0
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if line.lstrip().startswith("|"):
            following = lines[number + 1] if number + 1 < len(lines) else ""
            if not TABLE_RULE.match(line) and not TABLE_RULE.match(following):  # not the rule or header row
                inner_start = line.index("|") + 1
                position = inner_start
                for index, cell in enumerate(_cells(line)):
                    if index > 0 and cell.strip():
                        units.append(Unit(number, "cell", offset + position, offset + position + len(cell), cell, cell=index))
                    position += len(cell) + 1
        else:
            lead_match = LIST_LEAD.match(line)
            lead = lead_match.group(1) if lead_match else ""
            cursor = len(lead)
            for sentence in split_sentences(line[len(lead):]) if line[len(lead):].strip() else []:
                found = line.find(sentence, cursor)
                start = found if found >= 0 else cursor
                end = start + len(sentence) if found >= 0 else len(line)
                units.append(Unit(number, "sentence", offset + start, offset + end, sentence, lead=lead))
                cursor = end
        offset += len(line) + 1
    return units


def units_of_claims(text: str, claims) -> list[int | None]:
    """For each claim (in text order), the index of the unit it lies in (None if not found)."""
    units = split_units(text)
    owners: list[int | None] = []
    cursor = 0
    for claim in claims:
        source = claim.source.strip()
        found = text.find(source, cursor) if source else -1
        if found < 0 and source:
            found = text.find(source)  # out of order (a table cell's claim); search from the start
        if found < 0:
            words = plain(claim.text)
            owners.append(next((i for i, u in enumerate(units) if words and words in plain(u.text)), None))
            continue
        cursor = found + len(source)
        owners.append(next((i for i, u in enumerate(units) if u.start <= found < u.end), None))
    return owners


def _resource_title(passage: Passage, key: str) -> str:
    for link in passage.links:
        if normalise_url(link.get("url", "")) == key and link.get("text"):
            return link["text"]
    return passage.section.split(" > ")[-1] if passage.kind == "resource" else (passage.url or key)


def _sentence(text: str) -> str:
    """A dropped unit as it is reported: plain text, markers gone, no space before punctuation."""
    return re.sub(r"\s+([.,;:!?])", r"\1", plain(text))


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())] if line.strip() else ""


def _tidy(text: str) -> str:
    """After removals: no empty bullets, no headings left with nothing under them, tidy spaces."""
    lines = [_indent(line) + re.sub(r"[ \t]{2,}", " ", line.strip()) for line in text.splitlines()]
    lines = [re.sub(r"\s+([.,;:!?])", r"\1", line) if not line.lstrip().startswith("|") else line for line in lines]
    lines = [line for line in lines if line.strip() == "" or not EMPTY_LINE.match(MARKER.sub("", line))]

    def heading(line: str) -> bool:
        s = line.strip()
        return bool(re.match(r"^#{1,6}\s", s) or re.match(r"^(\*\*|__)[^*_]+(\*\*|__):?$", s) or (s.endswith(":") and not MARKER.search(s)))

    kept: list[str] = []
    for i, line in enumerate(lines):
        if heading(line):
            rest = [l for l in lines[i + 1:] if l.strip()]
            if not rest or heading(rest[0]):
                continue
        kept.append(line)
    text = "\n".join(kept)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()
