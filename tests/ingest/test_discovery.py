"""Everything under an ingest path that is not a readable file is named in a warning, never passed over
silently, and nothing (a FIFO) can block the walk."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from ingest.pipeline import discover

GOOD = "# Good\n## Step 1: Python\n- loops\n"


def reasons(skipped) -> dict[str, str]:
    return {Path(s.path).name: s.reason for s in skipped}


def test_symlink_loops_dangling_links_and_fifos_are_warnings_naming_each(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "good.md").write_text(GOOD)
    (corpus / "sub" / "deeper.md").write_text(GOOD.replace("Good", "Deeper"))
    (corpus / "sub" / "back-up").symlink_to(corpus)  # a folder linking to its ancestor
    (corpus / "self.md").symlink_to(corpus / "self.md")  # a link to itself
    (corpus / "gone.md").symlink_to(tmp_path / "nowhere.md")
    os.mkfifo(corpus / "pipe.md")

    done: dict = {}
    walker = threading.Thread(target=lambda: done.update(result=discover([corpus])), daemon=True)
    walker.start()
    walker.join(timeout=20)
    assert "result" in done, "discovery blocked (on the FIFO?)"
    files, skipped = done["result"]

    assert sorted(p.name for p in files) == ["deeper.md", "good.md"]
    why = reasons(skipped)
    assert "loop" in why["back-up"] and "loop" in why["self.md"]
    assert "dangling" in why["gone.md"] and "nowhere.md" in why["gone.md"]
    assert "FIFO" in why["pipe.md"]


def test_a_fifo_given_as_the_path_is_a_warning_and_never_opened(tmp_path):
    fifo = tmp_path / "roadmap.md"
    os.mkfifo(fifo)

    files, skipped = discover([fifo])

    assert files == [] and "FIFO" in reasons(skipped)["roadmap.md"]


def test_a_folder_that_cannot_be_listed_is_a_warning_and_the_rest_is_read(tmp_path):
    """Tests run as root here, where chmod 000 does not stop a listing: the lister raises as the
    kernel would for a user without the permission."""
    corpus = tmp_path / "corpus"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "locked" / "secret.md").write_text(GOOD)
    (corpus / "good.md").write_text(GOOD)

    def lister(folder: str):
        if Path(folder).name == "locked":
            raise PermissionError(13, "Permission denied", folder)
        return os.scandir(folder)

    files, skipped = discover([corpus], lister=lister)

    assert [p.name for p in files] == ["good.md"]
    assert "Permission denied" in reasons(skipped)["locked"]


def test_a_cloned_repository_gives_its_roadmap_not_its_licence_or_guides(tmp_path):
    repo = tmp_path / "llm-course"
    repo.mkdir()
    for name in ("README.md", "LICENSE", "LICENSE.md", "CONTRIBUTING.md", "CODE_OF_CONDUCT.md", "notes.md"):
        (repo / name).write_text("# A title\n\n## Step 1: Python\n- loops\n", encoding="utf-8")
    files, skipped = discover([repo])
    assert [f.name for f in files] == ["README.md", "notes.md"]
    why = reasons(skipped)
    assert set(why) == {"LICENSE", "LICENSE.md", "CONTRIBUTING.md", "CODE_OF_CONDUCT.md"}
    assert all("not a roadmap" in reason for reason in why.values())


def test_a_licence_file_named_on_its_own_is_indexed(tmp_path):
    licence = tmp_path / "LICENSE.md"
    licence.write_text("# Licence\n\nMIT\n", encoding="utf-8")
    assert discover([licence]) == ([licence], [])
