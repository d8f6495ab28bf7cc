"""Executable docs: every httpie command in the step READMEs runs, with the status it shows."""

from __future__ import annotations

import subprocess
import sys

import pytest

from workshop.docs import file_commands, run_commands
from workshop.loader import REPO, flask_app_arg, load_app, step_dirs
from workshop.serving import serve

# Steps 01-07 are single-module apps; step 08's walkthrough is tested with its own database.
SIMPLE_STEPS = [p for p in step_dirs() if (p / "app.py").is_file()]


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
