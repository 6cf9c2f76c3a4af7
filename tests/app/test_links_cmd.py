"""`advisor links check` end to end: a tiny corpus whose links point at a loopback web site is
indexed, checked, and then answered from; with no network the command says so in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from tests.link_site import GOOD_DESCRIPTION, LinkSite, closed_port

ROADMAP = """# Zebra Learning Roadmap

## Step 1: Python Basics

### What to learn
- Python syntax, functions and data structures

### Resources
- [Python course]({site}/plain)
- [Old Python wiki]({site}/removed)

## Step 2: Deep Learning

### What to learn
- Neural networks, backpropagation and training loops

### Resources
- [Deep learning lectures]({site}/hop1)
"""

CATALOGUE = """resources:
  - id: practical-dl
    title: Practical Deep Learning
    url: {site}/good
    kind: course
    cost: free
    topics: [deep-learning]
    recommended_by:
      - roadmap: zebra-roadmap
        stage: "Step 2: Deep Learning"
  - id: dead-book
    title: The Deep Learning Book
    url: {site}/gone
    kind: book
    cost: free
    topics: [deep-learning]
    recommended_by:
      - roadmap: zebra-roadmap
        stage: "Step 2: Deep Learning"
    description: A classic textbook on deep learning theory, written up by hand in the catalogue.
"""


def write_corpus(folder: Path, site: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "zebra-roadmap.md").write_text(ROADMAP.format(site=site), encoding="utf-8")
    (folder / "resources.yaml").write_text(CATALOGUE.format(site=site), encoding="utf-8")
    return folder


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def site():
    site = LinkSite(lifetime_s=600)
    yield site
    site.stop()


def test_offline_says_so_in_one_line_and_changes_nothing(tmp_path, capsys):
    db = tmp_path / "index"
    corpus = write_corpus(tmp_path / "corpus", f"http://127.0.0.1:{closed_port()}")
    assert run(["ingest", str(corpus), "--db", str(db), "--json"], capsys)[0] == 0
    stored = tmp_path / "index.links.json"
    stored.write_text('{"version": 1, "links": {}, "last_run": null}')  # an earlier check's results
    before = stored.read_bytes()

    code, out, err = run(["links", "check", "--db", str(db), "--timeout", "2"], capsys)
    assert code == 0 and err == ""
    assert out.count("\n") == 1 and out.startswith("No network: none of the 5 links could be reached (connection refused)")
    assert stored.read_bytes() == before

    code, out, _ = run(["links", "check", "--db", str(db), "--timeout", "2", "--json"], capsys)
    data = json.loads(out)
    assert data["offline"] is True and data["checked"] == 0 and stored.read_bytes() == before


def test_without_an_index_the_error_says_how_to_build_one(tmp_path, capsys):
    code, out, err = run(["links", "check", "--db", str(tmp_path / "none")], capsys)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.startswith("error: No roadmap index found") and "advisor ingest --db" in err


def test_bad_options_are_one_line_errors(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["links", "check", "--timeout", "0"])
    assert exc.value.code == 2 and "above 0" in capsys.readouterr().err


def test_check_then_answer_shows_the_broken_mark_and_the_page_description(site, tmp_path, capsys, monkeypatch):
    from rag.advisor import get_advisor, reset_advisors
    from rag.settings import get_settings

    db = tmp_path / "index"
    corpus = write_corpus(tmp_path / "corpus", site.url(""))
    assert run(["ingest", str(corpus), "--db", str(db), "--json"], capsys)[0] == 0

    code, out, _ = run(["links", "check", "--db", str(db), "--timeout", "3", "--json"], capsys)
    summary = json.loads(out)
    assert code == 0 and summary["offline"] is False
    assert {k: summary[k] for k in ("checked", "ok", "redirected", "broken", "unreachable")} == {
        "checked": 5, "ok": 2, "redirected": 1, "broken": 2, "unreachable": 0}
    assert sorted(p.split(":", 1)[0] for p in summary["problems"]) == ["broken (HTTP 404)", "broken (HTTP 410)", "redirected"]

    reset_advisors()
    settings = get_settings(db_dir=db)
    answer = get_advisor(settings).answer("Resources for deep learning?")
    by_url = {r.url: r for r in answer.resources}
    dead, good = by_url[site.url("/gone")], by_url[site.url("/good")]
    today = dead.checked
    assert dead.health == "broken" and f"]({site.url('/gone')}) (link broken when checked on {today})" in answer.answer
    assert dead.page_description is None  # its hand-written description wins
    assert good.health == "ok" and "link broken" not in answer.answer.split(site.url("/good"))[1].split("\n")[0]
    assert good.page_description == f'The page describes itself (fetched {today}): "{GOOD_DESCRIPTION}"'
    contract = answer.to_contract()
    assert {"health": "broken", "checked": today}.items() <= next(
        r for r in contract["resources"] if r["url"] == site.url("/gone")).items()

    # the terminal shows the same marks under each resource
    code, out, _ = run(["ask", "Resources for deep learning?", "--db", str(db)], capsys)
    out = " ".join(out.split())  # rich wraps at the terminal width
    assert f"link broken when checked on {today}" in out and GOOD_DESCRIPTION[:40] in out

    # the next sync indexes the page's words: a question only they answer now finds the resource
    assert "zebrafish" not in " ".join(p.text for p in get_advisor(settings).store.all_passages())
    report = json.loads(run(["ingest", str(corpus), "--db", str(db), "--json"], capsys)[1])
    # the catalogue and the roadmap (whose "Deep learning lectures" link redirects to that page) are
    # read again; only the two resource passages that gained the page's words are embedded
    assert report["updated"] == 2 and report["embedded"] == 2
    reset_advisors()
    answer = get_advisor(settings).answer("Which resources teach zebrafish-level deep learning?")
    cited = [c for c in answer.citations if "zebrafish" in c.text]
    assert cited and cited[0].text.count(f"The page describes itself (fetched {today})") == 1
