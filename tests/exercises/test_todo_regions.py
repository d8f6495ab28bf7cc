"""The drift check: a starter may differ from its solution only inside TODO regions."""

from __future__ import annotations

import shutil

from workshop.exercises import REPO, drift, todo_regions

STARTER = REPO / "exercises/02_routes/converters"
SOLUTION = REPO / "solutions/02_routes/converters"


def test_regions_cover_the_comment_block_and_run_to_end_todo():
    lines = [
        "a = 1",
        "# TODO: explain",
        "# more explanation",
        "placeholder()",
        "# END TODO",
        "b = 2",
        "c = 3  # TODO: inline",
        "{# TODO: a template comment #}",
    ]
    assert todo_regions(lines) == [range(1, 5), range(6, 7), range(7, 8)]


def test_a_change_outside_the_regions_is_drift(tmp_path):
    starter = tmp_path / "converters"
    shutil.copytree(STARTER, starter)
    app_py = starter / "app.py"
    app_py.write_text(app_py.read_text().replace('"Book the room"', '"Hi!"'))
    problems = drift(starter, SOLUTION)
    assert len(problems) == 1
    assert "differ outside a TODO region" in problems[0] and '"Hi!"' in problems[0]


def test_missing_files_and_leftover_todos_are_drift(tmp_path):
    starter, solution = tmp_path / "starter", tmp_path / "solution"
    shutil.copytree(STARTER, starter)
    shutil.copytree(SOLUTION, solution)
    (solution / "extra.py").write_text("x = 1\n")
    (solution / "app.py").write_text((solution / "app.py").read_text() + "# TODO: later\n")
    problems = drift(starter, solution)
    assert "extra.py exists only in the solution" in problems
    assert "solution app.py still has a TODO" in problems


def test_a_starter_without_todo_is_drift(tmp_path):
    problems = drift(SOLUTION, SOLUTION)
    assert problems == ["the starter has no TODO marker"]
