"""Chunks along the roadmap structure, sized in the embedding model's own word pieces.

A chunk never crosses a section (so never a stage); each starts with its heading path so that
both the embedder and BM25 see where it sits.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Callable

from ingest.structure import LINK, ParsedDocument, clean_inline
from rag.intents import instruction_like

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Chunk:
    id: str
    text: str  # heading path line + body: what is embedded and stored
    body: str
    metadata: dict = field(hash=False)


def chunk_id(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def short_title(title: str) -> str:
    return title.split(":")[0].strip() if len(title) > 40 and ":" in title else title


def split_to_budget(lines: list[str], budget: int, count: Callable[[str], int],
                    joined: Callable[[list[int]], int] | None = None) -> list[str]:
    """Greedy packing of whole lines; a line over budget is split at sentences, then words.
    `joined`: the count of pieces joined by newlines from their own counts, when the tokenizer makes
    that exact; each piece is then counted once instead of every candidate chunk again."""
    if joined is not None:
        count = _remembered(count)
    pieces: list[str] = []
    headers: list[list[str]] = []  # per piece: the header rows of the table it is a row of, if any
    table_header = _table_headers(lines)
    for number, line in enumerate(lines):
        headers += [table_header[number - 1]] * (len(pieces) - len(headers))  # the pieces of the line before
        if count(line) <= budget:
            pieces.append(line)
            continue
        sentences = SENTENCE_END.split(line)
        for sentence in sentences:
            if count(sentence) <= budget:
                pieces.append(sentence)
                continue
            words, current = [], []
            for word in sentence.split():
                if count(word) <= budget:
                    words.append(word)
                    continue
                step = max(8, len(word) * budget // (2 * count(word)))  # a URL, a base64 blob
                words += [word[i : i + step] for i in range(0, len(word), step)]
            for word in words:
                if current and count(" ".join(current + [word])) > budget:
                    pieces.append(" ".join(current))
                    current = []
                current.append(word)
            if current:
                pieces.append(" ".join(current))
    headers += [table_header[-1] if lines else []] * (len(pieces) - len(headers))
    size = lambda chunk: joined([count(line) for line in chunk]) if joined else count("\n".join(chunk))
    packed: list[str] = []
    current_lines: list[str] = []
    for piece, header in zip(pieces, headers):
        if current_lines and size(current_lines + [piece]) > budget:
            repeat = bool(header) and size(header + [piece]) <= budget  # a table's later rows keep their column names
            if repeat and current_lines[-2:] == header:
                current_lines = current_lines[:-2]  # not a header without rows at a chunk's end
            if current_lines:
                packed.append("\n".join(current_lines))
            current_lines = list(header) if repeat else []
        current_lines.append(piece)
    if current_lines:
        packed.append("\n".join(current_lines))
    return packed


def chunk_document(
    parsed: ParsedDocument, *, max_tokens: int, count: Callable[[str], int], source_hash: str,
    joined: Callable[[list[int]], int] | None = None,
) -> list[Chunk]:
    structure = parsed.structure
    heading = short_title(structure.title)
    chunks: list[Chunk] = []
    seen: set[str] = set()
    for section in parsed.sections:
        section_name = section.name or "Introduction"
        prefix = f"{heading} > {section_name}"
        while count(prefix) > max_tokens // 2 and len(prefix) > 24:  # an absurdly long heading path
            prefix = prefix[: int(len(prefix) * 0.8)].rstrip() + "…"
        budget = max_tokens - count(prefix) + 1  # the prefix line and the body share one [CLS]/[SEP]
        lines = [clean_inline(line) if not line.lstrip().startswith(("-", "*", "+")) else _clean_bullet(line)
                 for line in section.lines]
        lines = [line for line in lines if line.strip()]
        stage = structure.stage(section.stage_index) if section.stage_index is not None else None
        section_links = [
            {"text": clean_inline(anchor), "url": url} for line in section.lines
            if not instruction_like(line)  # a link planted in a line addressed to a model (ingest.planted)
            for anchor, url in LINK.findall(line)
        ]
        for ordinal, body in enumerate(split_to_budget(lines, max(budget, 16), count, joined)):
            text = f"{prefix}\n{body}"
            while count(text) > max_tokens and "\n" in body:  # rare: joining added a token
                body = body.rsplit("\n", 1)[0]
                text = f"{prefix}\n{body}"
            # the id covers exactly what is embedded, so any change to it is re-embedded
            identifier = chunk_id(structure.doc_id, text)
            if identifier in seen:
                identifier = chunk_id(structure.doc_id, text, str(ordinal), str(len(chunks)))
            seen.add(identifier)
            chunks.append(
                Chunk(
                    id=identifier,
                    text=text,
                    body=body,
                    metadata={
                        "source": structure.source,
                        "doc_id": structure.doc_id,
                        "title": structure.title,
                        "section": section_name,
                        "stage_index": stage.index if stage else -1,
                        "stage_title": stage.title if stage else "",
                        "kind": "roadmap",
                        "url": "",
                        "resource_id": "",
                        "links": json.dumps([link for link in section_links if link["text"] in body]),
                        "source_hash": source_hash,
                    },
                )
            )
    return chunks


TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _table_headers(lines: list[str]) -> list[list[str]]:
    """Per line: the header row and rule of the Markdown table it is a body row of, else []."""
    out: list[list[str]] = [[] for _ in lines]
    start = None  # the line number of the current table's header row
    for number, line in enumerate(lines):
        if number + 1 < len(lines) and TABLE_ROW.match(line) and TABLE_RULE.match(lines[number + 1]):
            start = number
        elif start is not None and number > start + 1 and TABLE_ROW.match(line):
            out[number] = lines[start:start + 2]
        elif start is None or number != start + 1:
            start = None
    return out


def _remembered(count: Callable[[str], int]) -> Callable[[str], int]:
    known: dict[str, int] = {}

    def remembered(text: str) -> int:
        if text not in known:
            known[text] = count(text)
        return known[text]

    return remembered


def _clean_bullet(line: str) -> str:
    indent = len(line) - len(line.lstrip())
    marker, _, rest = line.lstrip().partition(" ")
    return f"{'  ' * (indent // 2)}- {clean_inline(rest)}" if marker in "-*+" else clean_inline(line)
