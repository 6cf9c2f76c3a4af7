"""Passage positions grouped through the columns' codes, in numpy: by stage, by top heading, by the
stem of a passage's own heading. Built once per index, read on every question."""

from __future__ import annotations

import numpy as np

from rag.text import content_terms, stem


def by_stage(doc_values: list[str], doc_codes: np.ndarray,
             stages: list[int | None]) -> dict[tuple[str, int], list[int]]:
    """(doc_id, stage index) -> the positions of that stage's passages."""
    numbers = np.array([-1 if s is None else s for s in stages], dtype=np.int64)
    staged = np.flatnonzero(numbers >= 0)
    keys = doc_codes[staged].astype(np.int64) * (int(numbers.max(initial=0)) + 1) + numbers[staged]
    return {(doc_values[doc_codes[group[0]]], stages[group[0]]): group for _, group in groups(keys, staged)}


def top_headings(doc_values: list[str], doc_codes: np.ndarray, section_values: list[str],
                 section_codes: np.ndarray) -> dict[str, list[str]]:
    """doc_id -> its top-level headings, which name a roadmap too ("The LLM Scientist"); each distinct
    (document, section) pair is read once."""
    width = max(len(section_values), 1)
    headings: dict[str, list[str]] = {}
    for key in np.unique(doc_codes.astype(np.int64) * width + section_codes.astype(np.int64)).tolist():
        top = section_values[key % width].split(" > ")[0]
        doc = headings.setdefault(doc_values[key // width], [])
        if top and top not in doc:
            doc.append(top)
    return headings


def by_heading_stem(section_values: list[str], section_codes: np.ndarray,
                    rows: np.ndarray) -> dict[str, list[int]]:
    """Stem of a passage's own heading (the last part of its section) -> the positions among `rows`
    with it; each distinct heading is stemmed once, however many sections end with it."""
    headings: dict[str, int] = {}
    heading_of = np.array([headings.setdefault(section.split(" > ")[-1], len(headings))
                           for section in section_values], dtype=np.int64)
    listed = list(headings)
    found: dict[str, list[np.ndarray]] = {}
    for code, group in groups(heading_of[section_codes[rows]], rows, as_lists=False):
        for term in {stem(t) for t in content_terms(listed[code])}:
            found.setdefault(term, []).append(group)
    return {term: np.sort(np.concatenate(parts)).tolist() for term, parts in found.items()}


def groups(keys: np.ndarray, positions: np.ndarray | None = None, *, as_lists: bool = True):
    """(key, positions in ascending order) for each distinct key; `positions`: where each key sits
    (default: 0..n-1)."""
    if positions is None:
        positions = np.arange(len(keys))
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(keys) else np.zeros(0, dtype=np.int64)
    for start, stop in zip(starts.tolist(), [*starts[1:].tolist(), len(keys)]):
        group = positions[order[start:stop]]
        yield int(ordered[start]), (group.tolist() if as_lists else group)
