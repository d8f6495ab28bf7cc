"""Executable docs: every httpie command in the step READMEs runs, with the status it shows."""

from __future__ import annotations

import subprocess
import sys

import pytest

from workshop.docs import file_commands, run_commands
from workshop.loader import REPO, find_step, flask_app_arg, load_app, step_dirs
from workshop.serving import serve

# Steps 01-07 are single-module apps.
SIMPLE_STEPS = [p for p in step_dirs() if (p / "app.py").is_file()]
# Steps 08-10 are the package `todo`, each README run on a fresh app and database.
# (Steps 11 and 12 are run by tests/api/test_api_served.py, with the API's contract suite.)
PACKAGE_STEPS = [find_step(number) for number in ("08", "09", "10")]


@pytest.mark.parametrize("step", SIMPLE_STEPS, ids=lambda p: p.name)
def test_readme_commands_answer_as_documented(step, tmp_path):
    commands = file_commands(step / "README.md")
    assert commands, f"{step.name}/README.md has no console block with http commands"
    app = load_app(step)
    if "UPLOAD_FOLDER" in app.config:
        app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    with serve(app) as base_url:
        outcomes = run_commands(commands, base_url)
    failures = [o.describe() for o in outcomes if not o.ok]
    assert not failures, "\n\n".join(failures)
    assert len(outcomes) == len(commands)


@pytest.mark.parametrize("step", PACKAGE_STEPS, ids=lambda p: p.name)
def test_package_readme_commands_answer_as_documented(step, tmp_path):
    """Every command of the README, in order, on an empty database (step 08 has none)."""
    commands = file_commands(step / "README.md")
    assert len(commands) >= 8, f"{step.name}/README.md walks through fewer than 8 commands"
    app = load_app(step, config="testing",
                   SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/docs.sqlite")
    with serve(app) as base_url:
        outcomes = run_commands(commands, base_url)
    failures = [o.describe() for o in outcomes if not o.ok]
    assert not failures, "\n\n".join(failures)
    assert len(outcomes) == len(commands)


def test_readme_run_commands_find_the_app():
    """`flask --app steps/NN_topic/app …`, as each README says, loads that step's app."""
    processes = {}
    for step in step_dirs():
        target = flask_app_arg(step)
        assert f"flask --app {target} run" in (step / "README.md").read_text(), (
            f"{step.name}/README.md does not show `flask --app {target} run`"
        )
        processes[step.name] = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", target, "routes"],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
    for name, process in processes.items():
        output, _ = process.communicate(timeout=60)
        assert process.returncode == 0, f"{name}: {output}"
        assert "static" in output, f"{name}: `flask routes` listed no routes:\n{output}"
