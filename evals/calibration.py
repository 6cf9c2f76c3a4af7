"""Calibration of the intent and scope decisions: how often each is right, and by what margin.

The decisions (rag.understanding, rag.scope) rest on thresholds; one threshold set from one probe
moves with one reworded example. This harness measures them on data a change may be tuned on:
- the labelled examples themselves, leave-one-out (each example read by the others): accuracy of
  the intent each way of reading them gives, and the margin distribution of each;
- the scope probes (evals/probes/scope_probes.jsonl), the seed questions (roadmap_qa) and the tune
  half of the dev questions, each answered from its own corpus: accuracy per decision (answered or
  refused, intent, instruction ignored, nothing obeyed) per category, and the near-domain margin
  (off-topic minus on-topic similarity) of answerable and unanswerable questions.

It never reads the dev test half or a held-out dataset.

    PYTHONPATH=$PWD python -P -m evals.calibration [--json] [--only loo|probes|allowed|instructions] [--rows FILE] [--probes FILE]

`--probes` replaces the scope probes with another file of the same shape (evals/probes/injection_probes.jsonl:
pure injections, questions wrapped in one, and look-alikes that must be answered normally). Optional
fields of a row: `cite` (groups, as in a dataset: every group met by a cited passage), `real` (the
question inside the wrapper: the wrapped message must be answered as it is alone, same intent and
same cited passages) and `not_injection` (the message is not read as an instruction at all).
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Callable

import numpy as np

from evals.dataset import DATASET_DIR, load_dataset

PROBES = Path(__file__).resolve().parent / "probes" / "scope_probes.jsonl"
INJECTION_PROBES = PROBES.with_name("injection_probes.jsonl")
KIND_INTENT = {"next-step": "next_step", "resources": "resources", "compare": "compare", "fact": "fact"}


# -- leave-one-out over the examples -------------------------------------------------------------
def loo_readings(labels: list[str], matrix: np.ndarray, read: Callable[[np.ndarray, list[str], np.ndarray], dict[str, float]]):
    """For each example: (its label, the scores the other examples give it)."""
    out = []
    for i, label in enumerate(labels):
        keep = [j for j in range(len(labels)) if j != i]
        out.append((label, read(matrix[keep] @ matrix[i], [labels[j] for j in keep], matrix[keep])))
    return out


def _top(k: int):
    def read(similarity: np.ndarray, labels: list[str], matrix: np.ndarray) -> dict[str, float]:
        out = {}
        for label in dict.fromkeys(labels):
            own = np.sort(similarity[[i for i, name in enumerate(labels) if name == label]])[::-1]
            out[label] = float(own[:k].mean())
        return out
    return read


def _centroid(similarity: np.ndarray, labels: list[str], matrix: np.ndarray) -> dict[str, float]:
    """Cosine to each intent's normalised mean example (mean of rows @ q over the mean's norm)."""
    out = {}
    for label in dict.fromkeys(labels):
        rows = matrix[[i for i, name in enumerate(labels) if name == label]]
        out[label] = float(similarity[[i for i, name in enumerate(labels) if name == label]].mean() / (np.linalg.norm(rows.mean(axis=0)) or 1.0))
    return out


def _shipped(similarity: np.ndarray, labels: list[str], matrix: np.ndarray) -> dict[str, float]:
    from rag.understanding import label_scores

    return label_scores(similarity, labels, matrix)


def _blend(similarity: np.ndarray, labels: list[str], matrix: np.ndarray) -> dict[str, float]:
    top, centre = _top(2)(similarity, labels, matrix), _centroid(similarity, labels, matrix)
    return {label: (top[label] + centre[label]) / 2 for label in top}


READERS = {"blend": _blend, "nearest": _top(1), "top2": _top(2), "top3": _top(3), "centroid": _centroid, "shipped": _shipped}


def loo_report(labels: list[str], matrix: np.ndarray) -> dict:
    """Accuracy and margin (own intent's score minus the best other's) per way of reading."""
    report = {}
    for name, read in READERS.items():
        rows = loo_readings(labels, matrix, read)
        right, margins = 0, []
        by_label: dict[str, list[int]] = defaultdict(list)
        for label, scores in rows:
            best = max(scores, key=scores.get)
            others = max(s for k, s in scores.items() if k != label)
            margins.append(scores.get(label, 0.0) - others)
            right += best == label
            by_label[label].append(int(best == label))
        report[name] = {"accuracy": round(right / len(rows), 3), "margin": quantiles(margins),
                        "per_intent": {k: round(sum(v) / len(v), 3) for k, v in sorted(by_label.items())}}
    return report


def quantiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    qs = np.quantile(np.asarray(values), [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0])
    return dict(zip(["min", "p10", "p25", "p50", "p75", "p90", "max"], (round(float(q), 3) for q in qs)))


# -- questions answered from their corpus ---------------------------------------------------------
def load_probes(path: Path = PROBES) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def allowed_rows() -> list[dict]:
    """The seed questions and the tune half of the dev questions, as probe-shaped rows."""
    rows = []
    for name, corpus, keep in (("roadmap_qa", "seeds", lambda i: True), ("dev_roadmaps_qa", "dev", lambda i: i.split == "tune"),
                               ("dev2_roadmaps_qa", "dev2", lambda i: i.split == "tune"),
                               ("dev3_roadmaps_qa", "dev3", lambda i: i.split == "tune"),
                               ("dev4_roadmaps_qa", "dev4", lambda i: i.split == "tune")):
        for item in load_dataset(DATASET_DIR / f"{name}.jsonl"):
            if not keep(item):
                continue
            row = {"id": item.id, "corpus": corpus, "category": f"{name}:{item.kind}", "turns": item.turns,
                   "answerable": item.answerable}
            if item.kind in KIND_INTENT and len(item.turns) == 1 and "plan" not in item.tags:
                row["intent"] = KIND_INTENT[item.kind]
            rows.append(row)
    return rows


def scope_test_rows() -> list[dict]:
    """The calibration questions of tests/rag/test_scope.py (over the seeds), as probe-shaped rows."""
    from tests.rag import test_scope as t

    groups = (("tests:extra_in", t.EXTRA_IN, True), ("tests:extra_out", t.EXTRA_OUT, False),
              ("tests:near_domain", t.NEAR_DOMAIN, False), ("tests:yes_no", t.YES_NO, True))
    return [{"id": f"{name}:{i}", "corpus": "seeds", "category": name, "turns": [q], "answerable": ok}
            for name, questions, ok in groups for i, q in enumerate(questions)]


def advisors() -> dict[str, object]:
    """One advisor per corpus the rows name, on the index `advisor eval` keeps for it."""
    from evals.routing import load_registry, sync_corpus
    from rag.advisor import get_advisor
    from rag.settings import get_settings

    registry = load_registry(DATASET_DIR)
    base = get_settings()
    out = {}
    for name, dataset in (("seeds", "roadmap_qa"), ("dev", "dev_roadmaps_qa"), ("dev2", "dev2_roadmaps_qa"),
                          ("dev3", "dev3_roadmaps_qa"), ("dev4", "dev4_roadmaps_qa")):
        own, _ = sync_corpus(registry[dataset], base)
        out[name] = get_advisor(own)
    return out


def judge(row: dict, advisor) -> dict:
    """One row's decisions and margins."""
    history: list[dict[str, str]] = []
    for turn in row["turns"][:-1]:
        earlier = advisor.answer(turn, history)
        history += [{"role": "user", "content": turn}, {"role": "assistant", "content": earlier.answer}]
    question = row["turns"][-1]
    answer = advisor.answer(question, history)
    evidence = advisor.evidence(question, history)
    query = evidence.query
    from rag.scope import scope_decision

    from rag.unattested import unattested_words

    vocabulary = advisor.snapshot.lexical.vocabulary
    _, reason = scope_decision(evidence, vocabulary)
    checks = {} if row.get("answerable") is None else {"answerable": answer.answerable == row["answerable"]}
    if "intent" in row and row.get("answerable"):
        checks["intent"] = answer.intent == row["intent"]
    if row.get("cite"):
        from evals.metrics import groups_met

        checks["cited"] = all(groups_met(row["cite"], answer.citations))
    if row.get("real"):
        alone = advisor.answer(row["real"], history)
        checks["as_alone"] = (answer.intent == alone.intent
                              and {c.chunk_id for c in answer.citations} == {c.chunk_id for c in alone.citations})
    if row.get("not_injection"):
        checks["not_injection"] = not query.injection and not query.ignored_instruction
    if "ignored_instruction" in row:
        checks["ignored_instruction"] = bool(query.ignored_instruction) == row["ignored_instruction"]
    if row.get("must_not"):
        checks["not_obeyed"] = not any(word.lower() in answer.answer.lower() for word in row["must_not"])
    return {"id": row["id"], "category": row["category"], "expected": row.get("answerable"), "answerable": answer.answerable,
            "intent": answer.intent, "checks": checks, "near_margin": round(query.off_topic - query.on_topic, 3),
            "off_topic": round(query.off_topic, 3), "best_passage": round(evidence.best_score, 3),
            "reason": reason, "rule_intent": rewrite_intent(question, history), "scores": scores_of(advisor, query.question),
            "unattested": unattested_words(query.question, vocabulary), "on_topic": round(query.on_topic, 3)}


