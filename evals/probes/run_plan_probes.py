"""Run the plan probes (evals/probes/plan_probes.jsonl) through the chat, as a learner would ask
them, and check each expectation against the answer's plan object and text.

    PYTHONPATH=$PWD python -P -m evals.probes.run_plan_probes --db seeds=IDX --db dev=IDX --db dev2=IDX \
        --db mine=IDX [--json OUT]

Each corpus is an index built with `advisor ingest` from `corpus/` (seeds), the dev or dev2 roadmaps,
or the documents written for these probes in other estimate styles (mine:
`evals/probes/corpora/plan-styles/`). A probe with `turns` is asked through the chat; one with
`request` is a `PlanRequest` built as `advisor plan` builds it (`--roadmap NAME`). The checks are
the probe file's `expect` keys; a probe passes when all of them hold."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

PROBES = Path(__file__).with_name("plan_probes.jsonl")
COMPUTED = "computed from the cited line"


def check(expect: dict, answer) -> dict[str, bool]:
    plan, text = answer.plan, answer.answer
    out: dict[str, bool] = {}
    for wanted in expect.get("text_has", []):
        out[f"text_has:{wanted}"] = wanted.casefold() in text.casefold()
    for unwanted in expect.get("text_lacks", []):
        out[f"text_lacks:{unwanted}"] = unwanted.casefold() not in text.casefold()
    if expect.get("no_plan"):
        return out
    if expect.get("asks_which"):
        out["asks_which"] = plan is None and bool(re.search(r"which roadmap|tell me the role|say which", text, re.I))
        return out
    out["plan_made"] = plan is not None
    if plan is None:
        return out
    items, skipped = plan["items"], [s["stage"] for s in plan["skipped"]]
    planned = [i["stage"] for i in items] + [s["stage"] for s in plan["later"]]
    if "roadmap" in expect:
        out["roadmap"] = expect["roadmap"].casefold() in plan["roadmap"].casefold()
    for key in ("hours_per_week", "weeks", "order"):
        if key in expect:
            out[key] = plan[key] == expect[key]
    if "first_stage" in expect:
        out["first_stage"] = bool(items) and expect["first_stage"].casefold() in items[0]["stage"].casefold()
    if "first_stage_not" in expect:
        out["first_stage_not"] = bool(items) and expect["first_stage_not"].casefold() not in items[0]["stage"].casefold()
    if "whole" in expect:
        out["whole"] = bool(plan.get("whole")) == expect["whole"]
    for stage, kind in expect.get("estimate_kind", {}).items():
        found = [i["estimate"]["kind"] for i in items if stage.casefold() in i["stage"].casefold()]
        out[f"kind={kind}:{stage}"] = bool(found) and found[0] == kind
    for stage, hours in expect.get("stage_hours", {}).items():
        found = [i["hours"] for i in items if stage.casefold() in i["stage"].casefold()]
        out[f"hours={hours}:{stage}"] = bool(found) and abs(found[0] - hours) < 0.51
    if "skipped" in expect:
        wanted = expect["skipped"]
        out["skipped"] = all(any(w.casefold() in s.casefold() for s in skipped) for w in wanted) if wanted else not skipped
    if "not_skipped" in expect:
        out["not_skipped"] = not any(w.casefold() in s.casefold() for w in expect["not_skipped"] for s in skipped)
    if "stages_include" in expect:
        out["stages_include"] = all(any(w.casefold() in s.casefold() for s in planned) for w in expect["stages_include"])
    if "stages_exclude" in expect:
        out["stages_exclude"] = not any(w.casefold() in s.casefold() for w in expect["stages_exclude"]
                                        for s in planned + skipped)
    learn = [line for i in items for line in i["learn"]]
    if expect.get("no_resource_learn") or "learn_excludes" in expect:
        titles = {r["title"].casefold() for i in items for r in i["resources"] if len(r["title"]) > 3}
        out["no_resource_learn"] = not any(line.casefold().startswith(t) for line in learn for t in titles)
    if "learn_excludes" in expect:
        out["learn_excludes"] = not any(w.casefold() in line.casefold() for w in expect["learn_excludes"] for line in learn)
    for stage, most in expect.get("stage_hours_max", {}).items():
        found = [i["hours"] for i in items if stage.casefold() in i["stage"].casefold()]
        out[f"hours<={most}:{stage}"] = bool(found) and found[0] <= most
    if "stages_order" in expect:  # these stages are planned (items, then later), in this order
        at = [next((n for n, s in enumerate(planned) if w.casefold() in s.casefold()), -1) for w in expect["stages_order"]]
        out["stages_order"] = all(n >= 0 for n in at) and at == sorted(at)
    if expect.get("learn_nonempty"):  # every scheduled item says what to learn
        out["learn_nonempty"] = bool(items) and all(i["learn"] for i in items)
    for n, group in enumerate(expect.get("cites", [])):  # as the eval's cite groups: section or text of a citation
        cited = [f"{c.get('section', '')}\n{c.get('text', '')}".casefold() for c in _citations(answer)]
        out[f"cites[{n}]"] = any(w.casefold() in c for w in group for c in cited)
    if "computed" in expect:
        out["computed"] = COMPUTED in text and expect["computed"] in text
    if expect.get("computed_if_roadmap_estimate"):
        roadmap_estimates = any(i["estimate"]["kind"] == "roadmap" for i in items)
        out["computed_if_roadmap_estimate"] = (not roadmap_estimates) or (
            COMPUTED in text and f"at {plan['hours_per_week']:g} h/week" in text)
    return out


def _citations(answer) -> list[dict]:
    cited = getattr(answer, "citations", None)
    if cited is None:
        return (answer.plan or {}).get("citations", [])
    return [c if isinstance(c, dict) else c.model_dump() for c in cited]


class _Planned:
    """What `advisor plan` prints, in the shape the checks read from a chat answer."""

    def __init__(self, plan: dict | None, text: str):
        self.plan, self.answer, self.intent = plan, text, "plan" if plan else "error"
        self.citations = None  # read from the plan object


def _planned(settings, fields: dict) -> _Planned:
    from rag.errors import PlanRequestError
    from rag.plan import PlanLibrary, PlanRequest, build_plan
    from rag.stores import open_store

    try:
        store = open_store(settings).open_for_read()
        plan = build_plan(PlanRequest(**fields), PlanLibrary.from_store(store))
    except PlanRequestError as exc:
        return _Planned(None, str(exc))
    return _Planned(plan.to_contract(), plan.answer)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", action="append", required=True, help="CORPUS=INDEX_DIR")
    parser.add_argument("--json", help="write per-probe results (JSONL)")
    parser.add_argument("--only", help="probe ids containing this")
    parser.add_argument("--probes", type=Path, default=PROBES, help="probe file (default: plan_probes.jsonl)")
    args = parser.parse_args()
    from rag.advisor import get_advisor
    from rag.settings import get_settings

    dbs = dict(part.split("=", 1) for part in args.db)
    probes = [json.loads(line) for line in args.probes.read_text().splitlines() if line.strip()]
    rows, passed = [], 0
    for probe in probes:
        if probe["corpus"] not in dbs or (args.only and args.only not in probe["id"]):
            continue
        settings = get_settings(db_dir=dbs[probe["corpus"]])
        if "request" in probe:
            answer = _planned(settings, probe["request"])
        else:
            advisor = get_advisor(settings)
            history: list[dict[str, str]] = []
            for turn in probe["turns"]:
                answer = advisor.answer(turn, history)
                history += [{"role": "user", "content": turn}, {"role": "assistant", "content": answer.answer}]
        checks = check(probe["expect"], answer)
        ok = all(checks.values())
        passed += ok
        failed = [name for name, good in checks.items() if not good]
        print(f"{'PASS' if ok else 'FAIL'} {probe['id']}: intent={answer.intent} {' '.join(failed)}")
        rows.append({"id": probe["id"], "passed": ok, "checks": checks, "intent": str(answer.intent),
                     "answer": answer.answer, "plan": answer.plan})
    print(f"{passed}/{len(rows)} probes pass; checks {sum(sum(r['checks'].values()) for r in rows)}/"
          f"{sum(len(r['checks']) for r in rows)}")
    if args.json:
        Path(args.json).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
