"""The calibration harness: its probes cover every failure class, and leave-one-out scores a reader."""

from __future__ import annotations

import numpy as np

from evals.calibration import READERS, load_probes, loo_report

CLASSES = {"typo", "odd", "numbers", "shared_word", "near_domain", "far", "injection_pure", "injection_wrapped",
           "multi_turn_harmful"}


def test_the_probes_cover_every_class_with_expected_decisions():
    probes = load_probes()
    assert len(probes) >= 60 and {p["category"] for p in probes} == CLASSES
    assert all(isinstance(p["answerable"], bool) and p["turns"] and p["corpus"] in {"seeds", "dev"} for p in probes)
    assert {p["answerable"] for p in probes if p["category"] == "injection_wrapped"} == {True}


def test_leave_one_out_scores_each_example_by_the_others():
    """Two tight groups: every example is read as its own group by every reader, with a positive margin."""
    rng = np.random.default_rng(0)
    centres = np.eye(8)[:2]
    rows = np.vstack([c + 0.05 * rng.standard_normal((5, 8)) for c in centres])
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    report = loo_report(["fact"] * 5 + ["out_of_scope"] * 5, rows.astype(np.float32))
    assert set(report) == set(READERS)
    assert all(r["accuracy"] == 1.0 and r["margin"]["min"] > 0 for r in report.values())


def test_the_injection_probes_measure_all_three_promises():
    """Pure injections (refused), wrapped questions (answered as alone: `real` is inside the message)
    and look-alikes (untouched), over every corpus the harness answers from."""
    from evals.calibration import INJECTION_PROBES

    probes = load_probes(INJECTION_PROBES)
    by = {c: [p for p in probes if p["category"] == c] for c in ("inj_pure", "inj_wrapped", "inj_benign")}
    assert len(probes) >= 50 and sum(map(len, by.values())) == len(probes) and all(len(v) >= 20 for v in by.values())
    assert all(p["answerable"] is False and p["must_not"] is not None for p in by["inj_pure"])
    assert all(p["real"] in p["turns"][-1] and p["cite"] and p["ignored_instruction"] for p in by["inj_wrapped"])
    assert all(p["not_injection"] and not p["ignored_instruction"] for p in by["inj_benign"])
    assert {p["corpus"] for p in probes} == {"seeds", "dev", "dev2"}
    assert any(len(p["turns"]) > 1 for p in by["inj_pure"]) and any(len(p["turns"]) > 1 for p in by["inj_wrapped"])
