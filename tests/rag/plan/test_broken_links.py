"""A plan leaves out a link the last link check found broken, and keeps every other."""

from __future__ import annotations

from datetime import datetime, timezone

from rag.link_health import LinkCheckSummary, LinkHealth, LinkHealthStore, broken_links
from rag.plan import PlanLibrary, PlanRequest, build_plan
from rag.settings import get_settings

SPARK = "https://spark.apache.org/docs/latest/"


def spark_resources(library: PlanLibrary) -> list[str]:
    plan = build_plan(PlanRequest(goal="data engineer", weeks=30), library)
    return [r.url for r in next(i for i in plan.items if i.index == 2).resources]


def test_a_broken_link_is_left_out_of_the_plan(library, tmp_path):
    assert SPARK in spark_resources(library)
    settings = get_settings(db_dir=tmp_path / "index")
    when = datetime(2026, 5, 6, tzinfo=timezone.utc)
    record = LinkHealth(url=SPARK, status="broken", code=404, checked_at=when)
    LinkHealthStore.for_settings(settings).save([record], LinkCheckSummary.of([record], checked_at=when, seconds=0),
                                                indexed={SPARK})
    checked = PlanLibrary(library.structures, library.passages, is_broken=broken_links(settings))
    remaining = spark_resources(checked)
    assert SPARK not in remaining and len(remaining) == len(spark_resources(library)) - 1
