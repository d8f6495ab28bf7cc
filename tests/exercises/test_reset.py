"""`workshop reset`: the workshop's own starter comes back, the learner's work is backed up, never lost.

A small "workshop repository" is made in a temporary folder and cloned, as a learner
clones the real one; the learner edits, adds files, commits; reset runs in the clone.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from workshop import learner
from workshop.cli import main
from workshop.exercises import REPO

FIRST = "01_hello_world/first_app"
SOLVED = (REPO / "solutions" / FIRST / "app.py").read_text()


def git(folder, *args):
    return subprocess.run(["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@example.org",
                           *args], check=True, capture_output=True, text=True)


@pytest.fixture
def state(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKSHOP_STATE_DIR", str(tmp_path / "state"))
    return tmp_path / "state"


@pytest.fixture
def workshop_repo(tmp_path):
    """The workshop as published: the first exercise's starter, committed."""
    origin = tmp_path / "origin"
    # As published: no caches (git ignores them; a test run may have written some).
    shutil.copytree(REPO / "exercises" / FIRST, origin / "exercises" / FIRST,
                    ignore=shutil.ignore_patterns("__pycache__", "instance"))
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", ".")
    git(origin, "commit", "-qm", "the workshop")
    return origin


@pytest.fixture
def clone(tmp_path, workshop_repo, monkeypatch):
    """A learner's clone of it; the tool's repository is the clone."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(workshop_repo), str(clone)], check=True, capture_output=True)
    monkeypatch.setattr(learner, "REPO", clone)
    return clone


def reset(clone, answer="y\n"):
    return CliRunner().invoke(main, ["reset", "first_app", "--target", str(clone / "exercises")], input=answer)


def test_reset_after_a_learner_commit_restores_the_workshops_starter(state, clone, workshop_repo):
    folder = clone / "exercises" / FIRST
    starter = (folder / "app.py").read_text()
    (folder / "app.py").write_text(SOLVED)
    (folder / "my_helper.py").write_text("def helper():\n    return 1\n")
    (folder / "templates").mkdir()
    (folder / "templates" / "mine.html").write_text("<p>mine</p>\n")
    git(clone, "add", ".")
    git(clone, "commit", "-qm", "my solution")
    (folder / "app.py").write_text(SOLVED + "# and a change after the commit\n")

    result = reset(clone)
    assert result.exit_code == 0, result.output
    assert (folder / "app.py").read_text() == starter, "the starter is the workshop's, not the learner's commit"
    assert "the workshop's version" in result.output
    # Files the learner added are named in the question and left alone.
    assert "left as they are (not part of the starter): my_helper.py, templates/mine.html" in result.output
    assert (folder / "my_helper.py").is_file() and (folder / "templates" / "mine.html").is_file()
    # The replaced file is backed up where the output says.
    backups = list((state / "backups").glob("first_app-*"))
    assert len(backups) == 1 and str(backups[0].name) in result.output
    assert (backups[0] / "app.py").read_text() == SOLVED + "# and a change after the commit\n"


def test_reset_asks_first_and_names_what_it_restores(state, clone):
    folder = clone / "exercises" / FIRST
    (folder / "app.py").write_text(SOLVED)
    refused = reset(clone, "n\n")
    assert "restore app.py" in refused.output and "Nothing changed." in refused.output
    assert (folder / "app.py").read_text() == SOLVED
    assert not (state / "backups").exists()


def test_reset_brings_back_a_deleted_file_and_keeps_progress(state, clone):
    folder = clone / "exercises" / FIRST
    state.mkdir()
    saved = {"current": "converters", "done": ["first_app"], "hints": {"first_app": 2}}
    (state / "progress.json").write_text(json.dumps(saved))
    (folder / "README.md").unlink()
    result = reset(clone)
    assert result.exit_code == 0, result.output
    assert "bring back README.md" in result.output and (folder / "README.md").is_file()
    assert json.loads((state / "progress.json").read_text()) == saved, "reset leaves progress as it was"


def test_reset_of_an_untouched_exercise_changes_nothing(state, clone):
    result = reset(clone)
    assert result.exit_code == 0 and "nothing to reset" in result.output


def test_without_an_upstream_branch_reset_says_it_uses_the_last_commit(state, workshop_repo, monkeypatch):
    monkeypatch.setattr(learner, "REPO", workshop_repo)
    folder = workshop_repo / "exercises" / FIRST
    starter = (folder / "app.py").read_text()
    (folder / "app.py").write_text(SOLVED)
    result = reset(workshop_repo)
    assert result.exit_code == 0, result.output
    assert "your last commit" in result.output and (folder / "app.py").read_text() == starter
