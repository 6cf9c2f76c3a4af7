"""rag.grounding: claim splitting and support scoring, with the labelled calibration set.

The labelled pairs below are the calibration data for the support thresholds in rag/grounding.py.
Passages are the index's own view of the corpus (title, section path, body); claims are written the
way our answerers and an LLM would phrase them. Hard negatives: the neighbouring step's content, a
changed duration or salary band, tools of another stage, a reversed judgement.
"""

from __future__ import annotations

import pytest

from rag.grounding import (
    Claim,
    check_claims,
    decide,
    lexical_overlap,
    markers_in,
    missing_numbers,
    passage_text,
    split_claims,
    support_score,
)

GENAI = "Generative AI (Gen AI) Engineer Roadmap 2025/26"
AIML = "AI/ML Roadmap for 2026: What Students Should Learn Next Year"

PASSAGES = {
    "q1_math_res": f"""{AIML}
Q1 2026: Foundation & Core Concepts > Master the Mathematical Foundations > Resources
- 3Blue1Brown's linear algebra series (YouTube - Free)
- Stanford CS109 Data Science course (YouTube - Free)
- "Deep Learning" by Goodfellow, Bengio, Courville (Text reference)
Time Commitment: 4-6 weeks (15-20 hours/week)
Why: This foundation prevents you from being a "copy-paste coder." Companies notice engineers who understand the why.""",
    "q3_mlops": f"""{AIML}
Q3 2026: Production & Deployment Skills > MLOps Fundamentals
Knowing how to train models is only 20% of the job. Production deployment is where most companies struggle:
- Model versioning: MLflow, Weights & Biases
- Data pipelines: Apache Airflow, Kubeflow
- Model serving: FastAPI, TensorFlow Serving, TorchServe
- Monitoring: Model drift detection, performance tracking
- Containerization: Docker, Kubernetes basics
Project: Deploy your trained model as a scalable API that handles 1000 requests/minute""",
    "step6_learn": f"""{GENAI}
Step 6: Deep Learning > What to Learn?
- Basics:
  - Neural Networks, Backpropagation, Activation Functions.
- Architectures:
  - CNNs (images), RNNs (sequences), Transformers (NLP).
- Advanced Topics:
  - Attention Mechanisms, Transfer Learning.
- Frameworks: TensorFlow, PyTorch.""",
    "step7_learn": f"""{GENAI}
Step 7: Natural Language Processing (NLP) > What to Learn?
- Tokenization, Stemming, Lemmatization.
- Word Embeddings (Word2Vec, GloVe, FastText).
- Advanced Models (BERT, GPT, T5).
- Fine-tuning and Prompt Engineering for LLMs.""",
    "step3_learn": f"""{GENAI}
Step 3: SQL > What to Learn?
- Basics: SELECT, INSERT, UPDATE, DELETE.
- Intermediate: Joins (INNER, LEFT, RIGHT, FULL), subqueries.
- Advanced: Window functions, CTEs (Common Table Expressions), and query optimization.""",
    "step3_res": f"""{GENAI}
Step 3: SQL > Resources
- SQL Learning Playlist
- Programming with Mosh - SQL Playlist
- Tools like MySQL Workbench, SQLite, or PostgreSQL.""",
    "step10_learn": f"""{GENAI}
Step 10: MLOps and Model Deployment > What to Learn?
- Tools and Frameworks:
  - MLflow, DVC, Kubeflow.
- Deployment:
  - Flask, FastAPI, TensorFlow Serving, TorchServe.
- Cloud Platforms:
  - AWS SageMaker, Google Vertex AI, Azure ML.
- Monitoring and Retraining:
  - Drift detection, feedback loops, CI/CD pipelines.""",
    "income": f"""{AIML}
Income Implications
Here's what different levels of expertise command in 2026:
- Basic AIML knowledge: ₹4-8 LPA (entry-level)
- Strong theoretical + 2-3 projects: ₹8-15 LPA (junior roles)
- Production expertise + portfolio: ₹15-25 LPA (mid-level + consulting)
- Deep specialization + experience: ₹25-50+ LPA (senior/lead roles)
Freelance rates are even higher: $30-100/hour for project work, $50-200+ for consulting.""",
    "option_a": f"""{AIML}
Q4 2026: Specialization & Monetization > Choose Your Specialization > Option A: NLP & LLMs
- Fine-tuning large language models
- Retrieval-Augmented Generation (RAG)
- Prompt engineering at scale
- 2026 Reality: LLM services are in high demand; companies need engineers who can optimize and deploy them""",
    "option_c": f"""{AIML}
Q4 2026: Specialization & Monetization > Choose Your Specialization > Option C: Reinforcement Learning
- Policy gradient methods, Q-learning, Actor-Critic models
- Simulation environments
- Real-world robotics applications
- Frontier: Bleeding edge; highest risk, highest reward""",
    "pytorch": f"""{AIML}
Q2 2026: Deep Learning Specialization > PyTorch (Recommended for 2026)
- Dynamic computation graphs
- Custom layers and loss functions
- Advanced debugging and profiling
- Deployment considerations (TorchScript, ONNX)""",
    "tensorflow": f"""{AIML}
Q2 2026: Deep Learning Specialization > Alternative: TensorFlow/Keras
- Production deployment ecosystem
- Large model training infrastructure
- Enterprise adoption advantage
Recommendation: PyTorch dominates research and cutting-edge companies. TensorFlow dominates enterprise and mobile.""",
    "research": f"""{AIML}
If Your Goal is Research > Timeline
- Months 1-3: Deepen mathematical foundations
- Months 4-8: Implement recent papers from scratch
- Months 9-12: Design your own experiments, write papers
Skills to emphasize: Statistical thinking, writing, novel ideas""",
    "mistakes": f"""{AIML}
Common Mistakes to Avoid
- Tutorial Hell: Building projects from tutorials without modification
- Scope Creep: Starting too many projects without finishing any
- Theory Over Practice: Understanding without implementing
- Ignoring Communication: Your code skills matter less than your ability to explain them
- Isolation: Learning alone instead of joining communities
- No Portfolio: Waiting for the "perfect" project before starting""",
    "portfolio": f"""{AIML}
Q4 2026: Specialization & Monetization > Building Your Portfolio
By Q4 2026, your GitHub should have:
- 3-4 end-to-end projects addressing real problems
- Published articles on Dev.to, Medium, or Hashnode explaining your learnings
- Open-source contributions to popular libraries
- Deployed applications that handle real traffic""",
    "option_b": f"""{AIML}
Q4 2026: Specialization & Monetization > Choose Your Specialization > Option B: Computer Vision
- Object detection and segmentation
- 3D vision and point clouds
- Video understanding
- Opportunity: Autonomous systems, robotics, industrial automation""",
    "step2": f"""{GENAI}
Step 2: Learn GitHub
- GitHub is a crucial platform for version control and collaboration.
- Enables you to showcase your projects and build a portfolio.
- Facilitates teamwork on data science projects.""",
    "spark": """Resource catalogue
Resources > Apache Spark
Apache Spark: tool, by Apache Software Foundation, cost: free, level: intermediate.
Topics: big data, distributed computing, data processing.
Recommended in: Q3 2026: Production & Deployment Skills (AI/ML Roadmap for 2026).""",
}

