"""A near-domain question is answered when one line of the passages speaks to it (rag.line_evidence)."""

from __future__ import annotations

from rag.line_evidence import LineReader, lines_of
from rag.models import Passage
from rag.scope import LINE_FLOOR


def passage(text: str, chunk: str = "c1") -> Passage:
    return Passage(chunk_id=chunk, source="s.md", title="A Roadmap", section="Careers", text=text)


CAREERS = passage("## Careers\nBuilt for students and career switchers who want a structured path.\n"
                  "Outcomes depend on practice, projects and the job market. It is an overlay, not a "
                  "separate degree, and it does not guarantee a hire.")
COURSES = passage("Open Source Society University\nUse the website or the repository to see which courses to take next.")


def test_lines_are_statements_not_headings_or_names():
    lines = lines_of([CAREERS, COURSES])
    assert "it does not guarantee a hire" in " ".join(lines)
    assert "Careers" not in lines and "Open Source Society University" not in lines


def test_a_line_that_answers_a_near_domain_question_speaks_to_it(advisor):
    embed = advisor.embedder.embed_query
    read = LineReader(advisor.embedder.embed_queries)
    answered = read(embed("if i complete all of it will companies definitely hire me?"),
                    embed("does finishing this guarantee me a job offer?"), [CAREERS, COURSES])
    assert answered >= LINE_FLOOR
    # the roadmap's name and its courses are close to the question, not to what it asks about
    silent = read(embed("can i get a student visa by doing this curriculum?"),
                  embed("will completing this get me a visa or a residence permit?"), [CAREERS, COURSES])
    assert silent < LINE_FLOOR


def test_the_lines_not_yet_seen_are_embedded_in_one_call_with_the_scores_of_one_by_one(advisor):
    """A refusal about to fire reads up to 60 lines: they go to the model together, once."""
    calls: list[list[str]] = []

    def embed_many(texts: list[str]):
        calls.append(list(texts))
        return advisor.embedder.embed_queries(texts)

    embed = advisor.embedder.embed_query
    question, example = embed("will companies definitely hire me?"), embed("does finishing this guarantee me a job offer?")
    batched = LineReader(embed_many)
    score = batched(question, example, [CAREERS])
    assert len(calls) == 1 and calls[0] == lines_of([CAREERS])
    one_by_one = LineReader(lambda texts: [embed(text) for text in texts])
    assert abs(score - one_by_one(question, example, [CAREERS])) <= 1e-4
    batched(question, example, [CAREERS, COURSES])  # only the new passage's lines are embedded
    assert len(calls) == 2 and calls[1] == [line for line in lines_of([CAREERS, COURSES]) if line not in calls[0]]
