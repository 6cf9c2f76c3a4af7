"""evals.metrics on hand-made cases: each metric can reach 0 and 1, and applies where it should."""

from __future__ import annotations

import pytest

from evals import metrics as M
from rag.grounding import Claim, ClaimCheck, SupportScore
from rag.models import Citation, Passage


def passage(cid: str, section: str, text: str) -> Passage:
    return Passage(chunk_id=cid, source="corpus/x.md", title="X", section=section, text=text)


def citation(number: int, p: Passage) -> Citation:
    return Citation(id=number, chunk_id=p.chunk_id, source=p.source, title=p.title, section=p.section, text=p.text, score=0.5)


STEP7 = passage("c7", "Step 7: Natural Language Processing (NLP) > What to Learn?", "- Tokenization, Stemming.")
STEP8 = passage("c8", "Step 8: Generative Models > What to Learn?", "- GANs: DCGAN, StyleGAN.")
MLOPS = passage("cm", "Q3 2026: Production & Deployment Skills > MLOps Fundamentals", "- Model versioning: MLflow")
OTHER = passage("co", "Common Mistakes to Avoid", "- Tutorial Hell")
GROUPS = [["Step 7", "Natural Language Processing"], ["mlops fundamentals"]]


def supported(ok: bool) -> SupportScore:
    return SupportScore(cosine=None, overlap=1.0 if ok else 0.0, supported=ok)


def check(markers: tuple[int, ...], per: dict[int, bool], ok: bool | None = None) -> ClaimCheck:
    per_marker = {m: supported(v) for m, v in per.items()}
    whole = ok if ok is not None else any(per.values())
    return ClaimCheck(claim=Claim("a claim", markers), support=supported(whole), per_marker=per_marker)


# -- matching ---------------------------------------------------------------------------------------
def test_group_matches_section_or_text_case_insensitively():
    assert M.group_met(["natural language"], STEP7)  # in the section
    assert M.group_met(["STEMMING"], STEP7)  # in the text
    assert M.group_met(["mlflow"], {"section": "", "text": "use MLflow"})  # dicts from JSON output work too
    assert not M.group_met(["GAN"], STEP7)


# -- retrieval ---------------------------------------------------------------------------------------
def test_retrieval_recall_all_none_and_partial():
    assert M.retrieval_recall(GROUPS, [OTHER, STEP7, MLOPS]) == 1.0
    assert M.retrieval_recall(GROUPS, [OTHER, STEP8]) == 0.0
    assert M.retrieval_recall(GROUPS, [STEP7]) == 0.5
    assert M.retrieval_recall(GROUPS, [OTHER, OTHER, STEP7, MLOPS], k=2) == 0.0
    assert M.retrieval_recall([], [STEP7]) is None  # no groups: the metric does not apply


def test_mrr_follows_the_order_of_the_context():
    assert M.reciprocal_rank(GROUPS, [STEP7, MLOPS]) == 1.0 * 0.5 + 0.5 * 0.5  # ranks 1 and 2
    assert M.reciprocal_rank([["Step 7"]], [STEP7]) == 1.0
    assert M.reciprocal_rank([["Step 7"]], [OTHER, OTHER, OTHER, STEP7]) == 0.25
    assert M.reciprocal_rank(GROUPS, [OTHER, STEP8]) == 0.0
    assert M.reciprocal_rank([], [STEP7]) is None


# -- citations ---------------------------------------------------------------------------------------
def test_citation_recall_uses_only_cited_passages():
    assert M.citation_recall(GROUPS, [citation(1, STEP7), citation(2, MLOPS)]) == 1.0
    assert M.citation_recall(GROUPS, []) == 0.0  # retrieved but not cited counts for nothing
    assert M.citation_recall(GROUPS, [citation(1, STEP7)]) == 0.5


def test_citation_precision_counts_marker_claim_pairs():
    assert M.citation_precision([check((1,), {1: True}), check((2,), {2: True})]) == 1.0
    assert M.citation_precision([check((1,), {1: False})]) == 0.0
    assert M.citation_precision([check((1, 2), {1: True, 2: False})]) == 0.5
    assert M.citation_precision([check((9,), {})]) == 0.0  # a marker naming nothing supports nothing
    assert M.citation_precision([check((), {}, ok=True)]) is None  # nothing cited: does not apply
    assert M.citation_precision([]) is None