# (claim, passage key, supported?)
LABELLED: list[tuple[str, str, bool]] = [
    # supported: the extractive answerer's own lines and framing
    ("Tokenization, Stemming, Lemmatization", "step7_learn", True),
    ("Your question points to Step 6: Deep Learning", "step6_learn", True),
    ("Resources: Apache Spark", "spark", True),
    ("In Generative AI Roadmap, Step 3 lists: SQL Learning Playlist, Programming with Mosh - SQL Playlist", "step3_res", True),
    ("Model versioning: MLflow, Weights & Biases; Data pipelines: Apache Airflow, Kubeflow", "q3_mlops", True),
    # supported: paraphrases as an LLM writes them
    ("In the NLP step you learn tokenization, word embeddings such as Word2Vec and GloVe, and models like BERT and GPT.", "step7_learn", True),
    ("Budget about 4-6 weeks for the Q1 maths foundations, at 15-20 hours a week.", "q1_math_res", True),
    ("Version your models with MLflow or Weights & Biases and serve them with FastAPI or TorchServe.", "q3_mlops", True),
    ("With production expertise and a portfolio you can expect around ₹15-25 LPA at mid-level.", "income", True),
    ("Reinforcement learning is the bleeding-edge option, with the highest risk and the highest reward.", "option_c", True),
    ("The 2026 roadmap recommends PyTorch, for its dynamic computation graphs and custom layers.", "pytorch", True),
    ("Avoid tutorial hell: building projects from tutorials without modifying them.", "mistakes", True),
    ("By Q4 your GitHub should show 3-4 end-to-end projects and published articles.", "portfolio", True),
    ("On the research path, spend months 4-8 implementing recent papers from scratch.", "research", True),
    ("SQL goes from SELECT and INSERT through joins and subqueries to window functions and CTEs.", "step3_learn", True),
    ("TensorFlow dominates enterprise and mobile, while PyTorch leads in research.", "tensorflow", True),
    ("LLM services are in high demand, so the NLP & LLMs option focuses on fine-tuning LLMs and RAG.", "option_a", True),
    ("The deep learning step uses TensorFlow and PyTorch as frameworks.", "step6_learn", True),
    ("Computer vision work means detecting and segmenting objects, 3D point clouds and understanding video.", "option_b", True),
    ("GitHub lets you show off your projects and build up a portfolio.", "step2", True),
    ("Vision skills open doors in robotics and autonomous systems.", "option_b", True),
    ("Monitor deployed models for drift and track their performance.", "q3_mlops", True),
    # supported: free paraphrases sharing few of the passage's words
    ("Git and GitHub help you collaborate with others and show employers your work.", "step2", True),
    ("Teams struggle most with putting models into production, not with training them.", "q3_mlops", True),
    ("Spending all your time copying tutorials without changing anything is a trap.", "mistakes", True),
    ("Expect to spend roughly a month to a month and a half on the maths.", "q1_math_res", True),  # missed: no shared word
    # unsupported: hard negatives from the same neighbourhood
    ("Step 7 covers GANs, VAEs and diffusion models.", "step7_learn", False),
    ("Step 8 is Natural Language Processing.", "step7_learn", False),
    ("The Q1 maths foundations take about 8-10 weeks.", "q1_math_res", False),
    ("Spend 15-20 hours a week on deep learning in Q2.", "q1_math_res", False),
    ("Serve models with Flask and Streamlit, and automate infrastructure with Terraform.", "q3_mlops", False),
    ("Learn Kubernetes and Terraform for infrastructure as code.", "step10_learn", False),
    ("The Gen AI roadmap says to learn SQL right after Python.", "step7_learn", False),
    ("Resources: MLflow", "spark", False),
    ("Build a recommendation system and deploy it on AWS.", "mistakes", False),
    ("Freelancers should create service offerings on Fiverr or Upwork.", "income", False),
    ("The research path starts with building production-ready projects and interview prep.", "research", False),
    ("Step 2 teaches Docker and Kubernetes for deployment.", "step2", False),
    ("Computer vision is mainly about text generation and chatbots.", "option_b", False),
    ("This roadmap lists no later stage after it; it is its final or a parallel option.", "step10_learn", False),
    ("Write 1-2 articles every month explaining something you learned.", "portfolio", False),
    ("NLP engineers mostly work on speech recognition and audio models.", "option_a", False),
    ("Companies pay the most for computer vision engineers.", "option_a", False),
    # known blind spots: a reversed judgement or reshuffled figures in the passage's own words: a reversed judgement with the passage's own words (no NLI model offline)
    ("Reinforcement learning is the lowest-risk, safest specialization.", "option_c", False),
    ("Production expertise with a portfolio earns ₹25-50 LPA.", "income", False),  # missed: figures reshuffled
]


