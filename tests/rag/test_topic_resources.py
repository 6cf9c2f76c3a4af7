"""Resource answers come from the roadmap lines about the topic the question names: not from any
list of links, and not matched by the words that name the roadmap itself."""

from __future__ import annotations

from rag.models import Passage, RoadmapStructure
from rag.text import stem
from rag.topic_resources import attested, entry_matches, recommended_by, topic_lines, topic_terms
from tests.roadmap_index import roadmap_advisor


class NamesOf:
    """A targeter that knows each roadmap's name words (the real one derives them from titles)."""

    def __init__(self, names: dict[str, set[str]]):
        self.names = names

    def without_names(self, text: str, roadmap: RoadmapStructure) -> str:
        return " ".join(w for w in text.split() if w.lower().strip("?") not in self.names.get(roadmap.doc_id, set()))


def _roadmap(doc_id: str, title: str) -> RoadmapStructure:
    return RoadmapStructure(doc_id=doc_id, source=f"{doc_id}.md", title=title, stages=[])


def _passage(text: str, section: str = "Guide > Techniques", links: list[dict] | None = None, **extra) -> Passage:
    return Passage(chunk_id=section + text[:10], source="g.md", title="Pottery Masters", section=section, text=text,
                   links=links or [], **extra)


def test_the_words_that_name_the_roadmap_are_not_the_topic():
    roadmap = _roadmap("pm", "Pottery Masters")
    targeter = NamesOf({"pm": {"pottery", "masters"}})
    terms = topic_terms("glazing resources in the open studio pottery masters?", targeter, [roadmap])
    assert terms == ["glazing"]  # "open studio" sits inside the roadmap's name as the learner says it


def test_one_name_word_alone_is_a_topic_not_the_roadmap():
    roadmap = _roadmap("pm", "Pottery Masters")
    targeter = NamesOf({"pm": {"pottery", "masters"}})
    assert topic_terms("pottery glazing books", targeter, [roadmap]) == ["pottery", "glazing"]
    assert topic_terms("glazing books in the pottery course", targeter, [roadmap]) == ["glazing"]


def test_a_catalogue_entry_is_not_about_the_roadmap_that_recommends_it():
    entry = _passage("Kiln Basics: book, cost: unknown.\nTopics: firing.\nRecommended in: Tools (Pottery Masters).\n"
                     "Link: https://example.org/kiln", section="Resources > Kiln Basics", kind="resource")
    assert entry_matches(entry, {stem("pottery"), stem("masters")}) == 0
    assert entry_matches(entry, {stem("firing")}) == 1


def test_a_topic_line_brings_the_linked_lines_under_it():
    passage = _passage(
        "- Throwing\n- Centering Clay Video Course\n- Glazing & Firing\n- Glaze Chemistry Book $20\n"
        "- Cone Charts Article\n- Trimming\n- Trimming Tools Guide",
        links=[{"text": "Centering Clay", "url": "https://example.org/c"},
               {"text": "Glaze Chemistry", "url": "https://example.org/g"},
               {"text": "Cone Charts", "url": "https://example.org/k"},
               {"text": "Trimming Tools", "url": "https://example.org/t"}])
    lines = topic_lines(passage, {stem("glazing")})
    assert lines == ["Glazing & Firing", "Glaze Chemistry Book $20", "Cone Charts Article"]


def test_an_acronym_finds_the_words_it_abbreviates_in_a_table_row():
    passage = _passage("| 07 | Raku Kiln Firing | [Firing](7-firing/README.md) | Fire a raku piece |",
                       section="Course > Lessons")
    assert topic_lines(passage, {"rkf"}) == ["Raku Kiln Firing: Firing: Fire a raku piece"]


ROADMAP = """# Pottery Masters

## Resources
- [Clay Forum](https://example.org/forum): a community for potters
- [Studio Podcast](https://example.org/podcast): interviews with potters

## Techniques
- Throwing
- [Centering Clay](https://example.org/centering) Video Course
- Glazing
- [Glaze Chemistry](https://example.org/glaze) Book
- [Cone Charts](https://example.org/cones) Article
- Trimming
- [Trimming Tools](https://example.org/trim) Guide
"""


def test_a_resource_question_cites_the_list_about_its_topic(tmp_path):
    advisor = roadmap_advisor(tmp_path, {
        "pottery.md": ROADMAP,
        "weaving.md": "# Weaving Path\n\n## Looms\n- [Loom Basics](https://example.org/loom) Book\n"})
    answer = advisor.answer("glazing resources in the pottery masters?")
    assert answer.intent == "resources"
    cited = " ".join(c.text for c in answer.citations)
    assert "Glaze Chemistry" in answer.answer and "Glaze Chemistry" in cited
    assert "Studio Podcast" not in answer.answer and "Loom Basics" not in answer.answer


def _entry(title: str, body: str, source: str = "g.md", url: str = "https://example.org/x") -> Passage:
    return Passage(chunk_id=title, source=source, title="Resource catalogue", section=f"Resources > {title}",
                   text=f"{title}: website, by example.org, cost: unknown, level: all.\n{body}\nLink: {url}",
                   kind="resource", url=url)


def test_a_named_roadmap_keeps_only_what_it_recommends():
    roadmap = _roadmap("pm", "Pottery Masters")
    own = _entry("Wheel", "Recommended in: Throwing.", source="pm.md")
    catalogued = _entry("Kiln", "Recommended in: Firing (Pottery Masters).", source="resources.yaml")
    other = _entry("Loom", "Recommended in: Weaving (Textile Path).", source="tp.md")
    longer = _entry("Glaze", "Recommended in: Glazing (Pottery Masters Advanced).", source="pma.md")
    assert [recommended_by(p, roadmap) for p in (own, catalogued, other, longer)] == [True, True, False, False]


def test_a_handle_only_a_url_has_is_not_asked_but_a_word_no_passage_has_stays_asked():
    sponsor = _entry("Become a sponsor", "", url="https://github.com/sponsors/jwasham")
    sites = _passage("Practice sites:\n- LeetCode", section="Guide > Coding Problems")
    asked = {stem("practice"), stem("sites"), stem("jwasham")}
    assert attested(asked, [sponsor, sites]) == {stem("practice"), stem("sites")}
    assert attested({stem("kubernetes"), stem("sites")}, [sponsor, sites]) == {stem("kubernetes"), stem("sites")}


def test_a_question_that_names_a_roadmap_lists_only_that_roadmaps_resources(tmp_path):
    advisor = roadmap_advisor(tmp_path, {
        "pottery.md": ROADMAP + "\n## Firing\n- [Kiln Handbook](https://example.org/kiln) Book\n",
        "ceramics.md": "# Ceramics School\n\n## Firing\n- [Firing Schedules](https://example.org/schedules) Book\n"})
    answer = advisor.answer("firing resources in the pottery masters?")
    assert answer.intent == "resources"
    assert "Kiln Handbook" in answer.answer and "Firing Schedules" not in answer.answer
