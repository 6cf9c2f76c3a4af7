"""Load on one shared Advisor: 8 threads x 50 questions give exactly the answers asked one by one."""

from __future__ import annotations

import random
import threading
import time

from evals.bench.common import QUESTIONS

THREADS = 8
PER_THREAD = 50
FOLLOW_UPS = [
    ([{"role": "user", "content": "What should I learn after PyTorch?"}], "Any resources for that?"),
    ([{"role": "user", "content": "Tell me about Option A: NLP & LLMs"}], "How does computer vision compare?"),
    ([{"role": "user", "content": "What comes after SQL?"}], "and after that?"),
]


def question_pool() -> list[tuple[tuple, str]]:
    """A few distinct wordings of each bench question plus follow-ups with history."""
    pool = []
    for question in QUESTIONS:
        for wording in (question, question.lower(), f"Quick question: {question}"):
            pool.append(((), wording))
    pool += [(tuple(tuple(sorted(turn.items())) for turn in history), q) for history, q in FOLLOW_UPS]
    return pool


def fingerprint(answer) -> tuple:
    return (answer.answer, tuple(c.chunk_id for c in answer.citations), answer.answerable, answer.intent,
            tuple((r.url, r.citation) for r in answer.resources))


def ask(advisor, item) -> tuple:
    history, question = item
    return fingerprint(advisor.answer(question, [dict(turn) for turn in history]))


def test_eight_threads_share_one_advisor_and_get_the_same_answers_as_one_by_one(advisor):
    pool = question_pool()
    expected = {item: ask(advisor, item) for item in pool}  # one by one

    work = []
    for n in range(THREADS):  # each thread its own order, so threads overlap on the same questions
        order = pool[:]
        random.Random(n).shuffle(order)
        work.append((order * 3)[:PER_THREAD])
    got: dict[int, list] = {n: [] for n in range(THREADS)}
    errors: list[str] = []
    start = threading.Barrier(THREADS)

    def worker(n: int) -> None:
        start.wait()
        for item in work[n]:
            try:
                got[n].append((item, ask(advisor, item)))
            except Exception as exc:  # collected, reported below with the question
                errors.append(f"{item[1]!r}: {exc.__class__.__name__}: {exc}")

    threads = [threading.Thread(target=worker, args=(n,), name=f"asker-{n}") for n in range(THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    elapsed = time.perf_counter() - started

    assert not any(t.is_alive() for t in threads), "a worker is stuck"
    assert not errors, errors[:5]
    assert sum(len(v) for v in got.values()) == THREADS * PER_THREAD
    mismatched = [item[1] for answers in got.values() for item, print_ in answers if print_ != expected[item]]
    assert not mismatched, f"{len(mismatched)} answers differ from the one-by-one answers, e.g. {mismatched[:3]}"
    print(f"{THREADS * PER_THREAD} answers in {elapsed:.1f} s on {THREADS} threads")
