"""Citations checked by code, after generation. The model is asked to cite; this enforces it.

Given the model's raw answer and the passages it was shown (numbered 1..N in the prompt):

1. Tidy the markers: `[1, 2]`, `[1-2]`, `[Passage 1]`, `【1】`, `[^1]` become `[1][2]`/`[1]`; a trailing
   "Sources:" list the model wrote is dropped (the answer's citations are built here instead;
   rag.backends.markers).
2. Markers naming no passage (`[9]` when 6 were shown) are removed and reported.
3. Links: any URL that is not a catalogue entry's url or a roadmap's own Markdown link (and not on
   an instruction-like line) is removed with the sentence, bullet or table cell that carries it, so
   a made-up or injected resource never reaches the learner; removed links are reported
   (rag.backends.allowed_links; sentences and cells are rag.backends.answer_units).
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

from rag.backends.allowed_links import MD_LINK, URL, normalise_url, resource_links
from rag.backends.answer_units import drop_units, split_units, tidy, units_of_claims
from rag.backends.connective import connective
from rag.backends.markers import tidy_markers
from rag.claims import MIN_UNCITED_TERMS, content_words, is_heading
from rag.extractive import CitationBook
from rag.grounding import MARKER, check_claims, passage_text, plain
from rag.intents.injection import instruction_like, redact
from rag.literal_refs import code_as_written, outside_code, without_code
from rag.models import Citation, Grounding, Passage, ResourceLink
from rag.safe_markdown import safe_markdown

CITED = re.compile(r"(?<!\\)\[(\d+)\](?!\()")


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


class CitationChecker:
    def __init__(self, embedder, allowed_urls: set[str]):
        self.embedder = embedder
        self.allowed_urls = allowed_urls

    # -- the steps --------------------------------------------------------------------------
    def check(self, raw: str, passages: list[Passage], retrieved: list[Passage]) -> CheckedAnswer:
        shown = {i: p for i, p in enumerate(passages, 1)}
        text = code_as_written(tidy_markers(safe_markdown(raw)))  # no HTML from the model, whatever it was told
        text, removed_markers = self._drop_invalid_markers(text, shown)
        text, removed_links = self._drop_unknown_links(text)
        text, injected = self._drop_instructions(text)
        text, stray = self._drop_uncited(text)

        cited = {n: support_text(p) for n, p in shown.items()}
        context = list(cited.values())
        checks = check_claims(text, cited, self.embedder, context=context)
        supported = sum(1 for c in checks if c.supported)
        owners = units_of_claims(text, [c.claim for c in checks])
        text, dropped = drop_units(text, {u for c, u in zip(checks, owners) if not c.supported and u is not None})
        dropped = injected + stray + dropped
        text = tidy(text)

        score = round(supported / len(checks), 3) if checks else 0.0
        numbers = [n for n in dict.fromkeys(int(m) for m in CITED.findall(without_code(text))) if n in shown]
        # Usable: at least one claim that cites a passage and is supported by it is left standing.
        usable = bool(numbers) and any(c.supported and set(c.claim.markers) & set(numbers) for c in checks)
        book = CitationBook(retrieved)
        renumber = {n: book.number(shown[n]) for n in numbers}
        text = outside_code(text, lambda piece: CITED.sub(lambda m: f"[{renumber.get(int(m.group(1)), m.group(1))}]", piece))
        resources = resource_links(text, [shown[n] for n in numbers], passages, book)

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
        return tidy(cleaned), removed + injected

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
        return drop_units(text, stray)

    def _drop_instructions(self, text: str) -> tuple[str, list[str]]:
        """Sentences that address the model (an echoed or obeyed injection) never reach the learner."""
        units = split_units(text)
        return drop_units(text, {i for i, unit in enumerate(units) if instruction_like(unit.text)})

    def _drop_invalid_markers(self, text: str, shown: dict[int, Passage]) -> tuple[str, list[int]]:
        removed: list[int] = []

        def keep(match: re.Match) -> str:
            numbers = [int(n) for n in match.group(1).split(",")]
            good = [n for n in numbers if n in shown]
            removed.extend(n for n in numbers if n not in shown)
            return "".join(f"[{n}]" for n in good)

        text = outside_code(text, lambda piece: MARKER.sub(keep, piece))  # "arr[9]" in code is no marker
        return text, sorted(set(removed))

    def allows(self, url: str) -> bool:
        return normalise_url(url) in self.allowed_urls

    def _drop_unknown_links(self, text: str) -> tuple[str, list[str]]:
        removed: list[str] = []
        for match in MD_LINK.finditer(text):
            if not self.allows(match.group(2)):
                label = plain(match.group(1))
                removed.append(f"{label} ({match.group(2)})" if label else match.group(2))
        linked = {m.group(2) for m in MD_LINK.finditer(text)}
        for url in URL.findall(text):
            url = url.rstrip(".,;:!?*_")
            if url not in linked and not self.allows(url) and url not in removed:
                removed.append(url)
        if not removed:
            return text, []
        units = split_units(text)
        bad = {i for i, unit in enumerate(units) if any(not self.allows(u) for u in URL.findall(unit.text))}
        text, _ = drop_units(text, bad)
        # Whatever is left outside a sentence or cell (a table's header row): the link itself goes.
        text = MD_LINK.sub(lambda m: m.group(0) if self.allows(m.group(2)) else plain(m.group(1)), text)
        text = URL.sub(lambda m: m.group(0) if self.allows(m.group(0)) else "", text)
        return text, list(dict.fromkeys(removed))
