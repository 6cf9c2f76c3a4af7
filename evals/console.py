"""The console view of an eval: each dataset by split, the tune/test gap, the gate, the worst questions."""

from __future__ import annotations

from evals.report import GAP_HEADER, WITHHELD, gap_rows, split_rows

# the columns of the Markdown table that fit an 80-column terminal: dataset, split, n, citation
# recall, key points, answerability, median citations, the baseline's citation recall, the gate
COLUMNS = (0, 1, 2, 3, 4, 5, 7, 8, 11)
HEADER = ["Dataset", "Split", "n", "cit. rec.", "key pts", "answer.", "med. cit.", "base cit.", "Gate"]
from evals.suite import SplitFailure, SuiteRun


def print_console(suite: SuiteRun, enforced: list[SplitFailure], reported: list[SplitFailure], console=None,
                  reveal: bool = False) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    table = Table(title=f"Grounding eval: {suite.questions} questions, backend {suite.backend}")
    for column in HEADER:
        table.add_column(column, justify="left" if column in {"Dataset", "Split", "Gate"} else "right")
    for row in split_rows(suite, enforced + reported):
        cells = [row[i] for i in COLUMNS]
        cells[-1] = cells[-1].split(" (")[0].split(":")[0]  # pass / FAIL / report only; the reasons follow below
        table.add_row(*cells)
    console.print(table)
    for dataset in suite.datasets:
        rows = gap_rows(dataset)
        if rows:
            gap = Table(title=f"{dataset.name}: tune/test gap (the test half is frozen)")
            for column in GAP_HEADER:
                gap.add_column(column, justify="left" if column == "Metric" else "right")
            for row in rows:
                gap.add_row(*row)
            console.print(gap)
    if enforced:
        console.print("[bold red]Gate: FAIL[/bold red]")
        for failure in enforced:
            console.print(f"  - {failure}", markup=False, highlight=False)
    else:
        console.print("[bold green]Gate: pass[/bold green] (evals/thresholds.toml, every gated dataset and split)")
    for dataset in suite.datasets:
        if not dataset.policy.gated:
            misses = sum(1 for f in reported if f.dataset == dataset.name)
            console.print(f"  {dataset.name}: {dataset.policy.note} (report only; {misses} rules would miss)",
                          markup=False, highlight=False)
    for dataset in suite.datasets:
        console.print(f"\n[bold]Worst questions: {dataset.name}[/bold]")
        if dataset.withheld(reveal):
            console.print(f"  ({WITHHELD.format(n=dataset.withheld(reveal))})", markup=False, highlight=False)
        for result in dataset.worst(5, reveal):
            console.print(f"  {result.item.id} ({result.item.kind}, {result.item.split or 'no split'}, score {result.score:.2f})",
                          markup=False, highlight=False)
            for problem in result.problems[:4]:
                console.print(f"      - {problem}", markup=False, highlight=False)
