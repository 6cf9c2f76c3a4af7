"""The nicknames a roadmap's names and opening lines give it (rag.name_sources)."""

from __future__ import annotations

from rag.name_sources import acronyms, opening_acronyms, proper_words


def test_acronyms_of_a_title_with_and_without_joining_words_and_before_its_dash():
    found = acronyms("Machine Vision for Makers - A Handbook")
    assert {"mvfm", "mvm", "mvfmah", "mvmh"} <= found


def test_acronyms_shorter_than_three_letters_are_not_nicknames():
    assert acronyms("Go Guide") == set()


def test_an_acronym_the_opening_writes_in_capitals_is_declared():
    declared, implied = opening_acronyms("Foundational in theory, the OSRM breaks down the core.",
                                         ["The Open Systems Research Masters"])
    assert "osrm" in declared and "osrm" not in implied


def test_a_name_run_in_the_opening_implies_an_acronym():
    _, implied = opening_acronyms("Welcome to the Stack Forge Learn Robotics course, the best place.")
    assert "sf" not in implied  # two letters: too short
    assert "sflr" in implied


def test_proper_words_skip_sentence_openers_and_link_addresses():
    words = proper_words("Welcome to the course by Globex. See https://Example.com/Thing for Kotlin.")
    assert "Globex" in words and "Kotlin" in words
    assert "Welcome" not in words and "See" not in words and "Example" not in words


def test_a_names_words_written_as_one():
    from rag.name_sources import joined

    assert {"practicalai"} <= joined("Practical Ai")
    assert {"mlforbeginners", "mlbeginners"} <= joined("ml-for-beginners".replace("-", " "))
    assert joined("Readme") == set()


def test_an_abbreviation_in_a_title_gives_all_its_letters():
    """"ML Platform Handbook" is "MLPH" to its readers, beside the initials "mph"."""
    assert {"mlph", "mph"} <= acronyms("ML Platform Handbook")
    assert "gg" not in acronyms("Go Guide")  # two letters stay too short
