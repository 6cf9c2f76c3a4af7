"""The three public development roadmaps (evals/corpora/dev, licences beside them): stages from
numbered headings, course tables and a table of contents; every link a resource."""

from collections import Counter
from pathlib import Path

import pytest

from ingest.doc_ids import doc_id_for
from ingest.loaders import load_file
from ingest.naming import fallback_title
from ingest.resources import derive_resources, url_key
from ingest.structure import parse_document

ROOT = Path(__file__).resolve().parents[2]
DEV = "evals/corpora/dev"


def parse(name: str):
    key = f"{DEV}/{name}/README.md"
    loaded = load_file(ROOT / key)
    return parse_document(loaded.text, doc_id=name, source=key, markdown=loaded.markdown,
                          fallback_title=fallback_title(key, loaded.text))


@pytest.fixture(scope="module")
def llm():
    return parse("llm-course")


@pytest.fixture(scope="module")
def cs():
    return parse("ossu-computer-science")


@pytest.fixture(scope="module")
def ds():
    return parse("ossu-data-science")


def test_titles_come_from_folder_names_and_ids_do_not_collide(llm, cs, ds):
    # all three are README.md; "# Contents" is not a title; capitals as the text writes them
    assert [llm.structure.title, cs.structure.title, ds.structure.title] == [
        "LLM Course", "OSSU Computer Science", "OSSU Data Science"]
    taken: set[str] = set()
    ids = [doc_id_for(f"{DEV}/{name}/README.md", taken) for name in ("llm-course", "ossu-computer-science", "ossu-data-science")]
    assert ids == ["llm-course", "ossu-computer-science", "ossu-data-science"]


def test_llm_course_numbered_headings_are_stages_grouped_by_their_part(llm):
    stages = llm.structure.stages
    assert len(stages) == 20
    groups = Counter(s.group for s in stages)
    assert groups == {"LLM Fundamentals": 4, "The LLM Scientist": 8, "The LLM Engineer": 8}  # emoji stripped
    scientist = [s.title for s in stages if s.group == "The LLM Scientist"]
    assert scientist == ["1. The LLM Architecture", "2. Pre-Training Models", "3. Post-Training Datasets",
                         "4. Supervised Fine-Tuning", "5. Preference Alignment", "6. Evaluation",
                         "7. Quantization", "8. New Trends"]
    # the sequence restarts per part: after the scientist's last stage comes nothing of the engineer's
    assert llm.structure.following(stages[11]) == []
    assert [s.title for s in llm.structure.following(stages[12])][:1] == ["2. Building a Vector Storage"]
    maths = stages[0]
    assert any(t.startswith("Linear Algebra") for t in maths.topics)
    assert {l.text for l in maths.links} >= {"3Blue1Brown - The Essence of Linear Algebra", "Seeing Theory"}
    assert not any(s.title.startswith(("Notebooks", "Tools")) for s in stages)


def test_ossu_cs_course_rows_are_stages_with_their_own_estimates(cs):
    stages = cs.structure.stages
    assert len(stages) == 63
    core = [s.title for s in stages if s.group == "Core programming"]
    assert core == ["Systematic Program Design", "Class-based Program Design", "Programming Languages",
                    "Object-Oriented Design", "Software Architecture"]
    spd = stages[1]
    assert spd.estimate.text == "13 weeks, 8-10 hours/week"
    assert (spd.estimate.hours_low, spd.estimate.hours_high) == (104.0, 130.0)
    # the estimate cites the row's own passage
    assert spd.estimate.section == "Curriculum > Core CS > Core programming > Systematic Program Design"
    row = next(s for s in cs.sections if s.name == spd.estimate.section)
    assert row.stage_index == spd.index and "Duration: 13 weeks" in row.lines
    unity = next(s for s in stages if s.title.startswith("Game Design"))
    assert unity.estimate.hours_low == pytest.approx(6 * 52 / 12 * 5, abs=0.1)  # months count as weeks
    essence = next(s for s in stages if s.title == "Essence of Linear Algebra")
    assert essence.estimate is None  # "-" in both columns: no time given
    haskell = next(s for s in stages if s.title == "Introduction to Haskell")
    assert haskell.estimate.text == "14 weeks" and haskell.estimate.hours_low is None
    assert [s.title for s in cs.structure.following(spd)][:1] == ["Class-based Program Design"]


