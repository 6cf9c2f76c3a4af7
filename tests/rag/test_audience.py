"""Who a document is for: "who is the kiln playbook meant for, do i need clay experience?" is answered
by the document's "Who is this guide for?" section, found by the answer type when the first search
missed it; its table of contents names that section but is not its answer.

Over a real index (real embedding model) of a small guide written for these tests."""

from __future__ import annotations

import pytest

from ingest.pipeline import sync
from rag.answer_lines import CUES, cues
from rag.settings import get_settings

GUIDE = """# Kiln Firing Playbook

Authors: the studio team. This is not an official product of any kiln maker.

## Table of Contents

- Who is this guide for?
- Why a kiln firing playbook?
- Guide for a first firing
  - Choosing the clay body
  - Choosing the cone
- Troubleshooting a firing

## Who is this guide for?

This guide is for potters and studio technicians who fire their own work.
We assume basic knowledge of clay bodies and glazes.

## Why a kiln firing playbook?

Currently there is an astonishing amount of guesswork involved in getting a kiln firing playbook to work
in a studio. Firing schedules are rarely written down, kiln logs gloss over the process, and the playbook
of each kiln firing studio lives in someone's head. We wrote this kiln firing playbook to collect that.

## Guide for a first firing

### Choosing the clay body

Pick a stoneware body that matures at the cone your kiln reaches.

### Choosing the cone

Cone 6 suits most studio bodies and glazes.

## Troubleshooting a firing

Crawling, pinholes and dunting: what each says about the schedule.
"""


@pytest.fixture(scope="module")
def advisor(tmp_path_factory):
    from rag.advisor import Advisor

    root = tmp_path_factory.mktemp("audience")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "kiln-playbook.md").write_text(GUIDE, encoding="utf-8")
    settings = get_settings(db_dir=root / "index", state_dir=root / "state")
    sync([corpus], settings)
    return Advisor(settings)


def test_who_a_document_is_for_is_an_answer_type():
    assert [c.name for c in cues("who is the kiln playbook meant for, do i need clay experience?")] == ["audience"]
    assert "audience" in [c.name for c in cues("who is this course for?")]
    assert "audience" in [c.name for c in cues("who is it meant for")]  # as a roadmap's name leaves it, unpunctuated
    assert "audience" not in [c.name for c in cues("who wrote the playbook?")]
    assert "audience" not in [c.name for c in cues("what is the course for nlp?")]
    audience = next(cue for cue in CUES if cue.name == "audience")
    assert audience.gives.search("This guide is for potters and studio technicians")
    assert not audience.gives.search("Cone 6 suits most studio bodies")


def test_the_audience_section_answers_not_the_contents_that_name_it(advisor):
    answer = advisor.answer("who is the kiln firing playbook meant for, do i need clay experience?")
    first = next(line for line in answer.answer.splitlines() if "[" in line)
    assert "Who is this guide for?" in first or "potters" in first, answer.answer
    assert any(c.section.endswith("Who is this guide for?") for c in answer.citations)
