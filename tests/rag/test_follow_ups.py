"""Follow-ups a learner types after an answer ("and then?", "how many weeks?", "why is that one
needed?", "and the segmentation stage?") are answered about what that answer was about: its roadmap
and its stage, over a real small index of four roadmaps written here (not the seed corpus), each
conversation replayed with the advisor's own answers as the history."""

from __future__ import annotations

import pytest

from tests.roadmap_index import roadmap_advisor

NLP = """# NLP Engineer Roadmap

A path for learners who want to build language applications.

## Step 1: Text Preprocessing
- Tokenization, stemming and lemmatization
- Regular expressions for cleaning text
- Time: 2 weeks

## Step 2: Word Embeddings
- Word2Vec, GloVe and FastText
- Measuring similarity between words
- Time: 3 weeks

## Step 3: Transformers
- Attention and self-attention
- BERT and GPT families
- Time: 4 weeks

### Resources
- [Hugging Face Course](https://huggingface.co/learn/nlp-course): free course on transformers

## Step 4: Fine-tuning Language Models
- LoRA and parameter-efficient fine-tuning
- Instruction tuning datasets
- Time: 3 weeks
"""

VISION = """# Computer Vision Roadmap

For learners who want to teach machines to see.

## Stage 1: Image Basics
- Pixels, color spaces and image filtering
- OpenCV for loading and transforming images
- Duration: 2 weeks

## Stage 2: Convolutional Networks
- Convolutions, pooling and padding
- ResNet and EfficientNet
- Duration: 4 weeks

### Resources
- [CS231n](https://cs231n.github.io/): Stanford notes on convolutional networks

## Stage 3: Object Detection
- YOLO and Faster R-CNN
- Bounding boxes and non-maximum suppression
- Duration: 3 weeks

## Stage 4: Segmentation
- U-Net and Mask R-CNN
- Semantic versus instance segmentation
- Duration: 5 weeks
"""

MLOPS = """# MLOps Roadmap

Putting models into production and keeping them healthy.

## Phase 1: Packaging Models
- Docker images for model servers
- FastAPI endpoints

## Phase 2: Experiment Tracking
- MLflow runs and the model registry
- Comparing experiments

## Phase 3: Monitoring
- Data drift and concept drift
- Alerts and dashboards with Prometheus and Grafana
"""


@pytest.fixture(scope="module")
def advisor(tmp_path_factory):
    return roadmap_advisor(tmp_path_factory.mktemp("follow-ups"), {
        "nlp-roadmap.md": NLP, "computer-vision-roadmap.md": VISION, "mlops-roadmap.md": MLOPS})


def converse(advisor, *questions: str):
    """Ask `questions` in turn, each with the real answers before it as history; the last answer."""
    turns: list[dict[str, str]] = []
    answer = None
    for question in questions:
        answer = advisor.answer(question, turns)
        turns += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.answer}]
    return answer


def sections(answer) -> list[str]:
    return [c.section for c in answer.citations]


def test_and_then_after_where_to_start_gives_the_stage_after_the_first(advisor):
    answer = converse(advisor, "where do i start in the computer vision roadmap?", "and then?")
    assert answer.intent == "next_step"
    assert "Your question points to **Stage 1: Image Basics**" in answer.answer
    assert "Stage 2: Convolutional Networks" in answer.answer


def test_a_chain_of_bare_follow_ups_walks_on_one_stage_at_a_time(advisor):
    answer = converse(advisor, "where do i start in the computer vision roadmap?", "and then?", "and after that?")
    assert "Your question points to **Stage 2: Convolutional Networks**" in answer.answer
    assert "Stage 3: Object Detection" in answer.answer
    stage = converse(advisor, "where do i start in the computer vision roadmap?", "and then?", "and after that?",
                     "how long is it?")
    assert "Stage 3: Object Detection" in sections(stage)[0] and "3 weeks" in stage.answer


def test_that_after_a_next_step_answer_is_the_stage_it_recommended_not_the_one_asked_about(advisor):
    answer = converse(advisor, "what comes after packaging models in the mlops roadmap?", "what does that involve?")
    assert sections(answer)[0].startswith("Phase 2: Experiment Tracking")
    assert "MLflow" in answer.answer
    why = converse(advisor, "what comes after word embeddings in the nlp roadmap?", "why is that one needed?")
    assert sections(why)[0].startswith("Step 3: Transformers")


