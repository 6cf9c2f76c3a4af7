"""Text repair: mojibake and page debris. Repair, never strip, non-ASCII text."""

from __future__ import annotations

import re

import ftfy

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


def strip_debris(text: str) -> str:
    """Cut the comment section and drop lone page-furniture lines."""
    kept: list[str] = []
    for line in text.split("\n"):
        if _DEBRIS_START.match(line):
            break
        tail = _DEBRIS_TAIL.search(line) if "(" in line else None
        if tail and tail.start() > 0:
            kept.append(line[: tail.start()].rstrip())
            break
        if _DEBRIS_LINE.match(line):
            continue
        kept.append(line)
    return "\n".join(kept).rstrip() + "\n"