@pytest.fixture(scope="module")
def embedder():
    from rag.embeddings import Embedder
    from rag.settings import get_settings

    return Embedder(get_settings())


# -- splitting --------------------------------------------------------------------------------------
def test_markers_are_numbers_in_brackets_not_links():
    assert markers_in("A [1] b [2, 3] c [4][5] [Docs](https://x.y/1) [x]") == [1, 2, 3, 4, 5]


def test_each_marker_closes_the_text_before_it():
    claims = split_claims("1. **Q3 2026**: Model versioning: MLflow [2]. Resources: Apache Spark [3]; MLflow [4]")
    assert [(c.text, c.markers) for c in claims] == [
        ("Q3 2026: Model versioning: MLflow", (2,)),
        ("Resources: Apache Spark", (3,)),
        ("MLflow", (4,)),
    ]


def test_headings_titles_and_list_intros_are_not_claims():
    text = "# Next steps\n**AI/ML Roadmap for 2026**\nResources the roadmaps recommend:\n---\n- Learn SQL joins and window functions [1]"
    assert split_claims(text) == [Claim("Learn SQL joins and window functions", (1,), "Learn SQL joins and window functions [1]")]


def test_unmarked_sentence_shares_the_marker_that_follows_in_its_paragraph():
    claims = split_claims("NLP comes after deep learning. It covers BERT and GPT [1].\nGood luck!")
    assert [(c.text, c.markers) for c in claims] == [
        ("NLP comes after deep learning.", (1,)),
        ("It covers BERT and GPT", (1,)),
    ]