def test_a_follow_up_naming_a_stage_of_another_roadmap_moves_there(advisor):
    answer = converse(advisor, "how long does the transformers step take in the nlp roadmap?", "and the segmentation stage?")
    assert sections(answer)[0].startswith("Stage 4: Segmentation")
    assert "5 weeks" in answer.answer
    assert not any(s.startswith("Step ") for s in sections(answer))  # nothing of the NLP roadmap


def test_resources_for_it_are_those_of_the_stage_the_last_answer_recommended(advisor):
    answer = converse(advisor, "what comes after image basics in the cv roadmap?", "any links for it?")
    assert answer.intent == "resources"
    assert [r.title for r in answer.resources][:1] == ["CS231n"]


def test_a_fresh_question_does_not_inherit_the_earlier_roadmap(advisor):
    answer = converse(advisor, "what is in phase 2 of the mlops roadmap?",
                      "what does the nlp roadmap teach about word embeddings?")
    assert sections(answer)[0].startswith("Step 2: Word Embeddings")
    assert not any(s.startswith("Phase ") for s in sections(answer))


def test_compare_that_puts_the_stage_the_last_answer_recommended_beside_the_named_one(advisor):
    answer = converse(advisor, "what comes after packaging models in the mlops roadmap?", "compare that with monitoring")
    assert answer.intent == "compare"
    header = answer.answer.splitlines()[0]
    assert "**Phase 2: Experiment Tracking**" in header and "Packaging" not in header
    assert {"Phase 2: Experiment Tracking", "Phase 3: Monitoring"} <= {s.split(" > ")[0] for s in sections(answer)}


def test_compare_it_across_roadmaps_keeps_the_stage_in_focus_as_one_side(advisor):
    answer = converse(advisor, "what's in stage 3 of the computer vision roadmap?",
                      "how does it compare with the transformers step of the nlp roadmap?")
    assert "**Stage 3: Object Detection**" in answer.answer.splitlines()[0]
    cited = {s.split(" > ")[0] for s in sections(answer)}
    assert "Stage 3: Object Detection" in cited and "Step 3: Transformers" in cited


def test_a_follow_up_with_typos_still_asks_for_the_resources_of_the_stage_in_focus(advisor):
    answer = converse(advisor, "what comes after image basics in the cv roadmap?", "any resorces for taht?")
    assert answer.intent == "resources"
    assert [r.title for r in answer.resources][:1] == ["CS231n"]


ANALYST = """# Data Analyst Roadmap

For learners who want to answer business questions with data.

## Step 1: Spreadsheets
- Excel formulas and pivot tables

## Step 2: SQL
- SELECT queries for weekly sales reports
- Window functions for running totals

## Step 3: Tableau
- Dashboards and calculated fields
"""

ENGINEER = """# Data Engineer Roadmap

For learners who want to build data pipelines.

## Step 1: Python
- Scripts that move files between systems

## Step 2: SQL
- Schema design, normalisation and indexes
- Reading query plans to speed up pipelines

## Step 3: Spark
- DataFrames and partitioned jobs
"""


@pytest.fixture(scope="module")
def twin_stages(tmp_path_factory):
    """Two roadmaps with a stage of the same title ("Step 2: SQL")."""
    return roadmap_advisor(tmp_path_factory.mktemp("twin-stages"),
                           {"data-analyst-roadmap.md": ANALYST, "data-engineer-roadmap.md": ENGINEER})


@pytest.mark.parametrize("asked, own, other", [
    ("what comes after spreadsheets in the data analyst roadmap?", "weekly sales reports", "query plans"),
    ("what comes after python in the data engineer roadmap?", "query plans", "weekly sales reports"),
])
def test_compare_it_takes_the_stage_in_focus_from_its_own_roadmap_when_another_has_the_same_title(
        twin_stages, asked, own, other):
    answer = converse(twin_stages, asked, "compare that with tableau")
    assert answer.intent == "compare"
    assert "**Step 2: SQL**" in answer.answer.splitlines()[0]
    texts = " ".join(c.text for c in answer.citations if c.section.startswith("Step 2: SQL"))
    assert own in texts and other not in texts