def rewrite_intent(question: str, history: list[dict[str, str]]) -> str:
    from rag.rewrite import rewrite

    return rewrite(question, history).intent


def scores_of(advisor, question: str) -> dict[str, float]:
    return advisor.reader.read(advisor.snapshot.retriever.query_vector(question)).scores


def decision_report(results: list[dict]) -> dict:
    per: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for r in results:
        for name, ok in r["checks"].items():
            per[name][r["category"]].append(int(ok))
            per[name]["ALL"].append(int(ok))
    accuracy = {name: {cat: f"{sum(v)}/{len(v)}" for cat, v in sorted(cats.items())} for name, cats in per.items()}
    margins = {
        "near_margin|answerable": quantiles([r["near_margin"] for r in results if r["expected"]]),
        "near_margin|unanswerable": quantiles([r["near_margin"] for r in results if r["expected"] is False]),
        "off_minus_passage|answerable": quantiles([r["off_topic"] - r["best_passage"] for r in results if r["expected"]]),
        "off_minus_passage|unanswerable": quantiles([r["off_topic"] - r["best_passage"] for r in results if r["expected"] is False]),
    }
    reasons: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in results:
        reasons[r["reason"]][{True: "answerable", False: "unanswerable", None: "either"}[r["expected"]]] += 1
    return {"accuracy": accuracy, "margins": margins, "reasons": {k: dict(v) for k, v in sorted(reasons.items())},
            "wrong": [{k: r[k] for k in ("id", "category", "expected", "answerable", "intent", "near_margin", "off_topic",
                                        "best_passage", "reason")} | {"failed": [n for n, ok in r["checks"].items() if not ok]}
                      for r in results if not all(r["checks"].values())]}


