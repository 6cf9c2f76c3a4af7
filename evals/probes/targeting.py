"""Score the roadmap-targeting probe (targeting_probe.jsonl): for each question, the roadmap the
advisor scopes its evidence to (or none), against the roadmap the question means (or none, when it
names none). Each question is asked of its corpus's own eval index, as `advisor eval` does.

    PYTHONPATH=$PWD python -P -m evals.probes.targeting [--json] [--probe FILE ...]

A probe in the eval's own format (`turns`, with a `scope:<source part>` tag for the roadmap its
last turn names) is scored the same way, from the corpus evals/probes/corpora.toml gives its file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPORA = HERE.parent / "datasets"


def _source_of(advisor, doc_id: str | None) -> str | None:
    roadmap = next((r for r in advisor.structures if r.doc_id == doc_id), None)
    return roadmap.source if roadmap else None


def _rows(probe: Path) -> list[dict]:
    """Targeting rows as they are, or eval-format rows turned into them (their `scope:` tag)."""
    from evals.routing import load_registry

    rows = [json.loads(line) for line in probe.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not rows or "question" in rows[0]:
        return rows
    corpus = load_registry(HERE)[probe.stem].name
    return [{"id": r["id"], "corpus": corpus, "question": r["turns"][-1], "history": r["turns"][:-1],
             "expect": next((t.split(":", 1)[1] for t in r.get("tags", []) if t.startswith("scope:")), None)}
            for r in rows if any(t.startswith("scope:") for t in r.get("tags", []))]


def run(probe: Path) -> list[dict]:
    from evals.routing import load_registry, sync_corpus
    from rag.advisor import get_advisor
    from rag.settings import get_settings

    rows = _rows(probe)
    corpora = {spec.name: spec for spec in [*load_registry(CORPORA).values(), *load_registry(HERE).values()]}
    results = []
    for name in dict.fromkeys(r["corpus"] for r in rows):
        own, _ = sync_corpus(corpora[name], get_settings())
        advisor = get_advisor(own)
        for row in (r for r in rows if r["corpus"] == name):
            history = [{"role": "user", "content": turn} for turn in row.get("history", [])]
            evidence = advisor.evidence(row["question"], history)
            got = _source_of(advisor, evidence.scope.doc_id) if evidence.scope else None
            expect = row["expect"]
            ok = got is None if expect is None else bool(got) and expect in got
            results.append({"id": row["id"], "expect": expect, "got": got, "ok": ok})
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--probe", type=Path, action="append")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = [r for probe in args.probe or [HERE / "targeting_probe.jsonl"] for r in run(probe)]
    if args.json:
        json.dump(results, sys.stdout, indent=1)
    else:
        for r in results:
            print(f"{'ok ' if r['ok'] else 'BAD'} {r['id']:32} expect={r['expect']} got={r['got']}")
    print(f"targeting: {sum(r['ok'] for r in results)}/{len(results)} right")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
