"""Executable docs: every httpie command in the step READMEs runs, with the status it shows."""

from __future__ import annotations

import subprocess
import sys
import traceback

import pytest
from click.testing import CliRunner

from workshop.docs import file_commands, run_commands
from workshop.loader import PACKAGE, REPO, find_step, flask_app_arg, forget_package, load_app, step_dirs
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


#: Steps whose `flask --app … routes` runs as a real `flask` process (the first step, an
#: app.py, and the first package step, the lightest to import); the others run the same
#: command in this process.
REAL_FLASK = {step_dirs()[0].name, next(step.name for step in step_dirs() if (step / PACKAGE).is_dir())}
#: What `flask --app steps/NN_topic/app` or `…/todo` imports: the module `app` or the package `todo`.
IMPORTED = ("app", PACKAGE)


def flask_in_process(args: list[str]) -> tuple[int, str]:
    """`python -m flask ARGS` in this process: Flask's own command group (ScriptInfo finds
    the app from ``--app`` with prepare_import and locate_app, as in a `flask` process),
    from the repository root, with the step's module forgotten before and after."""
    from flask.cli import cli

    path = list(sys.path)
    for name in IMPORTED:
        forget_package(name)
    try:
        result = CliRunner().invoke(cli, args, prog_name="flask")
    finally:
        sys.path[:] = path  # prepare_import put the step's folder first
        for name in IMPORTED:
            forget_package(name)
    output = result.output
    if result.exception and not isinstance(result.exception, SystemExit):
        output += "".join(traceback.format_exception(result.exception))
    return result.exit_code, output


def test_readme_run_commands_find_the_app(monkeypatch):
    """`flask --app steps/NN_topic/app …`, as each README says, loads that step's app."""
    monkeypatch.chdir(REPO)
    # What Flask's command group sets in the environment of the process it runs in.
    for variable in ("FLASK_RUN_FROM_CLI", "FLASK_DEBUG"):
        monkeypatch.delenv(variable, raising=False)
    saved = {name: module for name, module in sys.modules.items() if name.split(".")[0] in IMPORTED}
    commands = {}
    for step in step_dirs():
        target = flask_app_arg(step)
        assert f"flask --app {target} run" in (step / "README.md").read_text(), (
            f"{step.name}/README.md does not show `flask --app {target} run`"
        )
        commands[step.name] = ["--app", target, "routes"]
    processes = {
        name: subprocess.Popen(
            [sys.executable, "-m", "flask", *commands[name]],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        for name in REAL_FLASK
    }
    try:
        outcomes = {name: flask_in_process(args) for name, args in commands.items() if name not in REAL_FLASK}
    finally:
        sys.modules.update(saved)
    for name, process in processes.items():
        output, _ = process.communicate(timeout=60)
        outcomes[name] = process.returncode, output
    for name in sorted(outcomes):
        status, output = outcomes[name]
        assert status == 0, f"{name}: {output}"
        assert "static" in output, f"{name}: `flask routes` listed no routes:\n{output}"
