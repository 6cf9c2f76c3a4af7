"""A catalogue entry's passage: the page's own words fill in only where no description was written."""

from __future__ import annotations

from ingest.catalogue import describe
from rag.models import CatalogueResource

PAGE = 'The page describes itself (fetched 2026-05-06): "Words from the page."'


def entry(description: str = "") -> CatalogueResource:
    return CatalogueResource(id="x", title="X course", url="https://example.org/x", kind="course",
                             description=description)


def test_page_words_fill_a_missing_description():
    lines = describe(entry(), {}, PAGE).split("\n")
    assert lines[-2:] == [PAGE, "Link: https://example.org/x"]


def test_a_hand_written_description_wins():
    text = describe(entry("Written by us, in our own words."), {}, PAGE)
    assert "Written by us, in our own words." in text and "Words from the page" not in text


def test_without_a_check_nothing_changes():
    assert describe(entry(), {}) == describe(entry(), {}, "")