def test_ossu_ds_table_of_contents_names_the_stages(ds):
    titles = [s.title for s in ds.structure.stages]
    assert titles == ["Introduction to Data Science", "Introduction to Computer Science",
                      "Data Structures and Algorithms", "Databases", "Single Variable Calculus", "Linear Algebra",
                      "Multivariable Calculus", "Statistics & Probability", "Data Science Tools & Methods",
                      "Machine Learning/Data Mining", "Final project"]
    assert {s.group for s in ds.structure.stages} == {"Curriculum"}
    databases = ds.structure.stages[3]
    assert len(databases.links) == 6 and databases.links[0].text == "Database Management Essentials"


def test_every_link_is_a_resource_with_a_kind_and_a_stage(llm, cs, ds):
    for parsed in (llm, cs, ds):
        resources = derive_resources(parsed, set())
        assert {url_key(r.url) for r in resources} == {url_key(l.url) for l in parsed.structure.links}
        assert all(r.title and r.kind for r in resources)
    cs_resources = {r.url: r for r in derive_resources(cs, set())}
    spd = cs_resources["https://www.coursera.org/learn/software-architecture"]
    assert (spd.kind, spd.learning_resource, spd.recommended_by[0].stage) == ("course", True, "Software Architecture")
    assert cs_resources["https://discord.gg/RfqAmGJ"].learning_resource is False  # a chat, not a resource
    assert cs_resources["https://www.linkedin.com/school/11272443/"].kind == "profile"
    playlist = cs_resources["https://www.youtube.com/playlist?list=PLAwxTw4SYaPkxK63TiT88oEe-AIBhr96A"]
    assert playlist.kind == "video-playlist" and playlist.title == "Software Debugging"
    llm_resources = {r.url: r for r in derive_resources(llm, set())}
    video = llm_resources["https://www.youtube.com/watch?v=aircAruvnKk"]
    assert video.kind == "video" and video.description.startswith("This video gives an intuitive explanation")
    assert llm_resources["https://twitter.com/maximelabonne"].learning_resource is False
    colab = llm_resources["https://colab.research.google.com/drive/1Igs3WZuXAIv9X0vwqiE90QlEPys8e8Oa?usp=sharing"]
    assert colab.title == "LLM AutoEval"  # the anchor said "Open In Colab": the row names it
    kinds = Counter(r.kind for r in derive_resources(llm, set()))
    assert kinds["paper"] >= 10 and kinds["code-repository"] >= 20 and kinds["video"] >= 5


def test_a_hand_written_entry_for_the_same_url_wins(cs):
    handwritten = {url_key("https://coursera.org/learn/software-architecture/")}  # spelled differently
    urls = {r.url for r in derive_resources(cs, handwritten)}
    assert "https://www.coursera.org/learn/software-architecture" not in urls
    assert "https://www.coursera.org/learn/secure-coding-principles" in urls


def test_links_in_the_prose_around_the_stages_are_navigation_not_resources(cs, ds, llm):
    def learning(parsed):
        return {r.title: r.learning_resource for r in derive_resources(parsed, set())}

    ossu_ds, ossu_cs, course = learning(ds), learning(cs), learning(llm)
    assert ossu_ds["Fork"] is False and ossu_ds["the GitHub repo"] is False  # "Fork the GitHub repo into..."
    assert ossu_cs["OSSU CS website"] is False and ossu_cs["Contributors"] is False  # prose; the team list
    assert ossu_ds["What is Data Science"] is True  # a stage's own link
    assert course["LLM Engineer's Handbook"] is True  # a book is a book wherever it is linked
    assert course["LazyMergekit"] is True  # a notebook table row, titled by its first cell
    # the structure keeps the verdict, so listings count what answers can recommend
    assert {l.text for l in ds.structure.links if not l.learning} >= {"Fork", "the GitHub repo"}


def test_a_row_keeps_web_links_and_drops_links_into_the_repository(cs):
    intro = next(s for s in cs.sections if s.name.endswith("Introduction to Computer Science and Programming using Python"))
    assert intro.lines[0] == "Courses: Introduction to Computer Science and Programming using Python"
    assert "Prerequisites: [high school algebra](https://ossu.dev/precollege-math)" in intro.lines
