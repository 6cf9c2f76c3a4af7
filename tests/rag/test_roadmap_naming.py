"""Which roadmap a question names: two said in full name none alone, and a comparison finds its two
roadmaps however the question places their names."""

from __future__ import annotations

from types import SimpleNamespace

from rag.models import RoadmapStructure
from rag.roadmap_sides import dimension_of, named_roadmaps
from rag.targeting import RoadmapTargeter

ROADMAPS = [
    RoadmapStructure(doc_id="rtm", source="x/road-to-ml/README.md", title="Road to ML: From Basics to Advanced Topics"),
    RoadmapStructure(doc_id="prep", source="x/ml-engineer-prep/ml-engineer-prep.pdf", title="Suggested Timeline"),
    RoadmapStructure(doc_id="rl", source="x/sb3-rl-tips/rl_tips.rst", title="Reinforcement Learning Tips and Tricks"),
]


def _finder(targeter: RoadmapTargeter) -> SimpleNamespace:
    return SimpleNamespace(structures=ROADMAPS, targeter=targeter, named_roadmap=targeter.named)


def test_two_roadmaps_said_in_full_name_no_one_roadmap():
    targeter = RoadmapTargeter(ROADMAPS)
    assert targeter.named("compare road to ml with the ml engineer prep plan") is None


def test_the_first_part_of_a_comparison_names_a_roadmap_said_as_a_name():
    finder = _finder(RoadmapTargeter(ROADMAPS))
    question = "road to ml's reinforcement learning module vs the sb3 rl tips page, how are they different?"
    assert [r.doc_id for r in named_roadmaps(finder, question)] == ["rtm", "rl"]
    # what is compared keeps the subject, not what is left of the names ("to", "s") or "module"
    assert dimension_of(finder, question, named_roadmaps(finder, question)) == "reinforcement learning"


def test_a_plan_in_turn_reads_each_roadmaps_name_as_a_comparison_does():
    """"first A, then B" and "A vs B": one rule reads the name in each part, so a plan across two
    roadmaps finds the pair a comparison of them finds, and a first part that only asks names none."""
    from rag.plan import PlanLibrary
    from rag.plan.ask import THEN
    from rag.plan.sequence import named_roadmaps as plan_roadmaps
    from rag.roadmap_sides import SPLIT

    targeter = RoadmapTargeter(ROADMAPS)
    finder = _finder(targeter)
    compared = named_roadmaps(finder, "road to ml's deep learning module vs the sb3 rl tips page")
    planned = plan_roadmaps("first road to ml's deep learning module, then the sb3 rl tips page, 10 h/week",
                            PlanLibrary(ROADMAPS, [], targeter=targeter))
    assert [r.doc_id for r in compared] == [r.doc_id for r in planned] == ["rtm", "rl"]
    for separator in (SPLIT, THEN):  # the first part holds what is asked: "reinforcement learning" names no side
        word = " vs " if separator is SPLIT else ", then "
        parts = targeter.naming_parts(f"which teaches reinforcement learning{word}the ml engineer prep plan", separator)
        assert parts[0][1] is None


def test_a_comparison_naming_both_roadmaps_in_one_part_finds_both_in_the_order_said():
    finder = _finder(RoadmapTargeter(ROADMAPS))
    question = "compare the deep learning stage of road to ml with the ml engineer prep plan's, how long does each take?"
    assert named_roadmaps(finder, question) == []  # not a comparison request: one part, two names
    assert [r.doc_id for r in named_roadmaps(finder, question, comparing=True)] == ["rtm", "prep"]


def test_a_subject_word_that_is_also_a_name_word_names_no_side():
    """"which one teaches deep learning": the asked subject is not the name of a roadmap."""
    roadmaps = [RoadmapStructure(doc_id="pt", source="x/pytorch-deep-learning/README.md", title="Learn PyTorch for Deep Learning"),
                RoadmapStructure(doc_id="mlb", source="x/ml-for-beginners/README.md", title="Machine Learning for Beginners")]
    targeter = RoadmapTargeter(roadmaps)
    assert not targeter.says_name("which one teaches deep learning", roadmaps[0])
    assert targeter.says_name("the learn pytorch course", roadmaps[0])


def test_an_abbreviation_in_a_title_gives_its_letters_to_the_acronym():
    """"ML Platform Handbook" is "mlph"; a word its name shares, said alone ("any tips?"), names nothing."""
    roadmaps = [RoadmapStructure(doc_id="rl", source="x/sb3-rl-tips/rl_tips.rst", title="Reinforcement Learning Tips and Tricks"),
                RoadmapStructure(doc_id="ae", source="x/analytics-engineer-ladder.md", title="The Analytics Engineer Ladder"),
                RoadmapStructure(doc_id="ph", source="x/ml-platform-handbook.txt", title="ML Platform Handbook")]
    targeter = RoadmapTargeter(roadmaps, openings={"rl": "We also recommend the Stable Baselines3 (SB3) documentation."})
    assert targeter.named("how long should i spend on kubernetes in mlph?").doc_id == "ph"
    assert targeter.named("any tips for a beginner?") is None


def test_a_role_phrase_asked_beside_a_name_that_says_it_is_kept():
    """"road to ml" is the name; "machine learning" said beside it is the topic. Said only as the
    name's spelled-out form ("road to machine learning"), it is the name and goes."""
    targeter = RoadmapTargeter(ROADMAPS)
    kept = targeter.without_names_kept_words(
        "does road to ml cover computer vision and machine learning pipelines?", ROADMAPS[0]).split()
    assert {"computer", "vision", "machine", "learning", "pipelines"} <= set(kept) and "ml" not in kept
    assert "machine" not in targeter.without_names_kept_words("what does road to machine learning cover?", ROADMAPS[0])
