"""Text repair: mojibake and page debris. Repair, never strip, non-ASCII text."""

from __future__ import annotations

import re

import ftfy

from ingest.markup import BULLET, MD_HEADING, STAGE_PATTERNS

_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
# Page furniture that blog exports and saved web pages leave behind.
_DEBRIS_START = re.compile(
    r"^\s*(top comments|comments|discussion|responses)\s*\(\d+\)\s*$", re.IGNORECASE
)
_DEBRIS_TAIL = re.compile(r"(top comments|discussion) ?\(\d+\)[ \t]*$", re.IGNORECASE)
_DEBRIS_LINE = re.compile(
    r"^\s*(subscribe|sign in|log in|share( this)?( post| article)?|like|reply|"
    r"read next|copy link|report abuse|hide child comments)\s*$",
    re.IGNORECASE,
)


def _redecode_mac_roman(run: str) -> str:
    """UTF-8 bytes that were decoded as Mac Roman (ftfy misses the ones with the Apple logo)."""
    try:
        fixed = run.encode("mac_roman").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return run
    return fixed if len(fixed) < len(run) else run


def repair_text(text: str) -> str:
    text = ftfy.fix_text(text, uncurl_quotes=False, normalization="NFC")
    text = _NON_ASCII_RUN.sub(lambda m: _redecode_mac_roman(m.group(0)), text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_content(line: str) -> bool:
    """A line of roadmap structure: a heading, a bullet or a bare stage heading ("Step 3: ...")."""
    if MD_HEADING.match(line) or BULLET.match(line):
        return True
    bare = line.strip()
    return any(pattern.match(bare) for pattern, _ in STAGE_PATTERNS)


def strip_debris(text: str) -> str:
    """Cut a trailing comment section and drop lone page-furniture lines. A comment-count line with
    headings or bullets after it is not the end of the page: only that line goes."""
    lines = text.split("\n")
    last_content = max((i for i, line in enumerate(lines) if _is_content(line)), default=-1)
    kept: list[str] = []
    for number, line in enumerate(lines):
        trailing = number >= last_content
        if _DEBRIS_START.match(line):
            if trailing:
                break
            continue
        tail = _DEBRIS_TAIL.search(line) if "(" in line else None
        if tail and tail.start() > 0:
            kept.append(line[: tail.start()].rstrip())
            if trailing:
                break
            continue
        if _DEBRIS_LINE.match(line):
            continue
        kept.append(line)
    return "\n".join(kept).rstrip() + "\n"
