"""Which numbered things are a roadmap's sequence: the run of day, session or chapter units that
spans the course, not a short 1-2-3 list inside one section, and a table column that counts the
chapters rather than bold "Chapter N:" labels of extra material elsewhere."""

from ingest.structure import parse_document

DAYS = """# Ten-Minute ML

# About the Course:
Pick the pace that suits you.

**1. The Skimmer**

Watch the videos only.

**2. The Builder**

Do every exercise.

**3. The Reader**

Read every link.

# Prerequisites

### 1. No coding background
Start with Python basics.

### 2. Some coding
Skip the first day.

### 3. ML background
Skip to day three.

# Schedule:

## 🗓️ Day 1: What a model is (May 1st, 2025)
---
- Reading: https://example.org/models

## 🗓️ Day 2: Training loops (May 2nd, 2025)
---
### Key topics
- gradient descent
- epochs

## 💻 Mini-Project 1 (a tiny classifier)
---
Build it with what days 1 and 2 taught.

## 🗓️ Day 3:Evaluation (May 3rd, 2025)
---
- accuracy and recall

## 🗓️ Day 4: Deployment(May 4th, 2025)
---
- serving a model
"""


def parse(text: str, source: str = "d.md"):
    return parse_document(text, doc_id="d", source=source, markdown=True, fallback_title="Fallback")


def test_day_headings_are_the_stages_not_the_numbered_learner_types_or_backgrounds():
    structure = parse(DAYS).structure
    assert [s.label for s in structure.stages] == ["Day 1", "Day 2", "", "Day 3", "Day 4"]
    assert structure.stages[1].topics == ["gradient descent", "epochs"]


def test_a_project_between_two_consecutive_days_is_the_step_after_the_first():
    structure = parse(DAYS).structure
    assert [s.title for s in structure.following(structure.stages[1])][:2] == [
        "💻 Mini-Project 1 (a tiny classifier)", "🗓️ Day 3:Evaluation (May 3rd, 2025)"]


def test_a_heading_after_the_last_day_or_between_days_that_skip_a_number_is_no_step():
    text = "# Course\n## Day 1: A\n- a\n## Notes\nsome\n## Day 3: C\n- c\n## Day 4: D\n- d\n## Credits\nme\n"
    assert [s.title for s in parse(text).structure.stages] == ["Day 1: A", "Day 3: C", "Day 4: D"]


def test_a_days_passages_are_labelled_by_the_day_not_the_heading_above_all_days():
    sections = {s.name: s for s in parse(DAYS).sections}
    day_two = next(name for name in sections if "gradient descent" in "\n".join(sections[name].lines))
    assert day_two.startswith("🗓️ Day 2: Training loops") and "Schedule" not in day_two
    project = next(name for name in sections if "Build it with" in "\n".join(sections[name].lines))
    assert project.startswith("💻 Mini-Project 1") and "Day 2" not in project


def test_a_long_run_of_unit_headings_beats_short_numbered_lists_inside_one_section():
    text = ("# Workshop\n## How to use this\n### 1. Read\nx\n### 2. Code\ny\n### 3. Ask\nz\n"
            + "".join(f"## Session {n}\n- topic {n}\n" for n in range(1, 6)))
    structure = parse(text).structure
    assert [s.title for s in structure.stages] == [f"Session {n}" for n in range(1, 6)]


def test_numbered_lists_stay_the_sequence_when_no_longer_unit_run_exists():
    text = "# Guide\n## 1. Python\n- a\n## 2. SQL\n- b\n## 3. Models\n- c\n## 4. Deploy\n- d\n## Session 1\nintro talk\n"
    structure = parse(text).structure
    assert [s.title for s in structure.stages] == ["1. Python", "2. SQL", "3. Models", "4. Deploy"]


BOOK = """# A Book of Models

## Table of Contents

| Chapter Title | Code |
| --- | --- |
| Setup recommendations | - |
| Ch 1: Why models | No code |
| Ch 2: Data | ch02.ipynb |
| Ch 3: Training | ch03.ipynb |
| Ch 4: Evaluation | ch04.ipynb |
| Appendix A: Python primer | a.ipynb |
| Appendix B: Further reading | No code |

## Bonus Material

- **Chapter 2:**
  - Faster loaders
- **Chapter 3:**
  - Mixed precision
- **Chapter 4:**
  - More metrics
"""


def test_a_chapter_column_is_the_order_and_bold_chapter_labels_elsewhere_are_not():
    structure = parse(BOOK).structure
    assert [s.title for s in structure.stages] == [
        "Setup recommendations", "Ch 1: Why models", "Ch 2: Data", "Ch 3: Training", "Ch 4: Evaluation",
        "Appendix A: Python primer", "Appendix B: Further reading"]
    assert [s.label for s in structure.stages] == [
        "", "Chapter 1", "Chapter 2", "Chapter 3", "Chapter 4", "Appendix A", "Appendix B"]
    third = structure.stages[3]
    assert structure.following(third)[0].title == "Ch 4: Evaluation"


def test_a_chapter_column_whose_letters_run_backwards_is_no_order():
    text = BOOK.replace("Appendix A: Python primer", "Appendix C: Python primer")
    titles = [s.title for s in parse(text).structure.stages]
    assert "Ch 1: Why models" not in titles


NESTED_WEEKS = """# ML Roadmap

## 1. Python
Learn the language.

## 2. Math
Linear algebra.

## 3. Machine Learning
Classic models, week by week.

### Week 1
Regression.

### Week 2
Classification.

### Week 3
Trees.

### Week 4
Ensembles.

### Week 5
Clustering.

## 4. Deep Learning
Neural networks.
"""

EMOJI_SESSIONS = """# Data Roadmap

## 🐍 Python
- Basics first.
- Functions.

## 📊 Statistics
Descriptive statistics.

### Session 1
Means.

### Session 2
Variance.

### Session 3
Tests.

## 🤖 Machine Learning
- Models.
- Evaluation.

## 🚀 Deployment
- Serving.
- Monitoring.
"""


def test_a_week_run_inside_one_numbered_stage_does_not_replace_the_roadmaps_stages():
    titles = [s.title for s in parse(NESTED_WEEKS).structure.stages]
    assert titles == ["1. Python", "2. Math", "3. Machine Learning", "4. Deep Learning"], titles


def test_sessions_inside_one_emoji_section_do_not_become_the_whole_roadmap():
    titles = [s.title for s in parse(EMOJI_SESSIONS).structure.stages]
    assert [t.split(" ", 1)[-1] for t in titles] == ["Python", "Statistics", "Machine Learning", "Deployment"], titles
