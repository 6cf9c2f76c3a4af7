"""Ordered stages a roadmap writes as list items or lines, not headings (ingest/list_stages.py), and
the lists that must stay content."""

from pathlib import Path

from ingest.loaders import load_file
from ingest.structure import parse_document

ROOT = Path(__file__).resolve().parents[2]


def parse(text: str, markdown: bool = True):
    return parse_document(text, doc_id="d", source="d.md", markdown=markdown, fallback_title="Fallback").structure


def test_week_bullets_with_nested_lecture_bullets_are_stages_in_order():
    structure = parse(
        "# Course\n## Tools\n- Python\n- Docker\n- Git\n## Syllabus\n"
        "- [week1](https://x.org/w1) Bandits\n  - Lecture: UCB and Thompson sampling\n  - Seminar: a bandit\n"
        "- [week2](https://x.org/w2) Value iteration\n  - Lecture: Bellman equations\n"
        "- [week2_recap](https://x.org/r) - deep learning recap\n  - Lecture: convnets\n"
        "- [week3](https://x.org/w3) Q-learning\n  - Lecture: SARSA\n"
        "- [Bonus materials](https://x.org/bonus)\n## Staff\n- Ann\n")
    assert [(s.label, s.title) for s in structure.stages] == [
        ("Week 1", "week1 Bandits"), ("Week 2", "week2 Value iteration"), ("Week 2", "week2_recap - deep learning recap"),
        ("Week 3", "week3 Q-learning"), ("", "Bonus materials")]
    first = structure.stages[0]
    assert first.group == "Syllabus" and "Lecture: UCB and Thompson sampling" in first.topics
    assert [link.url for link in first.links] == ["https://x.org/w1"]
    assert [s.title for s in structure.following(structure.stages[2])] == ["week3 Q-learning", "Bonus materials"]


def test_numbered_bold_items_in_a_bullet_list_are_stages_but_tips_and_books_are_not():
    structure = parse(
        "# Vision Path\n## The path\n- **1. Python**\n  - arrays\n- **2. OpenCV**\n  - filters\n- **3. CNNs**\n  - ResNet\n"
        "## Books\n- **Deep Learning** by Goodfellow\n- **Vision** by Szeliski\n- **Python CV** by Solem\n"
        "## Tips\n- **Label data**: early\n- **Log runs**: always\n- **Read papers**: weekly\n")
    assert [s.title for s in structure.stages] == ["1. Python", "2. OpenCV", "3. CNNs"]
    assert structure.stages[1].topics == ["filters"]


def test_an_ordered_list_of_steps_is_not_a_curriculum():
    structure = parse("# Setup\n## Running\n1. Install\n2. Open the notebook\n3. Run it\n## Mistakes\n"
                      "1. Not practising\n2. Skipping maths\n3. One seed only\n")
    assert structure.stages == []


def test_week_lines_in_plain_text_keep_their_nested_bullets():
    structure = parse("Robot Course\n\nIntro text about the course.\n\nSyllabus\n"
                      "- Week 1: Kinematics\n  - Lecture: frames\n- Week 2: Control\n  - Lecture: PID\n"
                      "- Week 3: Planning\n  - Lab: RRT\n\nCommon mistakes:\n- Copying transforms\n- One seed\n",
                      markdown=False)
    assert [(s.label, s.title) for s in structure.stages] == [
        ("Week 1", "Week 1: Kinematics"), ("Week 2", "Week 2: Control"), ("Week 3", "Week 3: Planning")]
    assert structure.stages[1].topics == ["Lecture: PID"]


def test_day_lines_in_body_text_count_up_even_when_one_was_set_as_a_heading():
    structure = parse("# Ten Days\n## The days\nDay 1 - Shell: pipes, grep and cron, with a script that downloads a file every hour.\nDay 2 - SQL: joins.\n"
                      "## Day 3 - Modelling: star schemas.\nDay 4 - Airflow: DAGs.\n## About\nme\n")
    assert [(s.label, s.title) for s in structure.stages] == [
        ("Day 1", "Day 1 - Shell"), ("Day 2", "Day 2 - SQL: joins."), ("Day 3", "Day 3 - Modelling: star schemas."),
        ("Day 4", "Day 4 - Airflow: DAGs.")]


def test_markers_that_do_not_count_up_are_not_an_order():
    structure = parse("# Notes\n## Log\n- Week 5: slow\n- Week 2: fast\n- Week 9: ok\n")
    assert structure.stages == []


def test_list_item_headings_of_a_study_plan_are_stages():
    structure = parse("# Plan\n## Data Structures\n- ### Arrays\n    - [ ] vectors\n- ### Linked Lists\n    - [ ] nodes\n"
                      "- ### Stack\n    - [ ] push and pop\n## Other\ntext\n")
    assert [(s.title, s.group) for s in structure.stages] == [
        ("Arrays", "Data Structures"), ("Linked Lists", "Data Structures"), ("Stack", "Data Structures")]
    assert structure.stages[2].topics == ["push and pop"]


def test_a_numbered_name_column_orders_a_table():
    structure = parse("# Notebooks\n## List\n| Notebook | Done |\n|---|---|\n| 00_Intro | yes |\n| 01_Python | yes |\n"
                      "| 02_NumPy | no |\n| 03_Pandas | |\n")
    assert [(s.label, s.title) for s in structure.stages] == [
        ("Notebook 0", "00_Intro"), ("Notebook 1", "01_Python"), ("Notebook 2", "02_NumPy"), ("Notebook 3", "03_Pandas")]


def test_the_dev3_syllabus_and_study_plan_read_as_stages():
    rl = load_file(ROOT / "evals/corpora/dev3/practical-rl/index.html")
    stages = parse(rl.text).stages
    assert [s.label for s in stages][:3] == ["Week 1", "Week 2", "Week 3"] and len(stages) == 12
    ciu = load_file(ROOT / "evals/corpora/dev3/coding-interview-university/README.md")
    titles = [s.title for s in parse(ciu.text).stages]
    assert titles[titles.index("Linked Lists") + 1] == "Stack"
