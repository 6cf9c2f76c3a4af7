"""Writes corpora/plan-follow/ml-foundations-syllabus.pdf (the plan-follow probes' PDF syllabus) with fpdf2.

    python evals/probes/make_plan_follow_pdf.py
"""

from pathlib import Path

from fpdf import FPDF

SECTIONS = [
    ("Course description", ["Foundations of Machine Learning is a self-paced course for working programmers. "
                            "It takes you from data analysis in Python to your first neural network."], []),
    ("Course staff", ["Instructor: Dana Okafor. Teaching assistants: Lee Park, Sam Ruiz."], []),
    ("Grading", ["Weekly quizzes 40%, programming assignments 40%, final project 20%."], []),
    ("How to pace this course", ["Each module below builds on the one before, so take them in order. "
                                 "Plan on about 6 hours per week; most learners finish in about 12 weeks."], []),
    ("Module 1: Python for Data Analysis", ["Estimated time: 12 hours"],
     ["NumPy arrays and vectorised operations", "pandas DataFrames: loading, cleaning, grouping",
      "Plotting with matplotlib"]),
    ("Module 2: Probability and Statistics", ["Estimated time: 15 hours"],
     ["Random variables and distributions", "Expectation, variance and the central limit theorem",
      "Maximum likelihood estimation"]),
    ("Module 3: Linear Regression", ["Estimated time: 10 hours"],
     ["Least squares and the normal equations", "Gradient descent", "Regularisation: ridge and lasso"]),
    ("Module 4: Classification", ["Estimated time: 12 hours"],
     ["Logistic regression", "Decision trees and random forests", "Support vector machines"]),
    ("Module 5: Model Evaluation", ["Estimated time: 8 hours"],
     ["Train, validation and test splits", "Cross-validation", "Precision, recall and ROC curves"]),
    ("Module 6: Neural Network Basics", ["Estimated time: 15 hours"],
     ["Perceptrons and multilayer networks", "Backpropagation", "Training a small network in PyTorch"]),
    ("Final project", ["Estimated time: 20 hours"],
     ["Pick a public dataset, frame a question, build and evaluate a model, and write a short report"]),
]


def main() -> None:
    pdf = FPDF()
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.multi_cell(0, 10, "Foundations of Machine Learning: Course Syllabus", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for title, paragraphs, bullets in SECTIONS:
        pdf.set_font("Helvetica", "B", 14)
        pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        for text in paragraphs:
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        for text in bullets:
            pdf.multi_cell(0, 6, "- " + text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.output(str(Path(__file__).parent / "corpora" / "plan-follow" / "ml-foundations-syllabus.pdf"))


if __name__ == "__main__":
    main()
