"""The grader's outputs from known grades: totals, escaping, spreadsheet safety, the words for a limit."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from workshop.checker import Failure
from workshop.grading import report as grade_report
from workshop.grading.grades import grade
from workshop.grading.model import Grade, Limits, Run, SubmissionGrade

HOSTILE_NAME = "<script>alert('pwned')</script>"


@pytest.fixture
def two(catalog):
    return catalog[:2]


@pytest.fixture
def graded(two):
    first, second = two
    reason = Failure("GET / answers", "the page says <img src=x onerror=alert(1)>", "assertion",
                     "exercises/01_hello_world/first_app/app.py", 9, "return '<b>hi</b>'")
    return [
        SubmissionGrade("alice", Path("alice"), [Grade(first, "pass", 2, 2), Grade(second, "partial", 3, 7, reason)]),
        SubmissionGrade(HOSTILE_NAME, Path("x"), [Grade(first, "timeout", 0, 2, reason), Grade(second, "missing")]),
        SubmissionGrade("=HYPERLINK(\"http://evil\")", Path("y"), [Grade(first, "fail", 0, 2, reason),
                                                                 Grade(second, "error", 0, 7, reason)]),
    ]


def test_partial_credit_is_the_share_of_checks_passed(graded):
    alice = graded[0]
    assert [g.label for g in alice.grades] == ["pass", "3/7"]
    assert alice.score == pytest.approx(1 + 3 / 7)


def test_table_has_totals_per_learner_and_per_exercise(graded, two):
    lines = grade_report.table(graded, two, color=False).splitlines()

    alice = next(line for line in lines if line.startswith("alice"))
    assert alice.split() == ["alice", "pass", "3/7", "1.4/2", "71%"]
    solved = next(line for line in lines if line.startswith("solved by"))
    assert solved.split()[2:] == ["1/3", "0/3"]


def test_table_columns_are_headed_by_the_exercise_names(graded, two):
    lines = grade_report.table(graded, two, color=False).splitlines()
    header = lines[: next(i for i, line in enumerate(lines) if line.startswith("learner")) + 1]

    # Each name stands over its own column, one word a line, bottom-aligned.
    for exercise in two:
        words = exercise.name.split("_")
        column = header[-1].index(words[-1])
        assert [line[column:column + len(w)] for line, w in zip(header[-len(words):], words, strict=True)] == words
    assert not any("#" in line for line in lines)


def test_html_report_escapes_everything_from_the_submissions(graded, two):
    page = grade_report.html(graded, two)

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;b&gt;hi&lt;/b&gt;" in page  # the learner's line of code, shown as text
    assert "exercises/01_hello_world/first_app/app.py:9" in page


def test_html_report_is_self_contained(graded, two):
    page = grade_report.html(graded, two)

    assert "<style>" in page
    for outside in ("<link", "<script", "src=\"http", "@import", "url("):
        assert outside not in page


def test_csv_cells_never_start_a_formula(graded, two, tmp_path):
    path = tmp_path / "grades.csv"
    grade_report.write_csv(path, graded, two)

    with open(path, newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert rows[2]["learner"] == "'=HYPERLINK(\"http://evil\")"
    assert [rows[0]["first_app"], rows[0]["converters"], rows[0]["total"]] == ["1.00", "0.43", "1.43"]
    assert rows[1]["converters status"] == "missing"


@pytest.mark.parametrize("last_words", [
    "BlockingIOError: [Errno 11] Resource temporarily unavailable",
    "RuntimeError: can't start new thread",
    # faulthandler, when the grader's time limit cannot start its thread (seen under load)
    "INTERNALERROR> RuntimeError: unable to start watchdog thread",
])
def test_pytest_giving_up_past_the_process_limit_is_reported_as_that_limit(catalog, tmp_path, last_words):
    first = catalog[0]
    run = Run(started=[first.name], returncode=3, output=f"...\n{last_words}\n")
    graded = grade(first, run, tmp_path, tmp_path, Limits(processes=32))
    assert graded.status == "error"
    assert "32 processes" in graded.reason.message, graded.reason