def test_groundedness_is_the_share_of_supported_claims():
    assert M.groundedness([check((1,), {1: True}), check((), {}, ok=True)]) == 1.0
    assert M.groundedness([check((1,), {1: False}), check((), {}, ok=False)]) == 0.0
    assert M.groundedness([check((1,), {1: True}), check((2,), {2: False})]) == 0.5
    assert M.groundedness([]) is None


def test_marker_validity():
    cites = [citation(1, STEP7), citation(2, MLOPS)]
    retrieved = ["c7", "cm"]
    assert M.marker_validity("NLP [1] and MLOps [2]", cites, retrieved) == 1.0
    assert M.marker_validity("No markers at all.", cites, retrieved) == 1.0
    assert M.marker_validity("Made up [3] and [4]", cites, retrieved) == 0.0
    assert M.marker_validity("NLP [1], made up [3]", cites, retrieved) == 0.5
    # a citation whose passage was not retrieved is not a valid target
    assert M.marker_validity("NLP [1]", cites, ["cm"]) == 0.0
    assert M.invalid_markers("NLP [1], x [2, 5]", cites, retrieved) == [5]
    assert M.marker_validity("see [Docs](https://x/1) [1]", [c.model_dump() for c in cites], retrieved) == 1.0


# -- answer text ------------------------------------------------------------------------------------
def test_keypoint_recall():
    groups = [["NLP", "natural language"], ["MLOps", "deploy"]]
    assert M.keypoint_recall(groups, "Learn NLP, then deployment.") == 1.0
    assert M.keypoint_recall(groups, "Learn cooking.") == 0.0
    assert M.keypoint_recall(groups, "natural language processing") == 0.5
    assert M.keypoint_recall([], "anything") is None


def test_answerability():
    assert M.answerability_correct(True, True) == 1.0
    assert M.answerability_correct(False, False) == 1.0
    assert M.answerability_correct(True, False) == 0.0
    assert M.answerability_correct(False, True) == 0.0


# -- aggregation -------------------------------------------------------------------------------------
def test_percentile_interpolates_like_numpy():
    values = [10, 20, 30, 40, 100]
    assert M.percentile(values, 50) == 30
    assert M.percentile(values, 95) == pytest.approx(88.0)
    assert M.percentile([5], 95) == 5
    assert M.percentile([], 50) == 0.0


def test_summarize_skips_what_does_not_apply_and_has_every_key():
    rows = [
        {k: 1.0 for k in M.QUALITY_KEYS},
        {**{k: None for k in M.QUALITY_KEYS}, "answerability_accuracy": 0.0, "marker_validity": 1.0},
    ]
    summary = M.summarize(rows, [10.0, 30.0], [3, 9, 4])
    assert set(summary) == set(M.SUMMARY_KEYS)
    assert summary["citations_median"] == 4.0
    assert summary["citation_recall"] == 1.0  # the refusal row has no groups: skipped
    assert summary["answerability_accuracy"] == 0.5
    assert summary["latency_p50_ms"] == 20.0
    empty = M.summarize([{k: None for k in M.QUALITY_KEYS}], [1.0])
    assert empty["groundedness"] == 0.0  # applies nowhere: 0, never a free 1
    assert empty["citations_median"] == 0.0  # nothing answered


def test_question_score_ranks_the_worst():
    assert M.question_score({"citation_recall": 0.0, "groundedness": 1.0, "mrr": None}) == 0.5


# -- gate --------------------------------------------------------------------------------------------
THRESHOLDS = {
    "minimum": {"citation_recall": 0.9, "marker_validity": 1.0},
    "baseline": {"metrics": ["citation_recall", "groundedness"], "tolerance": 0.0},
    "latency": {"metric": "latency_p95_ms", "budget_ms": {"extractive": 100.0}},
}


