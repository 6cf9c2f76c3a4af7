"""What a plan schedules and the hours it gives: a roadmap without order is planned by the sections
that teach (never "About", "Meet the Team", "Help Wanted!"); a section's own time is that section's,
not the whole roadmap's; a roadmap's time per lesson gives each lesson its hours, cited."""

from __future__ import annotations

from rag.models import Passage, RoadmapStructure, Stage
from rag.plan import PlanLibrary, PlanRequest, build_plan


def _passage(doc: str, chunk: str, section: str, text: str, stage: int | None = None) -> Passage:
    return Passage(chunk_id=chunk, source=f"{doc}.md", title=doc, section=section, text=text, doc_id=doc,
                   stage_index=stage, stage_title=section if stage is not None else "")


def test_sections_about_the_document_are_not_planned_and_a_sections_time_is_its_own():
    doc = "Data Engineering Path"
    sections = [("About", "- Kept by volunteers.\n- [Home](https://example.org/home)"),
                ("Databases", "- Relational databases and SQL\n- Indexes"),
                ("Pipelines", "- Airflow\n- Time needed: 3-4 weeks (5 hours/week)"),
                ("Meet the Team", "- Ana\n- Bo"), ("Help Wanted!", "- Translate a section"),
                ("Course info", "- Slides are here\n- Grading rules"), ("Course staff", "- Ana - lectures"),
                ("Our philosophy", "- Practicality first\n- Optimize for the curious"), ("Streaming", "- Kafka basics")]
    passages = [_passage(doc, f"s{i}", name, text) for i, (name, text) in enumerate(sections)]
    plan = build_plan(PlanRequest(roadmap=doc, hours_per_week=6, weeks=20),
                      PlanLibrary([RoadmapStructure(doc_id=doc, source=f"{doc}.md", title=doc)], passages))
    assert plan.order == "sections"
    assert [i.stage for i in plan.items] == ["Databases", "Pipelines", "Streaming"]
    pipelines = plan.items[1]
    assert pipelines.estimate.kind == "roadmap" and pipelines.hours == 17.5
    assert plan.whole is None  # 3-4 weeks is the Pipelines section's time, not the whole path's


def test_a_time_per_lesson_gives_each_lesson_its_hours_cited_to_the_line():
    doc = "Vision From Scratch"
    stages = [Stage(index=i, title=f"Lesson {i + 1}: {t}", label=f"Lesson {i + 1}", group="steps", topics=[t])
              for i, t in enumerate(["Images", "Filters", "CNNs"])]
    intro = _passage(doc, "intro", "Introduction", "A free course in three lessons. Each lesson takes about 3 hours, "
                                                   "exercises included.")
    passages = [intro] + [_passage(doc, f"l{s.index}", s.title, f"- {s.topics[0]}\n- more on {s.topics[0]}", s.index)
                          for s in stages]
    plan = build_plan(PlanRequest(roadmap=doc, hours_per_week=6, weeks=4),
                      PlanLibrary([RoadmapStructure(doc_id=doc, source=f"{doc}.md", title=doc, stages=stages)], passages))
    assert [(i.hours, i.estimate.kind) for i in plan.items] == [(3, "roadmap")] * 3
    cited = {c.id: c.chunk_id for c in plan.citations}
    assert cited[plan.items[0].estimate.citation] == "intro"
    assert plan.whole is None  # a time per lesson is not a stated length of the whole course


def test_a_daily_rate_of_a_stage_gives_its_hours_even_from_an_index_made_before_it_was_read():
    from rag.models import StageEstimate

    doc = "NLP Bootcamp"
    old = StageEstimate(text="1 hour a day for 3 weeks", hours_low=None, hours_high=None, section="Module 1")
    stages = [Stage(index=0, title="Module 1: Embeddings", label="Module 1", group="steps", topics=["word2vec"],
                    estimate=old)]
    passages = [_passage(doc, "m1", "Module 1: Embeddings", "Time needed: 1 hour a day for 3 weeks\n- word2vec", 0)]
    plan = build_plan(PlanRequest(roadmap=doc, hours_per_week=7, weeks=10),
                      PlanLibrary([RoadmapStructure(doc_id=doc, source=f"{doc}.md", title=doc, stages=stages)], passages))
    item = plan.items[0]
    assert (item.hours, item.estimate.kind) == (21, "roadmap")
    assert item.estimate.paced == "1 h/day every day for 3 weeks is 21 h: 3 weeks at 7 h/week"


def test_stages_labelled_by_their_length_take_the_roadmaps_stated_pace():
    doc = "MLOps in Six Weeks"
    stages = [Stage(index=0, title="Weeks 1-2: Packaging", label="Weeks 1-2", group="timeline", topics=["Docker"]),
              Stage(index=1, title="Week 3: Tracking", label="Week 3", group="timeline", topics=["MLflow"]),
              Stage(index=2, title="Step 4: Serving", label="Step 4", group="steps", topics=["FastAPI", "Batch"])]
    intro = _passage(doc, "intro", "Introduction", "A short course. Budget about 5 hours per\nweek; take the weeks in order.")
    passages = [intro] + [_passage(doc, f"w{s.index}", s.title, f"- {s.topics[0]}", s.index) for s in stages]
    plan = build_plan(PlanRequest(roadmap=doc, hours_per_week=5, weeks=10),
                      PlanLibrary([RoadmapStructure(doc_id=doc, source=f"{doc}.md", title=doc, stages=stages)], passages))
    assert [(i.hours, i.estimate.kind) for i in plan.items] == [(10, "roadmap"), (5, "roadmap"), (10, "default")]
    cited = {c.id: c.chunk_id for c in plan.citations}
    assert cited[plan.items[0].estimate.citation] == "intro"
    assert plan.whole is None  # a pace is not a length: the whole course's time is not stated
