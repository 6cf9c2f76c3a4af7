"""The link checker against a real web server on loopback (tests/link_site.py): every kind of
answer is recorded as what it is, and nothing runs past the deadline."""

from __future__ import annotations

import json
import time

import pytest

from rag.link_check import CheckLimits, LinkChecker, run_link_check
from rag.link_health import LinkHealthStore
from rag.settings import get_settings
from tests.link_site import GOOD_DESCRIPTION, GOOD_TITLE, HUGE_LIMIT_BYTES, LinkSite, closed_port


@pytest.fixture(scope="module")
def site():
    site = LinkSite(lifetime_s=300)
    yield site
    site.stop()


@pytest.fixture(scope="module")
def checked(site):
    paths = ["/good", "/og-only", "/plain", "/inject", "/gone", "/removed", "/crash", "/private", "/hop1",
             "/hop-to-gone", "/loop-a", "/self", "/paper.pdf", "/data.json", "/latin1", "/cyrillic", "/japanese",
             "/huge", "/endless"]
    urls = [site.url(p) for p in paths] + [site.stall_url("/never"), f"http://127.0.0.1:{closed_port()}/refused"]
    records, unchecked = LinkChecker(CheckLimits(timeout_s=2, concurrency=6, deadline_s=60)).check(urls)
    assert unchecked == 0
    return {r.url.replace(site.url(""), "").replace(site.stall_url(""), "stall:"): r for r in records}


def test_a_page_with_a_title_and_description(checked):
    good = checked["/good"]
    assert (good.status, good.code, good.title, good.description) == ("ok", 200, GOOD_TITLE, GOOD_DESCRIPTION)
    assert good.content_type == "text/html" and good.redirects == []
    og = checked["/og-only"]
    assert (og.title, og.description) == ("OG Title", "Told by Open Graph & nothing else.")
    assert checked["/plain"].description == "" and checked["/plain"].title == "A page without a description"


def test_a_description_that_addresses_a_model_is_not_kept(checked):
    assert checked["/inject"].status == "ok" and checked["/inject"].description == ""


@pytest.mark.parametrize("path,code", [("/gone", 404), ("/removed", 410), ("/crash", 500)])
def test_http_errors_are_broken_with_their_code(checked, path, code):
    record = checked[path]
    assert (record.status, record.code) == ("broken", code)
    assert record.problem().startswith(f"broken (HTTP {code})")


def test_a_site_that_refuses_robots_is_not_called_broken(checked):
    record = checked["/private"]
    assert (record.status, record.code) == ("unreachable", 403) and "refused" in record.reason


def test_redirect_chains_are_followed_and_recorded(site, checked):
    chain = checked["/hop1"]
    assert chain.status == "redirected" and chain.code == 200
    assert chain.redirects == [site.url("/hop2"), site.url("/good")] and chain.final_url == site.url("/good")
    assert chain.title == GOOD_TITLE  # the final page's head
    to_gone = checked["/hop-to-gone"]
    assert (to_gone.status, to_gone.code, to_gone.final_url) == ("broken", 404, site.url("/gone"))


def test_redirect_loops_are_detected(site, checked):
    loop = checked["/loop-a"]
    assert loop.status == "broken" and "redirect loop" in loop.reason
    assert loop.redirects == [site.url("/loop-b"), site.url("/loop-a")]
    assert checked["/self"].status == "broken" and "redirect loop" in checked["/self"].reason


def test_non_html_is_ok_without_a_head(checked):
    for path, kind in (("/paper.pdf", "application/pdf"), ("/data.json", "application/json")):
        record = checked[path]
        assert (record.status, record.content_type, record.title, record.description) == ("ok", kind, "", "")


def test_pages_in_other_charsets_are_decoded_right(checked):
    assert checked["/latin1"].title == "Café für Anfänger"  # ISO-8859-1 in the header, read as windows-1252
    assert checked["/latin1"].description == "Übungen zur Statistik, Schritt für Schritt"
    assert checked["/cyrillic"].title == "Машинное обучение"  # <meta charset>
    assert checked["/cyrillic"].description == "Курс для начинающих"
    assert checked["/japanese"].title == "機械学習入門"  # http-equiv


def test_huge_pages_are_read_only_up_to_their_head(site, checked):
    for path in ("/huge", "/endless"):  # 64 MB each; /endless never closes its head
        record = checked[path]
        assert (record.status, record.title, record.description) == ("ok", "Huge page", "Big.")
        deadline = time.monotonic() + 20
        while site.huge_sent(path) is None and time.monotonic() < deadline:
            time.sleep(0.05)  # the server notices the hang-up when its socket buffer fills
        assert site.huge_sent(path) is not None and site.huge_sent(path) < HUGE_LIMIT_BYTES


def test_a_server_that_never_answers_and_a_closed_port_are_unreachable(checked):
    stalled = checked["stall:/never"]
    assert stalled.status == "unreachable" and stalled.code is None and "no answer within 2 s" in stalled.reason
    refused = next(r for url, r in checked.items() if url.endswith("/refused"))
    assert (refused.status, refused.reason) == ("unreachable", "connection refused")


def test_the_total_deadline_stops_the_check(site):
    urls = [site.stall_url(f"/slow/{i}") for i in range(12)] + [site.url("/good")]
    started = time.monotonic()
    records, unchecked = LinkChecker(CheckLimits(timeout_s=30, concurrency=2, per_host=2, deadline_s=1.0)).check(urls)
    assert time.monotonic() - started < 25  # returned at the deadline, not after 12 stalls of 30 s
    assert unchecked == len(urls) - len(records) and unchecked >= 10


def test_a_run_is_stored_and_merged_with_earlier_results(site, tmp_path):
    settings = get_settings(db_dir=tmp_path / "index")
    urls = [site.url("/good"), site.url("/gone")]
    report = run_link_check(settings, CheckLimits(timeout_s=2), urls=urls)
    assert report.stored and not report.offline
    assert (report.summary.checked, report.summary.ok, report.summary.broken) == (2, 1, 1)
    book = LinkHealthStore.for_settings(settings).load()
    assert book.is_broken(site.url("/gone")) and not book.is_broken(site.url("/good"))
    assert book.last_run.broken == 1 and LinkHealthStore.for_settings(settings).path == tmp_path / "index.links.json"
    # a URL that left the index is dropped; the description keeps the date it was first fetched
    path = LinkHealthStore.for_settings(settings).path
    data = json.loads(path.read_text())
    data["links"][site.url("/good")]["checked_at"] = "2026-01-02T03:04:05Z"  # as if checked long ago
    path.write_text(json.dumps(data))
    run_link_check(settings, CheckLimits(timeout_s=2), urls=[site.url("/good")])
    again = LinkHealthStore.for_settings(settings).load()
    assert set(again.records) == {site.url("/good")}
    assert again.get(site.url("/good")).checked_on != "2026-01-02"
    assert again.page_description(site.url("/good")).startswith("The page describes itself (fetched 2026-01-02)")


def test_offline_stores_nothing(tmp_path):
    settings = get_settings(db_dir=tmp_path / "index")
    store = LinkHealthStore.for_settings(settings)
    urls = [f"http://127.0.0.1:{closed_port()}/a", f"http://127.0.0.1:{closed_port()}/b"]
    report = run_link_check(settings, CheckLimits(timeout_s=2), urls=urls)
    assert report.offline and not report.stored and not store.path.exists()
    assert report.offline_message().startswith("No network: none of the 2 links could be reached (connection refused)")
    assert "\n" not in report.offline_message()
