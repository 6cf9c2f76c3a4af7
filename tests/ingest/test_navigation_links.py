"""A README's furniture links (badges, a translations list, sponsor and star links, "Back to top", a
licence, a one-letter anchor) are no catalogue entries; real one-word resources still are."""

from __future__ import annotations

from ingest.navigation import is_navigation, names_language
from ingest.resources import derive_resources
from ingest.structure import parse_document

# the shapes of coding-interview-university, ML-For-Beginners and road-to-machine-learning READMEs
README = """# Machine Learning Study Plan

[![GitHub license](https://img.shields.io/github/license/me/ml-plan.svg)](https://github.com/me/ml-plan/blob/master/LICENSE)
[![GitHub stars](https://img.shields.io/github/stars/me/ml-plan.svg)](https://GitHub.com/me/ml-plan/stargazers/)
[![PRs Welcome](https://img.shields.io/badge/PRs-welcome-brightgreen.svg)](http://makeapullrequest.com)
[![Sponsor me](https://img.shields.io/badge/sponsor-30363D)](https://github.com/sponsors/me)

<details>
<summary>Translations in progress:</summary>

- [Greek](https://github.com/me/ml-plan/issues/166)
- [Thai](https://github.com/me/ml-plan/issues/156)
- [Korean(한국어)](https://github.com/me/ml-plan/issues/118)
- [Persian - Farsi](https://github.com/me/ml-plan/issues/186)
- [हिन्दी](https://github.com/me/ml-plan/issues/81)
</details>

## Resources

- [fast.ai](https://course.fast.ai/)
- [Kaggle](https://www.kaggle.com/learn)
- [PyTorch](https://pytorch.org/tutorials/)
- [C++](https://github.com/me/practice-cpp)
- [C](https://github.com/me/practice-c)
- [Become a sponsor](https://opencollective.com/ml-plan) and support the plan!
- [Star this repo](https://github.com/me/ml-plan)

[⬆ Back to top](https://github.com/me/ml-plan/blob/master/README.md#machine-learning-study-plan)

This work is licensed under [x](https://creativecommons.org/licenses/by-sa/4.0/legalcode).
"""


def _catalogued() -> dict[str, bool]:
    parsed = parse_document(README, doc_id="plan", source="plan/README.md", markdown=True, fallback_title="Plan")
    return {entry.title: entry.learning_resource for entry in derive_resources(parsed, set())}


def test_furniture_links_are_not_learning_resources():
    found = _catalogued()
    learning = {title for title, ok in found.items() if ok}
    assert {"fast.ai", "Kaggle", "PyTorch", "C++", "C"} <= learning  # "C" names a language's practice repo
    for furniture in ("Greek", "Thai", "Korean(한국어)", "Persian - Farsi", "हिन्दी", "GitHub stars", "GitHub license",
                      "PRs Welcome", "Sponsor me", "Become a sponsor", "Star this repo", "x", "⬆ Back to top"):
        assert found[furniture] is False, furniture


def test_language_names_in_any_script_and_with_qualifiers():
    for text in ("Greek", "Español", "Chinese (Simplified)", "বাংলা - Bangla", "Bahasa Indonesia", "Українська"):
        assert names_language(text), text
    for text in ("English for Data Science", "Natural Language Processing", "Python", "Transformers"):
        assert not names_language(text), text


def test_judged_by_words_and_url_not_by_length():
    assert not is_navigation("R Markdown", "https://rmarkdown.rstudio.com/")
    assert not is_navigation("Transformers", "https://github.com/huggingface/transformers")
    assert is_navigation("Contributors", "https://github.com/me/ml-plan/graphs/contributors")
    assert is_navigation("Buy me a coffee", "https://www.buymeacoffee.com/me")
    assert is_navigation("Support", "https://opencollective.com/plan")


def test_real_resources_that_look_like_furniture_are_kept():
    assert not is_navigation("C", "https://github.com/jwasham/practice-c")  # a language, not an anchor
    assert not is_navigation("R", "https://www.r-project.org/")
    assert is_navigation("x", "#top") and is_navigation("a", "README.md#intro")  # one letter to a place on the page
    assert not is_navigation("Good first issues", "https://github.com/pytorch/pytorch/issues")
    assert not is_navigation("llama.cpp releases", "https://github.com/ggerganov/llama.cpp/releases")
    assert is_navigation("Issues", "https://github.com/me/ml-plan/issues")  # the bare word is the tracker
    assert is_navigation("GitHub releases", "https://github.com/me/ml-plan/releases/")
    assert not is_navigation("STAR", "https://github.com/alexdobin/STAR")  # an aligner
    assert not is_navigation("Top", "https://example.org/top-ml-papers")
    assert is_navigation("Star this repo", "https://github.com/me/ml-plan")
    assert is_navigation("Back to top", "#top")
