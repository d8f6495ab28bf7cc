"""`workshop grade`: what an instructor types, and what the table, CSV and HTML say."""

from __future__ import annotations

import csv

from click.testing import CliRunner

from workshop.cli import main
from workshop.exercises import REPO

from .conftest import NEIGHBOUR, needs_sandbox

FIRST_APP = "01_hello_world/first_app/app.py"
SOLVED = (REPO / "solutions" / FIRST_APP).read_text(encoding="utf-8")


@needs_sandbox
def test_grades_a_class_in_a_table_a_gradebook_and_a_report(make_submission, tmp_path):
    make_submission("alice")  # solved, a copy of the repository
    make_submission("bob", source="exercises", layout="exercises")  # the starters, exercises/ only
    # first_app half right: the view is there, but the server starts in debug mode.
    make_submission("carol", files={f"exercises/{FIRST_APP}": SOLVED.replace("app.run()", "app.run(debug=True)")})
    make_submission("dave", exercises=(NEIGHBOUR,))  # never handed in first_app
    # The starter with a comment added: not untouched, but no more done than the starter.
    starter = (REPO / "exercises" / FIRST_APP).read_text(encoding="utf-8")
    make_submission("erin", source="exercises", files={f"exercises/{FIRST_APP}": starter + "# hmm\n"})
    folder = tmp_path / "submissions"
    gradebook, report = tmp_path / "grades.csv", tmp_path / "grades.html"

    result = CliRunner().invoke(main, [
        "grade", *sorted(str(p) for p in folder.iterdir()), "-e", "first_app", "-e", NEIGHBOUR,
        "--timeout", "5", "--csv", str(gradebook), "--html", str(report),
    ])

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # The columns are headed by the exercises' names, one word a line; no "#1" and no legend.
    assert lines[0].split()[:1] == ["first"] and lines[1].split()[:2] == ["learner", "app"]
    assert NEIGHBOUR.split("_")[0] in lines[0] + lines[1]
    assert "#1" not in result.stdout
    rows = {line.split()[0]: line.split()[1:] for line in lines if line.strip()}
    assert rows["alice"][:2] == ["pass", "pass"]
    assert rows["bob"][:2] == ["untouched", "untouched"]
    assert rows["bob"][2:] == ["0.0/2", "0%"]
    assert rows["carol"][:2] == ["1/2", "pass"]
    assert rows["dave"][:2] == ["missing", "pass"]
    assert rows["erin"][0] == "fail"  # the starter's own checks earn nothing
    assert rows["alice"][2:] == ["2.0/2", "100%"]
    assert "bob: untouched: every exercise handed in is the same as its starter" in result.stdout

    with open(gradebook, newline="", encoding="utf-8") as file:
        book = {row["learner"]: row for row in csv.DictReader(file)}
    assert book["alice"]["total"] == "2.00"
    assert book["carol"]["first_app"] == "0.50"
    assert book["dave"]["first_app status"] == "missing"
    assert book["bob"]["first_app status"] == "untouched" and book["bob"]["total"] == "0.00"

    page = report.read_text(encoding="utf-8")
    sections = {part.split("</h2>")[0].split("<h2>")[-1].split(" <small")[0]: part
                for part in page.split("<section")[1:]}
    # Why erin's first_app fails and carol's is only half right, in the checks' own words.
    assert "GET /" in sections["erin"] and "first failing check" in sections["erin"]
    assert "debug" in sections["carol"]
    assert "not submitted: there is no folder exercises/01_hello_world/first_app" in page
    assert "untouched: the folder is the same as the starter handed out" in page
    assert "WITHOUT a sandbox" not in page


@needs_sandbox
def test_learners_copies_of_the_tests_are_never_used(make_submission, grade):
    # A starter that "passes" the learner's own edited tests, and a conftest that fakes everything.
    submission = make_submission("eve", source="exercises", files={
        "tests/exercises/test_ex_first_app.py": "def test_index():\n    pass\n",
        "tests/exercises/conftest.py": "",
        "tests/conftest.py": "",
    })

    (graded,) = grade([submission])

    assert graded.grades[0].status == "untouched"  # the app is the starter; the tests are not read


@needs_sandbox
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


@needs_sandbox
def test_a_folder_without_exercises_scores_zero_with_a_note(tmp_path):
    empty = tmp_path / "grace"
    empty.mkdir()

    result = CliRunner().invoke(main, ["grade", str(empty), "-e", "first_app"])

    assert result.exit_code == 0, result.output
    assert ["grace", "missing", "0.0/1", "0%"] in [line.split() for line in result.stdout.splitlines()]
    assert "grace: no exercise folders here" in result.stdout


def test_unknown_exercise_is_a_usage_error_with_a_suggestion(tmp_path):
    result = CliRunner().invoke(main, ["grade", str(tmp_path), "-e", "first_ap"])

    assert result.exit_code == 2
    assert "There is no exercise called 'first_ap'. Did you mean `first_app`" in result.output


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
