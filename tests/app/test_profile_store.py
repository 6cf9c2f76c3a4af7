"""Learner profiles in SQLite: saved and read back, kept apart, progress marked safely."""

from __future__ import annotations

import json
import sqlite3
import threading

import pytest

from app.profile_store import Profile, ProfileError, ProfileStore, make_profile


def test_a_profile_round_trips_through_sqlite(tmp_path):
    store = ProfileStore.in_dir(tmp_path / "state")
    assert store.get("ana") is None and store.names() == []  # nothing created by reading
    saved = store.save(make_profile(name=" ana ", goal="LLM engineer", roadmap="genai-engineer-roadmap",
                                    known=["Step 3: SQL", "Python Basics", "Step 3: SQL"], hours_per_week=6, weeks=20))
    assert (tmp_path / "state" / "profiles.sqlite3").exists()
    again = ProfileStore.in_dir(tmp_path / "state").get("ana")
    assert again == saved and again.known == ["Step 3: SQL", "Python Basics"]
    request = again.plan_request()
    assert (request.goal, request.roadmap, request.hours_per_week, request.weeks) == (
        "LLM engineer", "genai-engineer-roadmap", 6, 20)


def test_two_profiles_are_kept_apart(tmp_path):
    store = ProfileStore.in_dir(tmp_path)
    store.save(Profile(name="ana", goal="LLM engineer"))
    store.save(Profile(name="ben", roadmap="aiml-roadmap-2026", hours_per_week=3))
    store.set_done("ana", "Step 1: Programming Fundamentals")
    assert store.names() == ["ana", "ben"]
    assert store.get("ana").done == ["Step 1: Programming Fundamentals"]
    assert store.get("ben").done == [] and store.get("ben").hours_per_week == 3


def test_progress_is_marked_and_unmarked(tmp_path):
    store = ProfileStore.in_dir(tmp_path)
    store.save(Profile(name="ana", goal="LLM engineer", known=["Step 3: SQL"]))
    store.set_done("ana", "Step 1: Programming Fundamentals")
    store.set_done("ana", "Step 2: Learn GitHub")
    store.set_done("ana", "Step 1: Programming Fundamentals", done=False)
    profile = store.get("ana")
    assert profile.done == ["Step 2: Learn GitHub"] and profile.known == ["Step 3: SQL"]
    assert profile.plan_request().done == ["Step 2: Learn GitHub"]


@pytest.mark.parametrize("fields, words", [
    ({"name": "  "}, "name"),
    ({"name": "ana", "hours_per_week": 0}, "hours_per_week"),
    ({"name": "ana", "weeks": 10_000}, "weeks"),
    ({"name": "ana", "hours_per_week": "lots"}, "hours_per_week"),
])
def test_bad_input_gives_one_clear_line(fields, words):
    with pytest.raises(ProfileError) as caught:
        make_profile(**fields)
    message = str(caught.value)
    assert words in message and "\n" not in message and message.startswith("Profile ")


def test_marking_a_stage_of_a_missing_profile_says_so_and_writes_nothing(tmp_path):
    store = ProfileStore.in_dir(tmp_path)
    with pytest.raises(ProfileError, match="No profile named 'zoe'"):
        store.set_done("zoe", "Step 1")
    with pytest.raises(ProfileError, match="needs a name"):
        store.set_done("zoe", "  ")
    assert store.names() == []


def _mark_many(path: str, worker: int, count: int) -> None:
    store = ProfileStore(path)
    for i in range(count):
        store.set_done("ana", f"stage {worker}-{i}")


def test_concurrent_writers_lose_no_marks_and_keep_the_file_sound(tmp_path):
    path = tmp_path / "profiles.sqlite3"
    ProfileStore(path).save(Profile(name="ana", goal="LLM engineer"))
    # Threads with their own connections: SQLite locks the file as it does between processes.
    workers = [threading.Thread(target=_mark_many, args=(str(path), w, 15)) for w in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    done = ProfileStore(path).get("ana").done
    assert sorted(done) == sorted(f"stage {w}-{i}" for w in range(3) for i in range(15))
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_mark_waits_for_another_writer_and_keeps_its_change(tmp_path):
    """Another tab or process saves the profile while a mark is being made: the mark must read the
    profile after that save, not before it, or one of the two changes is lost."""
    path = tmp_path / "profiles.sqlite3"
    ProfileStore(path).save(Profile(name="ana", goal="LLM engineer"))
    began, read = threading.Event(), threading.Event()

    def seen(statement: str) -> None:
        if statement.startswith("BEGIN"):
            began.set()
        elif statement.startswith("SELECT data FROM profiles"):
            read.set()

    class WatchedStore(ProfileStore):
        def _connect(self) -> sqlite3.Connection:
            conn = super()._connect()
            conn.set_trace_callback(seen)
            return conn

    store = WatchedStore(path)
    other = sqlite3.connect(path, timeout=3, isolation_level=None)
    errors: list[BaseException] = []

    def mark() -> None:
        try:
            store.set_done("ana", "Step 2: Learn GitHub")
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    try:
        other.execute("BEGIN IMMEDIATE")
        data = json.loads(other.execute("SELECT data FROM profiles WHERE name = 'ana'").fetchone()[0])
        worker = threading.Thread(target=mark)
        worker.start()
        assert began.wait(30), "the mark started its transaction"
        # A mark that reads before taking the write lock reads now, the old profile (and loses the
        # other change); one that takes the lock first waits in BEGIN, and this wait runs out.
        read.wait(1.0)
        data["done"].append("Step 1: Programming Fundamentals")
        other.execute("UPDATE profiles SET data = ? WHERE name = 'ana'", (json.dumps(data),))
        other.execute("COMMIT")
    finally:
        other.close()
    worker.join(30)
    assert not worker.is_alive() and not errors, errors
    assert sorted(store.get("ana").done) == ["Step 1: Programming Fundamentals", "Step 2: Learn GitHub"]


def test_an_unreadable_profiles_file_is_a_profile_error_naming_it(tmp_path):
    """A damaged profiles file (not a database, or a row this version cannot read) shows one line
    beside the form, not a traceback; the file itself is left as it is."""
    path = tmp_path / "profiles.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ProfileError, match="profiles.sqlite3 cannot be used"):
        ProfileStore(path).get("ana")
    assert path.read_bytes() == b"this is not a database" * 100

    good = ProfileStore(tmp_path / "good.sqlite3")
    good.save(Profile(name="ana"))
    with sqlite3.connect(good.path) as conn:
        conn.execute("UPDATE profiles SET data = ? WHERE name = 'ana'", (json.dumps({"name": "ana", "weeks": -3}),))
    with pytest.raises(ProfileError, match="cannot be used"):
        good.get("ana")
