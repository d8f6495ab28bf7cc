"""`workshop grade`: what an instructor types, and what the table, CSV and HTML say."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from workshop.cli import main
from workshop.exercises import REPO

FIRST_APP = "01_hello_world/first_app/app.py"
SOLVED = (REPO / "solutions" / FIRST_APP).read_text(encoding="utf-8")


def test_grades_a_class_in_a_table_a_gradebook_and_a_report(make_submission, tmp_path):
    make_submission("alice")  # solved, a copy of the repository
    make_submission("bob", source="exercises", layout="exercises")  # the starters, exercises/ only
    # first_app half right: the view is there, but the server starts in debug mode.
    make_submission("carol", files={f"exercises/{FIRST_APP}": SOLVED.replace("app.run()", "app.run(debug=True)")})
    make_submission("dave", exercises=("converters",))  # never handed in first_app
    folder = tmp_path / "submissions"
    gradebook, report = tmp_path / "grades.csv", tmp_path / "grades.html"

    result = CliRunner().invoke(main, [
        "grade", *sorted(str(p) for p in folder.iterdir()), "-e", "first_app", "-e", "converters",
        "--timeout", "5", "--csv", str(gradebook), "--html", str(report),
    ])

    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines() if line.strip()}
    assert rows["learner"][:3] == ["#1", "#2", "total"]
    assert rows["alice"][:2] == ["pass", "pass"]
    assert rows["bob"][0] == "fail" and rows["bob"][1].endswith("/8")
    assert rows["carol"][:2] == ["1/2", "pass"]
    assert rows["dave"][:2] == ["missing", "pass"]
    assert rows["alice"][2:] == ["2.0/2", "100%"]

    with open(gradebook, newline="", encoding="utf-8") as file:
        book = {row["learner"]: row for row in csv.DictReader(file)}
    assert book["alice"]["total"] == "2.00"
    assert book["carol"]["first_app"] == "0.50"
    assert book["dave"]["first_app status"] == "missing"

    page = report.read_text(encoding="utf-8")
    assert "GET / is a 404: there is no view for the URL" in page  # why bob's first_app fails
    assert "app.run(debug=True) turns the debugger on" in page  # why carol's is only half right
    assert "not submitted: there is no folder exercises/01_hello_world/first_app" in page


def test_learners_copies_of_the_tests_are_never_used(make_submission, grade):
    # A starter that "passes" the learner's own edited tests, and a conftest that fakes everything.
    submission = make_submission("eve", source="exercises", files={
        "tests/exercises/test_ex_first_app.py": "def test_index():\n    pass\n",
        "tests/exercises/conftest.py": "",
        "tests/conftest.py": "",
    })

    (graded,) = grade([submission])

    assert graded.grades[0].status == "fail"
    assert graded.grades[0].total == 2  # the instructor's two checks, not the learner's one


def test_code_that_writes_files_writes_them_in_a_copy(make_submission, grade, fingerprint):
    app = (
        "from pathlib import Path\n"
        "Path(__file__).with_name('notes.txt').write_text('scribbled')\n"
        "Path('scribbled-in-cwd.txt').write_text('scribbled')\n"
        + SOLVED
    )
    submission = make_submission("frank", files={f"exercises/{FIRST_APP}": app})
    before = fingerprint(submission)

    (graded,) = grade([submission])

    assert [g.status for g in graded.grades] == ["pass", "pass"]
    assert fingerprint(submission) == before


def test_a_folder_without_exercises_scores_zero_with_a_note(tmp_path):
    empty = tmp_path / "grace"
    empty.mkdir()

    result = CliRunner().invoke(main, ["grade", str(empty), "-e", "first_app"])

    assert result.exit_code == 0, result.output
    assert ["grace", "missing", "0.0/1", "0%"] in [line.split() for line in result.stdout.splitlines()]
    assert "grace: no exercise folders here" in result.stdout


def test_unknown_exercise_is_a_usage_error_with_a_suggestion(tmp_path):
    result = CliRunner().invoke(main, ["grade", str(tmp_path), "-e", "convertors"])

    assert result.exit_code == 2
    assert "There is no exercise called 'convertors'. Did you mean `converters`" in result.output


def test_submission_must_be_a_folder(tmp_path):
    file = tmp_path / "alice.zip"
    file.write_bytes(b"PK")

    result = CliRunner().invoke(main, ["grade", str(file)])

    assert result.exit_code == 2
    assert "is a file" in result.output


def test_report_into_a_missing_folder_is_refused_before_grading(tmp_path):
    result = CliRunner().invoke(main, ["grade", str(tmp_path), "--html", str(tmp_path / "no" / "r.html")])

    assert result.exit_code == 2
    assert "there is no folder" in result.output
    assert "graded" not in result.output
