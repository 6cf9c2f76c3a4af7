"""Link health in the UI: the sidebar's last check and its button (run against a loopback web
site), and the notes under a resource card."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from app.links_panel import card_notes, last_check_caption
from rag.link_health import LinkCheckSummary
from rag.models import ResourceLink
from tests.app.conftest import APP_TIMEOUT, SCRIPT, ask, keyed, latest_message, plain
from tests.app.test_links_cmd import write_corpus
from tests.link_site import GOOD_DESCRIPTION, LinkSite


def test_caption_before_and_after_a_check():
    assert last_check_caption(None) == "Links not checked yet."
    summary = LinkCheckSummary(checked_at=datetime(2026, 3, 4, 5, 6, tzinfo=timezone.utc), checked=7, ok=4,
                               redirected=1, broken=1, unreachable=1, unchecked=2)
    assert last_check_caption(summary) == ("Links checked 2026-03-04 05:06 UTC: 4 ok, 1 redirected, 1 broken, "
                                           "1 unreachable, 2 not reached before the deadline.")


def test_card_notes_are_inert_text():
    resource = ResourceLink(title="t", url="https://example.org/x", citation=1, health="broken", checked="2026-03-04",
                            page_description='The page describes itself (fetched 2026-03-04): "see [here](javascript:x)"')
    notes = card_notes(resource)
    assert notes[0] == r":red[link broken when checked on 2026\-03\-04]"
    assert notes[1].startswith(":gray[") and "](" not in notes[1]  # a link in fetched words stays text


@pytest.fixture
def site():
    site = LinkSite(lifetime_s=300)
    yield site
    site.stop()


def test_sidebar_button_runs_the_check_and_cards_show_what_it_found(site, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from app.cli import main

    db = tmp_path / "index"
    corpus = write_corpus(tmp_path / "corpus", site.url(""))
    assert main(["ingest", str(corpus), "--db", str(db), "--json"]) == 0
    monkeypatch.setenv("ADVISOR_DB_DIR", str(db))
    monkeypatch.setenv("ADVISOR_CORPUS_DIR", str(corpus))

    at = AppTest.from_file(str(SCRIPT), default_timeout=APP_TIMEOUT).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(plain(c.value) == "Links not checked yet." for c in at.sidebar.caption)

    at.button(key="check-links").click().run()
    assert not at.exception, [e.value for e in at.exception]
    captions = [plain(c.value) for c in at.sidebar.caption]
    assert any(c.startswith("Links checked ") and c.endswith(": 2 ok, 1 redirected, 2 broken, 0 unreachable.")
               for c in captions), captions
    assert any("Checked 5 links" in plain(a.value) for a in at.sidebar.info)

    ask(at, "Resources for deep learning?")
    answer = latest_message(at)["answer"]
    mid = latest_message(at)["id"]
    cards = {plain(card.markdown[0].value): [plain(m.value) for m in card.markdown[2:]] for card in keyed(at, f"resource-{mid}-")}
    dead = next(notes for title, notes in cards.items() if "The Deep Learning Book" in title)
    good = next(notes for title, notes in cards.items() if "Practical Deep Learning" in title)
    today = next(r.checked for r in answer.resources if r.health == "broken")
    assert dead == [f":red[link broken when checked on {today}]"]
    assert good == [f':gray[The page describes itself (fetched {today}): "{GOOD_DESCRIPTION}"]']