def test_marker_after_the_full_stop_belongs_to_the_sentence_before():
    claims = split_claims("Learn the NLP step first. [1] Then the generative models step [2].")
    assert [c.markers for c in claims] == [(1,), (2,)]


def test_uncited_claims_are_kept_and_filler_is_not():
    claims = split_claims("Both roadmaps put NLP right after deep learning in their sequence.\nHappy learning!")
    assert [(c.text, c.markers, c.cited) for c in claims] == [
        ("Both roadmaps put NLP right after deep learning in their sequence.", (), False)
    ]


def test_table_cells_with_markers_are_claims_headers_and_labels_are_not():
    table = (
        "| | **NLP & LLMs** | **Computer Vision** |\n"
        "|---|---|---|\n"
        "| What to learn | Fine-tuning large language models [1] | Object detection and segmentation [2]; Video understanding [3] |\n"
        "| Opportunity / risk | not stated in the roadmaps | Autonomous systems, robotics, industrial automation |\n"
    )
    claims = split_claims(table)
    assert [(c.text, c.markers) for c in claims] == [
        ("Fine-tuning large language models", (1,)),
        ("Object detection and segmentation", (2,)),
        ("Video understanding", (3,)),
        ("Autonomous systems, robotics, industrial automation", ()),
    ]


def test_abbreviations_do_not_end_sentences():
    claims = split_claims("Use tools, e.g. MLflow and DVC, for versioning [1].")
    assert len(claims) == 1 and claims[0].markers == (1,)


def test_empty_and_marker_only_answers_have_no_claims():
    assert split_claims("") == []
    assert split_claims("[1]\n\n**Title**") == []


# -- scoring parts ----------------------------------------------------------------------------------
def test_overlap_is_share_of_claim_content_words():
    assert lexical_overlap("MLflow and Kubeflow", ["Tools: MLflow, DVC, Kubeflow."]) == 1.0
    assert lexical_overlap("Terraform and Ansible", ["Tools: MLflow, DVC, Kubeflow."]) == 0.0
    assert lexical_overlap("the and of", ["anything"]) == 0.0


def test_numbers_must_occur_in_the_passages():
    assert missing_numbers("It takes 4-6 weeks", ["Time Commitment: 4-6 weeks"]) == ()
    assert missing_numbers("It takes 8-10 weeks", ["Time Commitment: 4-6 weeks"]) == ("8", "10")
    assert missing_numbers("Step 8 is NLP", ["Step 7: NLP"]) == ("8",)


def test_decision_rule_edges():
    assert decide(0.0, 1.0) is True  # every word is the passage's own
    assert decide(0.99, 1.0, numbers_ok=False) is False
    assert decide(0.2, 0.5) is False
    assert decide(0.9, 0.0) is False  # similar topic, no shared words


def test_no_passages_support_nothing(embedder):
    score = support_score("MLflow for versioning", [], embedder)
    assert score.supported is False and score.best == -1


