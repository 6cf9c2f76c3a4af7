"""Markdown as roadmaps write it: links, bullets, heading lines, inline marks, and the wording
that makes a heading a stage ("Step 7: ...", "Q2 2026: ...", "Option B: ...", "If Your Goal is ...")."""

from __future__ import annotations

import re

# (regex over the heading text, group name). Stages of one group form an ordered sequence.
STAGE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?P<label>(step|phase|stage|level|module|part|lecture|lesson|chapter|unit)\s*#?\d{1,3})\s*([:.)\-–—|]\s*\S|$)", re.I), "steps"),
    (re.compile(r"^(?P<label>q[1-4]\s+\d{4})\s*[:\-–—]\s*\S", re.I), "quarters"),
    (re.compile(r"^(?P<label>(month|months|week|weeks)\s+\d+(\s*[-–]\s*\d+)?)\s*[:\-–—]\s*\S", re.I), "timeline"),
    (re.compile(r"^(?P<label>option\s+[a-z0-9])\s*[:\-–—]\s*\S", re.I), "options"),
    (re.compile(r"^(?P<label>if your goal is)\s+\S", re.I), "paths"),
    (re.compile(r"^(?P<label>day\s*\d{1,3})\s*([:.)\-–—|]\s*\S|$)", re.I), "days"),
    (re.compile(r"^(?P<label>part\s+[ivx]{1,5})\s*([:.)\-–—|]\s*\S|$)", re.I), "steps"),
    # the marker at the end: "Linear Regression | Day 4", "Backprop - Week 3", "Basics (Part 2)"
    (re.compile(r"^\w.*?\s*[|:\-–—(,]\s*(?P<label>(day|week|part)\s*(\d{1,3}|[ivx]{1,5}\b))\s*\)?$", re.I), "trailing"),
]
TRAILING_GROUPS = {"day": "days", "week": "timeline", "part": "steps"}
LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\((https?://[^)\s]{1,2000})\)")  # bounded, so linear on a run of brackets
BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(.*)$")
MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(\S.*)$")
ITEM_HEADING = re.compile(r"^ {0,3}[-*+][ \t]+(#{1,6})[ \t]+(\S.*)$")  # "- ### Stack": a list item that is a heading
CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")  # "## Title ##" closes; "Learn C#" keeps its hash


def item_heading(line: str) -> tuple[int, str] | None:
    """(level, text) of a list item written as a heading ("- ### Linked Lists" in a task list)."""
    found = ITEM_HEADING.match(line)
    return (len(found.group(1)), found.group(2).strip()) if found else None


def clean_inline(text: str) -> str:
    """Drop Markdown emphasis and code marks; keep link anchors as plain text."""
    text = LINK.sub(lambda m: m.group(1), text)
    text = re.sub(r"(\*\*|__|`)", "", text)
    return " ".join(text.split()).strip()


def clean_heading(text: str) -> str:
    return clean_inline(text).rstrip(":").strip()


def match_stage(heading: str) -> tuple[str, str] | None:
    for pattern, group in STAGE_PATTERNS:
        found = pattern.match(heading)
        if found:
            label = " ".join(found.group("label").split())
            if group == "trailing":
                group = TRAILING_GROUPS[re.match(r"[a-z]+", label.lower()).group(0)]
            if group in {"steps", "days", "timeline"}:  # "Step 01", "step 1", "STEP#1" -> "Step 1"
                label = re.sub(r"^(\D+?)\s*#?0*(\d)", r"\1 \2", label)
            return re.sub(r"(?<=^Part )[IVXivx]+$", lambda m: m.group(0).upper(), label.title()), group  # "Part II"
    return None
