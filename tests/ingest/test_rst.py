"""reST roadmaps as the pipeline reads them: a site's own directives keep their prose, links in prose
are links (written here after gaps found on real guides)."""

from __future__ import annotations

from pathlib import Path

from ingest.loaders import load_file
from ingest.resources import derive_resources
from ingest.structure import parse_document

RL_GUIDE = """\
Robot Learning Notes
====================

Getting started
---------------

Read the overview first.
We also provide a `colab notebook <https://colab.research.google.com/github/example/robots/blob/main/arm.ipynb>`_
for a concrete example of a custom arm environment.

.. code-block:: python

    env = ArmEnv()
    # Check the environment before training on it
    check_env(env)

Training tips
-------------

Normalise the observations.

.. displayitem::
   :header: Level 2: Tune a policy
   :description: Learn how to search hyperparameters for a policy.
   :col_css: col-md-6
   :button_link: levels.html#level-2
   :height: 150
   :tag: intermediate
"""


def _parse(path: Path):
    loaded = load_file(path)
    return parse_document(loaded.text, doc_id=path.stem, source=str(path), markdown=loaded.markdown,
                          fallback_title=path.stem)


def test_a_custom_rest_directive_keeps_the_text_of_its_options_and_drops_its_settings(tmp_path):
    path = tmp_path / "notes.rst"
    path.write_text(RL_GUIDE, encoding="utf-8")
    text = load_file(path).text
    assert "Level 2: Tune a policy" in text and "Learn how to search hyperparameters for a policy." in text
    assert "col-md-6" not in text and "levels.html" not in text and "intermediate" not in text


def test_a_rest_link_in_prose_becomes_a_resource_with_its_url(tmp_path):
    path = tmp_path / "notes.rst"
    path.write_text(RL_GUIDE, encoding="utf-8")
    resources = {r.url: r for r in derive_resources(_parse(path), set())}
    notebook = resources["https://colab.research.google.com/github/example/robots/blob/main/arm.ipynb"]
    assert notebook.kind == "notebook" and notebook.title == "colab notebook"