def test_gate_passes_when_every_rule_holds():
    ours = {"citation_recall": 0.95, "marker_validity": 1.0, "groundedness": 0.97, "latency_p95_ms": 50.0}
    base = {"citation_recall": 0.7, "groundedness": 0.97, "latency_p95_ms": 5.0}
    assert M.gate_failures(ours, base, THRESHOLDS, "extractive") == []


def test_gate_names_every_broken_rule():
    ours = {"citation_recall": 0.85, "marker_validity": 0.99, "groundedness": 0.9, "latency_p95_ms": 150.0}
    base = {"citation_recall": 0.88, "groundedness": 0.95}
    failures = M.gate_failures(ours, base, THRESHOLDS, "extractive")
    assert {(f.metric, f.rule) for f in failures} == {
        ("citation_recall", "minimum"), ("marker_validity", "minimum"), ("citation_recall", "baseline"),
        ("groundedness", "baseline"), ("latency_p95_ms", "latency budget"),
    }
    assert "citation_recall = 0.85 < 0.9 (minimum)" in [str(f) for f in failures]


def test_gate_without_baseline_or_budget_checks_minimums_only():
    ours = {"citation_recall": 0.95, "marker_validity": 1.0, "latency_p95_ms": 10_000.0}
    assert M.gate_failures(ours, None, THRESHOLDS, "openai") == []


def test_project_thresholds_hold_the_required_floors():
    from evals.runner import load_thresholds

    t = load_thresholds()
    assert t["minimum"] == {"answerability_accuracy": 0.95, "citation_recall": 0.90, "keypoint_recall": 0.85,
                            "marker_validity": 1.0, "groundedness": 0.95}
    assert set(t["baseline"]["metrics"]) == set(M.QUALITY_KEYS) and t["baseline"]["tolerance"] == 0.0
    assert t["latency"]["budget_ms"]["extractive"] > 0


def test_search_figures_tell_a_passage_the_search_found_and_the_answer_dropped_from_one_never_found():
    searched = [OTHER, STEP7, MLOPS, STEP8, OTHER]  # the search's own order: the first 4 meet both groups
    assert M.retrieval_recall(GROUPS, searched, M.SEARCH_K) == 1.0
    assert M.search_cited(GROUPS, searched, [citation(1, STEP7)]) == 0.5  # MLOps found by the search, not cited
    assert M.search_cited(GROUPS, searched, [citation(1, STEP7), citation(2, MLOPS)]) == 1.0
    assert M.search_cited(GROUPS, [OTHER, OTHER, OTHER, OTHER, STEP7], [citation(1, STEP7)]) is None  # found 5th
    assert M.search_cited([], searched, []) is None


def test_topic_search_recall_leaves_out_the_stages_a_next_step_answer_takes_from_the_structure():
    # "after Step 6, what next?": Step 7 comes from the stage order, not the search; the stage the
    # learner named (and any group of a question that asks no "what next") is the search's job
    groups = [["Step 7", "Natural Language Processing"], ["Step 6"]]
    turns = ["I finished Step 6, what comes next?"]
    assert M.structural_groups(groups, turns, kind="next-step", intent="next_step") == [True, False]
    assert M.structural_groups(groups, turns, kind="follow-up", intent="plan") == [True, False]  # by the answer's intent
    assert M.structural_groups(groups, turns, kind="plan (weekly)", intent="fact") == [True, False]
    assert M.structural_groups(groups, turns, kind="fact", intent="fact") == [False, False]
    searched = [OTHER, passage("c6", "Step 6: Deep Learning", "- PyTorch"), OTHER, OTHER, STEP7]
    topic = M.topic_groups(groups, turns, kind="next-step", intent="next_step")
    assert topic == [["Step 6"]] and M.retrieval_recall(topic, searched, M.SEARCH_K) == 1.0
    assert M.retrieval_recall(groups, searched, M.SEARCH_K) == 0.5  # the old figure keeps its meaning
    assert M.retrieval_recall(M.topic_groups([groups[0]], turns, kind="next-step", intent=None), searched) is None
    assert M.retrieval_recall(M.topic_groups(groups, turns, kind="fact", intent="fact"), [OTHER] * 4, M.SEARCH_K) == 0.0
