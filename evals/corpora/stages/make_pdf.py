"""Render data-engineering-days.pdf (the s6-stages probe PDF): day lines in body text, not headings.

Run from the repository root: python evals/corpora/stages/make_pdf.py
"""

from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).parent
DAYS = [
    ("Day 1 - The shell and Linux", "Navigate files, pipes, grep and cron. Write a script that downloads a CSV every hour."),
    ("Day 2 - SQL fundamentals", "SELECT, JOIN, GROUP BY and window functions on a sample sales database."),
    ("Day 3 - Data modelling", "Star schemas, fact and dimension tables, slowly changing dimensions."),
    ("Day 4 - Batch pipelines with Airflow", "Write a DAG that loads the CSV into Postgres every night and retries on failure."),
    ("Day 5 - Spark basics", "DataFrames, partitions, lazy evaluation; rewrite the nightly job in PySpark."),
    ("Day 6 - Streaming with Kafka", "Topics, partitions, consumer groups; stream click events into a table."),
    ("Day 7 - Data quality", "Great Expectations checks, schema tests and alerting on bad loads."),
    ("Day 8 - Cloud warehouses", "Load the star schema into BigQuery or Snowflake and compare costs."),
    ("Day 9 - Capstone build", "Combine the batch and streaming pipelines into one project with tests."),
    ("Day 10 - Review and interview prep", "Explain your capstone design and practise system design questions."),
]
TOOLS = ["Docker Desktop", "PostgreSQL 16", "Apache Airflow", "Apache Kafka", "A free BigQuery sandbox"]


def main() -> None:
    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.multi_cell(0, 10, "Data Engineering in Ten Days", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, "A crash course for analysts who already write some Python. Follow the days in order: "
                         "each day reuses the data and code of the day before. Plan on four hours a day.")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 8, "What to install first", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    for tool in TOOLS:
        pdf.multi_cell(0, 6, f"- {tool}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 8, "The ten days", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    for day, text in DAYS:
        pdf.multi_cell(0, 6, f"{day}: {text}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.output(str(HERE / "data-engineering-days.pdf"))


if __name__ == "__main__":
    main()