def instruction_report() -> dict:
    """The instruction reader (rag.instruction_reader): leave-one-out over its examples, and how
    close to the instructions every piece that asks nothing of the seed and tune-half questions reads
    (the learner's own: none may pass both thresholds)."""
    from rag.embeddings import Embedder
    from rag.instruction_reader import EXAMPLES, FLOOR, INSTRUCTION, MARGIN, nearest_mean
    from rag.intents.injection import _asks, _bare, pieces
    from rag.settings import get_settings

    examples = load_prototypes_file(EXAMPLES)
    embedder = Embedder(get_settings())
    matrix = np.asarray([embedder.embed_query(text) for _, text in examples], dtype=np.float32)
    labels = np.asarray([label for label, _ in examples])

    def read(vector: np.ndarray, skip: int | None = None) -> tuple[float, float]:
        keep = np.arange(len(labels)) != (-1 if skip is None else skip)
        sims = matrix[keep] @ vector
        return nearest_mean(sims[labels[keep] == INSTRUCTION]), nearest_mean(sims[labels[keep] != INSTRUCTION])

    flagged = lambda pair: pair[0] >= FLOOR and pair[0] - pair[1] >= MARGIN  # noqa: E731
    loo = [(labels[i] == INSTRUCTION, flagged(read(matrix[i], i))) for i in range(len(labels))]
    learner = []
    for row in allowed_rows():
        if row["category"].endswith(":injection"):
            continue
        for turn in row["turns"]:
            for piece in (_bare(p) for p in pieces(turn)):
                if piece and not _asks(piece):
                    pair = read(np.asarray(embedder.embed_query(piece), dtype=np.float32))
                    learner.append((round(pair[0] - pair[1], 3), round(pair[0], 3), piece, flagged(pair)))
    return {"loo": {"instructions_flagged": f"{sum(f for i, f in loo if i)}/{sum(i for i, _ in loo)}",
                    "requests_flagged": f"{sum(f for i, f in loo if not i)}/{sum(not i for i, _ in loo)}"},
            "learner_pieces": len(learner), "learner_flagged": [p for p in learner if p[3]],
            "learner_margin": quantiles([p[0] for p in learner]), "closest": sorted(learner, reverse=True)[:5]}


def load_prototypes_file(path: Path) -> list[tuple[str, str]]:
    from rag.understanding import load_prototypes

    return load_prototypes(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["loo", "probes", "allowed", "instructions"], action="append")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--rows", help="write every row's decisions and margins here (JSONL)")
    parser.add_argument("--probes", type=Path, default=PROBES, help="the probe file (default: the scope probes)")
    args = parser.parse_args(argv)
    parts = set(args.only or ["loo", "probes", "allowed", "instructions"])
    out: dict = {}
    if "instructions" in parts:
        out["instructions"] = instruction_report()
    if "loo" in parts:
        from rag.embeddings import Embedder
        from rag.settings import get_settings
        from rag.understanding import PROTOTYPES, load_prototypes

        examples = load_prototypes(PROTOTYPES)
        embedder = Embedder(get_settings())
        matrix = np.asarray([embedder.embed_query(text) for _, text in examples], dtype=np.float32)
        out["loo"] = loo_report([label for label, _ in examples], matrix)
    if parts & {"probes", "allowed"}:
        by_corpus = advisors()
        for part, rows in (("probes", load_probes(args.probes) if "probes" in parts else []),
                           ("allowed", allowed_rows() + scope_test_rows() if "allowed" in parts else [])):
            if rows:
                results = [judge(row, by_corpus[row["corpus"]]) for row in rows]
                out[part] = decision_report(results)
                if args.rows:
                    with open(args.rows, "a", encoding="utf-8") as handle:
                        handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in results)
    print(json.dumps(out, indent=None if args.json else 1, ensure_ascii=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
