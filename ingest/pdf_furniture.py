"""A PDF's page furniture: what sits in a page's top or bottom margin and belongs to the page, not the
roadmap. Lines that repeat there across pages, and, even on a one-page PDF where nothing repeats, a
page number ("3", "Page 2 of 5"), a page number beside the site's address ("1 www.aiquest.org",
"3www.aiquest.org") or the address alone in type smaller than the text."""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

PAGE_NUMBER = re.compile(r"^\s*(page\s+)?\d{1,4}(\s*(of|/)\s*\d{1,4})?\s*$", re.I)
_SITE = r"(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}(?:/\S*)?"
_NUMBER = r"(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
NUMBERED_SITE = re.compile(rf"^\s*(?:{_NUMBER}\s*[|·•–—-]?\s*{_SITE}|{_SITE}\s*[|·•–—-]?\s*{_NUMBER})\s*$", re.I)
BARE_SITE = re.compile(rf"^\s*{_SITE}\s*$", re.I)
SMALLER = 0.9  # an address in type this much smaller than the text is a footer, not a link the roadmap gives


def furniture_key(text: str) -> str:
    """The same furniture on every page whatever its page number."""
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def repeated(margins: Iterable[Iterable[str]], pages: int) -> set[str]:
    """Keys of the margin lines that recur on half the pages or more (at least two)."""
    counts = Counter(key for lines in margins for key in {furniture_key(text) for text in lines})
    needed = max(2, (pages + 1) // 2)
    return {key for key, count in counts.items() if count >= needed}


def is_furniture(text: str, size: float, text_size: float, recurring: set[str]) -> bool:
    """A margin line that belongs to the page: recurring, a page number, or the site's address."""
    return (furniture_key(text) in recurring or bool(PAGE_NUMBER.match(text) or NUMBERED_SITE.match(text))
            or (size < text_size * SMALLER and bool(BARE_SITE.match(text))))
