"""Score the answer-first probes (answer_first_*.jsonl): does the answer open with what was asked?

Beside the eval's citation and key-point recall, each answer's *lead* is checked: its first line
that carries a citation marker (the first claim a learner reads) must hold a string of the row's
first `mention` group, and the passage it cites must meet the row's first `cite` group. A row of
kind `compare` whose mention groups name two roadmaps is checked for both names instead (each
side labelled). Each file is answered from its corpus's own index (evals/probes/corpora.toml), as
`advisor eval` does.

    PYTHONPATH=$PWD python -P -m evals.probes.answer_first [--answers] [--only ID ...]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = ("answer_first_own", "answer_first_seeds", "answer_first_dev", "answer_first_dev2")
MARKER = re.compile(r"\[(\d+)\]")


BOLD_STATEMENT = re.compile(r"^\*\*(?:[^*\s]+\s+){4,}[^*]*[^:*]\*\*$")  # a plain statement in bold ("**No: X does not mention Y.**")


def lead(answer) -> tuple[str, list]:
    """The answer's first line with a citation marker (or a bold statement before it), and the
    citations it names."""
    for line in answer.answer.splitlines():
        numbers = {int(n) for n in MARKER.findall(line)}
        if numbers or BOLD_STATEMENT.match(line.strip()):
            return line, [c for c in answer.citations if c.id in numbers]
    return "", []


def met(group: list[str], text: str) -> bool:
    return any(s.lower() in text.lower() for s in group)


def score(row: dict, answer) -> dict:
    text, cited = lead(answer)
    cite_groups, mention_groups = row.get("cite") or [], row.get("mention") or []
    citations = answer.citations
    cr = [any(met(g, f"{c.section}\n{c.text}") for c in citations) for g in cite_groups]
    kp = [met(g, answer.answer) for g in mention_groups]
    opens = bool(mention_groups) and met(mention_groups[0], text)
    opens_cited = not cite_groups or not cited or any(met(cite_groups[0], f"{c.section}\n{c.text}") for c in cited)
    return {
        "id": row["id"], "answerable": answer.answerable, "intent": answer.intent,
        "cr": sum(cr) / len(cr) if cr else None, "kp": sum(kp) / len(kp) if kp else None,
        "opens": opens and opens_cited and answer.answerable, "lead": text, "answer": answer.answer,
        "cites": len(citations),
    }


def run(names: list[str], only: set[str]) -> list[dict]:
    from evals.routing import load_registry, sync_corpus
    from rag.advisor import get_advisor
    from rag.settings import get_settings

    registry = load_registry(HERE)
    results = []
    for name in names:
        rows = [json.loads(line) for line in (HERE / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
                if line.strip()]
        rows = [r for r in rows if not only or r["id"] in only]
        if not rows:
            continue
        spec = registry[name]
        own, _ = sync_corpus(spec, get_settings())
        advisor = get_advisor(own)
        for row in rows:
            history = []
            for turn in row["turns"][:-1]:
                history += [{"role": "user", "content": turn},
                            {"role": "assistant", "content": advisor.answer(turn, list(history)).answer}]
            results.append(score(row, advisor.answer(row["turns"][-1], history)))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--answers", action="store_true", help="print each answer")
    parser.add_argument("--only", nargs="*", default=[], help="probe ids to run")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = run(list(FILES), set(args.only))
    if args.json:
        json.dump(results, sys.stdout, indent=1)
        return 0
    for r in results:
        flag = "ok " if r["opens"] else "BAD"
        print(f"{flag} {r['id']:32} cr={r['cr']} kp={r['kp']} cites={r['cites']} lead: {r['lead'][:110]}")
        if args.answers:
            print("   " + r["answer"].replace("\n", "\n   ")[:1800])
    def mean(key: str) -> float:
        values = [r[key] for r in results if r[key] is not None]
        return sum(values) / len(values) if values else 0.0
    print(f"answer-first: opens {sum(r['opens'] for r in results)}/{len(results)}, "
          f"CR {mean('cr'):.3f}, KP {mean('kp'):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
