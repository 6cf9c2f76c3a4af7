"""What a stage lists to learn, read from its passages."""

from __future__ import annotations

from rag.models import Passage
from rag.plan.content import learn_items


def passage(section: str, text: str, links=()) -> Passage:
    return Passage(chunk_id=section, source="s", title="t", section=section, text=text, stage_index=0,
                   links=[{"text": t, "url": u} for t, u in links])


def test_a_what_to_learn_section_is_preferred_to_the_stages_introduction():
    items = learn_items([
        passage("Step 2: Learn GitHub", "- GitHub is a crucial platform for collaboration.\n- Showcase your projects."),
        passage("Step 2: Learn GitHub > What to Learn?", "- Git Basics:\n  - commits, branches\n- GitHub Skills"),
    ])
    assert [text for text, _ in items] == ["Git Basics: commits, branches", "GitHub Skills"]


def test_commentary_why_sections_and_link_lists_are_not_things_to_learn():
    items = learn_items([
        passage("Q1 > Maths", "Before frameworks:\n- Linear Algebra: vectors\n- Why: it matters\n"
                              "- Time Commitment: 4-6 weeks"),
        passage("Q1 > Why Learn Maths?", "- Foundations matter"),
        passage("Q1 > Maths > Reading", "- 3Blue1Brown\n- Khan Academy", links=[("3Blue1Brown", "https://a"),
                                                                                ("Khan Academy", "https://b")]),
    ])
    assert [text for text, _ in items] == ["Linear Algebra: vectors"]


def test_a_course_table_lists_its_courses_not_its_header():
    items = learn_items([passage("Core CS > Core math", "Courses | Duration | Effort\n:-- | :--: | :--:\n"
                                 "Calculus 1A: Differentiation | 13 weeks | 6-10 hours/week\n"
                                 "Mathematics for Computer Science | 13 weeks | 5 hours/week")])
    assert [text for text, _ in items] == ["Calculus 1A: Differentiation", "Mathematics for Computer Science"]


def test_bullets_under_a_resources_line_name_material_not_things_to_learn():
    items = learn_items([passage("1. Mathematics", "Before mastering ML, understand the maths.\n\n"
                                 "- **Linear Algebra**: vectors, matrices\n- **Calculus**: derivatives\n\n"
                                 "📚 Resources:\n\n- 3Blue1Brown - The Essence of Linear Algebra: videos\n"
                                 "- \"Deep Learning\" by Goodfellow, Bengio, Courville (Text reference)\n"
                                 "Time Commitment: 4-6 weeks (15-20 hours/week)\n- Probability: distributions",
                                 links=[("3Blue1Brown - The Essence of Linear Algebra", "https://a")])])
    assert [text for text, _ in items] == ["**Linear Algebra**: vectors, matrices", "**Calculus**: derivatives",
                                           "Probability: distributions"]


def test_a_bullet_led_by_a_link_names_a_resource_but_a_syllabus_of_linked_topics_stays():
    mixed = learn_items([passage("2. Python", "- Python Basics: syntax, data types\n"
                                 "- Real Python: articles and tutorials\n- Fluent Python by Luciano Ramalho",
                                 links=[("Real Python", "https://r"), ("Fluent Python", "https://f")])])
    assert [text for text, _ in mixed] == ["Python Basics: syntax, data types"]
    linked = learn_items([passage("3. Git", "- Branches: working apart\n- Rebasing: a linear history",
                                  links=[("Branches", "https://b"), ("Rebasing", "https://r")])])
    assert [text for text, _ in linked] == ["Branches: working apart", "Rebasing: a linear history"]


def test_a_course_rows_discussion_and_prerequisite_links_are_not_its_resources():
    from rag.plan.content import stage_resources
    from rag.plan.library import PlanLibrary
    from rag.models import Stage

    row = passage("Core math > Calculus 1A", "Courses: Calculus 1A (alternative)\nDuration: 13 weeks\n"
                  "Prerequisites: high school math\nDiscussion: chat: part 1 / part 2",
                  links=[("Calculus 1A", "https://mit.example/calc"), ("alternative", "https://ocw.example/calc"),
                         ("high school math", "https://ossu.example/math"), ("part 1", "https://discord.example/1"),
                         ("chat", "https://discord.example/c")])
    catalogue = Passage(chunk_id="cat", source="r", title="Resource catalogue", section="Resources > high school math",
                        text="high school math\nRecommended in: Calculus 1A (OSSU).", kind="resource",
                        url="https://ossu.example/math")
    found = stage_resources(PlanLibrary([], [row, catalogue]), Stage(index=0, title="Calculus 1A"), [row],
                            free_only=False)
    assert [r.title for r in found] == ["Calculus 1A", "alternative"]
