"""Confusion matrix of the routing decision (intent, or refused as not covered) on the routing
probes (evals/probes/routing_probes.jsonl), per half: `tune` may be looked at while changing the
routing, `held` is only ever reported (the halves come from a hash of each probe's id).

    PYTHONPATH=$PWD python -P -m evals.probes.routing_confusion [--probes FILE] [--rows FILE] [--wrong tune]

A probe's expected label is its intent, or `out_of_scope` when it is not answerable; the decision
is the answer's intent, or `out_of_scope` when the answer says the roadmaps do not cover it.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

PROBES = Path(__file__).resolve().parent / "routing_probes.jsonl"
REFUSED = "out_of_scope"


def expected(row: dict) -> str:
    return row["intent"] if row.get("answerable", True) else REFUSED


def decided(result: dict) -> str:
    return result["intent"] if result["answerable"] else REFUSED


def confusion(pairs: list[tuple[str, str]]) -> str:
    labels = sorted({label for pair in pairs for label in pair})
    counts = Counter(pairs)
    width = max(len(label) for label in labels) + 1
    lines = ["expected \\ decided".ljust(width + 2) + " ".join(label[:9].rjust(9) for label in labels) + "    right"]
    for truth in labels:
        row = [counts[(truth, got)] for got in labels]
        total = sum(row)
        lines.append(truth.ljust(width + 2) + " ".join(str(n).rjust(9) for n in row)
                     + f"    {counts[(truth, truth)]}/{total}")
    right = sum(counts[(label, label)] for label in labels)
    lines.append(f"accuracy {right}/{len(pairs)} = {right / max(len(pairs), 1):.3f}")
    return "\n".join(lines)


def judged(rows: list[dict]) -> list[dict]:
    from evals.calibration import advisors, judge

    by_corpus = advisors()
    return [judge(row, by_corpus[row["corpus"]]) for row in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--probes", type=Path, default=PROBES)
    parser.add_argument("--rows", type=Path, help="reuse (if it exists) or write the judged rows here (JSONL)")
    parser.add_argument("--wrong", action="append", default=[], help="list the wrong probes of this half")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.probes.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.rows and args.rows.exists():
        results = [json.loads(line) for line in args.rows.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        results = judged(rows)
        if args.rows:
            args.rows.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results), encoding="utf-8")
    by_id = {r["id"]: r for r in results}
    halves: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in rows:
        pair = (expected(row), decided(by_id[row["id"]]))
        halves[row.get("half", "all")].append(pair)
        halves["both"].append(pair)
    for half in sorted(halves):
        print(f"== {half} ({len(halves[half])})\n{confusion(halves[half])}\n")
    for row in rows:
        result = by_id[row["id"]]
        if row.get("half", "all") in args.wrong and expected(row) != decided(result):
            print(f"{expected(row):>12} -> {decided(result):<12} {result['reason']:<16} rule={result['rule_intent']:<10} "
                  f"{row['turns'][-1]}  {json.dumps(result['scores'])}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
