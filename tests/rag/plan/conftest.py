"""A small roadmap built in memory, so the plan's rules are tested without an index: four ordered
steps (one with the roadmap's own time estimate, one optional), two parallel options, a timeline of
goal paths, and a catalogue entry that recommends a resource in one step."""

from __future__ import annotations

import pytest

from rag.models import Link, Passage, RoadmapStructure, Stage, StageEstimate
from rag.plan import PlanLibrary

DOC = "big-data-engineer"
TITLE = "Big Data Engineer Roadmap 2026"
SOURCE = "corpus/big-data-engineer.md"


def passage(chunk: str, section: str, text: str, stage: int | None, **extra) -> Passage:
    return Passage(chunk_id=chunk, source=SOURCE, title=TITLE, section=section, text=text, doc_id=DOC,
                   stage_index=stage, stage_title=section.split(" > ")[0] if stage is not None else "", **extra)


def data_roadmap() -> tuple[RoadmapStructure, list[Passage]]:
    stages = [
        Stage(index=0, title="Step 1: Python Programming", label="Step 1", group="steps", topics=["Python Basics", "Pandas"],
              links=[Link(text="Python Tutorial", url="https://docs.python.org/3/tutorial/", stage_index=0)]),
        Stage(index=1, title="Step 2: SQL and Databases", label="Step 2", group="steps",
              topics=["Joins", "Window functions", "Indexes"]),
        Stage(index=2, title="Step 3: Distributed Processing with Spark", label="Step 3", group="steps",
              topics=["RDDs", "DataFrames", "Streaming"],
              links=[Link(text="Spark Guide", url="https://spark.apache.org/docs/latest/", stage_index=2)],
              estimate=StageEstimate(text="Time Commitment: 3-5 weeks (8-10 hours/week)", hours_low=24,
                                     hours_high=50, section="Step 3: Distributed Processing with Spark > Time")),
        Stage(index=3, title="Step 4: Stream Processing (Optional)", label="Step 4", group="steps",
              topics=["Kafka", "Flink"]),
        Stage(index=4, title="Option A: Cloud Data Platforms", label="Option A", group="options", topics=["BigQuery"]),
        Stage(index=5, title="Option B: Data Warehousing", label="Option B", group="options", topics=["Snowflake"]),
        Stage(index=6, title="If Your Goal is Startups", label="If Your Goal Is", group="paths", topics=["Ship fast"]),
    ]
    roadmap = RoadmapStructure(doc_id=DOC, source=SOURCE, title=TITLE, stages=stages)
    passages = [
        passage("p0", "Step 1: Python Programming > What to Learn?",
                "- Python Basics:\n  - variables, loops, functions\n- Pandas: data frames", 0),
        passage("p0r", "Step 1: Python Programming > Resources", "- Python Tutorial", 0,
                links=[{"text": "Python Tutorial", "url": "https://docs.python.org/3/tutorial/"}]),
        passage("p1", "Step 2: SQL and Databases > What to Learn?", "- Joins\n- Window functions\n- Indexes", 1),
        passage("p2", "Step 3: Distributed Processing with Spark > What to Learn?",
                "- RDDs\n- DataFrames\n- Streaming\n- Why: Spark is everywhere", 2),
        passage("p2t", "Step 3: Distributed Processing with Spark > Time",
                "Time Commitment: 3-5 weeks (8-10 hours/week)", 2),
        passage("p2r", "Step 3: Distributed Processing with Spark > Resources",
                "- Spark Guide\n- A paid bootcamp", 2,
                links=[{"text": "Spark Guide", "url": "https://spark.apache.org/docs/latest/"},
                       {"text": "A paid bootcamp", "url": "https://bootcamp.example.com/spark"}]),
        passage("p3", "Step 4: Stream Processing (Optional) > What to Learn?", "- Kafka\n- Flink", 3),
        passage("p4", "Option A: Cloud Data Platforms", "- BigQuery\n- Redshift", 4),
        passage("p5", "Option B: Data Warehousing", "- Snowflake\n- dbt", 5),
        passage("p6", "If Your Goal is Startups > Timeline", "- Ship fast", 6),
        Passage(chunk_id="cat-bootcamp", source="corpus/resources.yaml", title="Resource catalogue",
                section="Resources > Spark Bootcamp", kind="resource", doc_id="resources", cost="paid",
                url="https://bootcamp.example.com/spark",
                text="Spark Bootcamp: course, cost: paid.\nRecommended in: Step 3: Distributed Processing with Spark "
                     f"({TITLE})."),
        Passage(chunk_id="cat-book", source="corpus/resources.yaml", title="Resource catalogue",
                section="Resources > Streaming Systems", kind="resource", doc_id="resources", cost="free",
                text="Streaming Systems: book, cost: free.\nRecommended in: Step 3: Distributed Processing with Spark "
                     f"({TITLE})."),
    ]
    return roadmap, passages


def ml_roadmap() -> tuple[RoadmapStructure, list[Passage]]:
    stages = [Stage(index=0, title="Phase 1: Machine Learning Basics", label="Phase 1", group="steps",
                    topics=["Regression"])]
    roadmap = RoadmapStructure(doc_id="ml-engineer", source="corpus/ml.md", title="ML Engineer Roadmap", stages=stages)
    return roadmap, [Passage(chunk_id="m0", source="corpus/ml.md", title="ML Engineer Roadmap",
                             section="Phase 1: Machine Learning Basics", text="- Regression\n- Classification",
                             doc_id="ml-engineer", stage_index=0)]


@pytest.fixture
def library() -> PlanLibrary:
    data, data_passages = data_roadmap()
    ml, ml_passages = ml_roadmap()
    return PlanLibrary([data, ml], data_passages + ml_passages)