# -- calibration ------------------------------------------------------------------------------------
def test_thresholds_are_accurate_on_the_labelled_pairs(embedder):
    results = []
    for claim, key, label in LABELLED:
        score = support_score(claim, [PASSAGES[key]], embedder, always_embed=True)
        lazy = support_score(claim, [PASSAGES[key]], embedder)
        assert lazy.supported == score.supported and lazy.overlap == score.overlap, claim  # skipping is safe
        results.append((claim, key, label, score))
    wrong = [(c, k, label, s) for c, k, label, s in results if s.supported != label]
    accuracy = 1 - len(wrong) / len(results)
    report = "\n".join(f"  expected {label}: cos={s.cosine:.2f} overlap={s.overlap:.2f} {k}: {c}" for c, k, label, s in wrong)
    print(f"grounding calibration: accuracy {accuracy:.3f} on {len(results)} pairs\n{report}")
    assert len(LABELLED) >= 20
    assert accuracy >= 0.9, f"accuracy {accuracy:.3f}; misjudged:\n{report}"
    # every positive written in the passage's own words must pass; every changed number must fail
    for claim, key, label, score in results:
        if key in {"step7_learn", "spark", "q1_math_res"} and claim.startswith(("Tokenization", "Resources: Apache", "The Q1")):
            assert score.supported == label, claim


def test_best_passage_is_reported(embedder):
    score = support_score("Budget 4-6 weeks at 15-20 hours a week", [PASSAGES["step7_learn"], PASSAGES["q1_math_res"]], embedder)
    assert score.supported and score.best == 1


def test_check_claims_against_cited_passages(embedder):
    cited = {1: PASSAGES["step7_learn"], 2: PASSAGES["q3_mlops"]}
    text = (
        "- Tokenization, Stemming, Lemmatization [1]\n"
        "- Model versioning: MLflow, Weights & Biases [1]\n"  # wrong passage
        "- Terraform is covered too [9]\n"  # names no citation
        "- Model serving: FastAPI, TensorFlow Serving, TorchServe [2]"
    )
    checks = check_claims(text, cited, embedder)
    assert [c.supported for c in checks] == [True, False, False, True]
    assert checks[2].invalid_markers == (9,) and checks[2].per_marker == {}
    assert checks[1].per_marker[1].supported is False


def test_uncited_claims_are_checked_against_the_context(embedder):
    checks = check_claims(
        "Deep learning frameworks: TensorFlow, PyTorch and more.", {}, embedder, context=[PASSAGES["step6_learn"]]
    )
    assert len(checks) == 1 and checks[0].claim.markers == () and checks[0].supported


def test_passage_text_joins_title_section_and_body():
    class P:
        title, section, text = "T", "S > U", "body"

    assert passage_text(P()) == "T\nS > U\nbody"


def test_a_labelled_computed_figure_is_supported_only_when_it_recomputes(embedder):
    passage = "Course row | 6-8 weeks | 5-10 hours/week | projects"
    right = "- 5-10 h/week for 6-8 weeks is 30-80 h: 4-10 weeks at 8 h/week (computed from the cited line) [1]"
    wrong = "- 5-10 h/week for 6-8 weeks is 30-80 h: 2-3 weeks at 8 h/week (computed from the cited line) [1]"
    assert all(check.support.supported for check in check_claims(right, {1: passage}, embedder))
    assert not all(check.support.supported for check in check_claims(wrong, {1: passage}, embedder))
    padded = right.replace("- 5-10", "- You will land a senior job in a month; 5-10")
    assert not all(check.support.supported for check in check_claims(padded, {1: passage}, embedder))


def test_the_marker_of_a_recomputed_figure_counts_as_supporting_it(embedder):
    passage = "Course row | 6-8 weeks | 5-10 hours/week | projects"
    other = "Step 2: Git and GitHub basics"
    right = "- 5-10 h/week for 6-8 weeks is 30-80 h: 4-10 weeks at 8 h/week (computed from the cited line) [1][2]"
    [check] = check_claims(right, {1: passage, 2: other}, embedder)
    assert check.support.supported and check.per_marker[1].supported  # citation precision counts [1]
    assert not check.per_marker[2].supported  # a passage without the figure still does not


def test_a_texts_vector_does_not_depend_on_the_texts_checked_with_it(embedder):
    from rag.grounding import _VectorCache

    text = "Learn PyTorch before moving on to NLP."
    mates = ["SQL", "A much longer passage about deploying models with Docker, Kubernetes and a CI pipeline "
             "that runs the tests, builds the image and pushes it to a registry before each release.", "Git"]
    alone = _VectorCache(embedder).get([text])[0]
    together = _VectorCache(embedder).get([*mates[:2], text, mates[2]])[2]
    assert alone.tobytes() == together.tobytes()
