"""The grounding eval suite: datasets (each answered from its own corpus, split into a tune and a
frozen test half), pure metrics, the naive baseline, the runner, reports, the gate.

`advisor eval` (evals.cli) runs it; tests/evals/test_gate.py holds the default backend to
evals/thresholds.toml. Nothing here is imported by the product at run time.
"""
