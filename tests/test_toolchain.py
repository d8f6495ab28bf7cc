"""The toolchain around the workshop: the shared PostgreSQL cluster, the dev container."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from workshop import colour
from workshop.cli import main
from workshop.exercises import load_catalog
from workshop.loader import REPO
from workshop.pgcluster import PostgresCluster, find_bindir, shared_cluster

needs_postgres = pytest.mark.skipif(
    find_bindir() is None,
    reason="PostgreSQL is not installed (apt-get install postgresql-15 to run these)",
)

ATTACH = """
import sys
from workshop.pgcluster import shared_cluster
with shared_cluster(sys.argv[1]) as cluster:
    cluster.execute("SELECT 1")
    print(cluster.port)
"""


@pytest.mark.postgres
@needs_postgres
def test_processes_of_one_run_share_one_cluster_and_the_last_stops_it(monkeypatch):
    key = f"test_{os.getpid()}"
    monkeypatch.setenv("PYTEST_XDIST_TESTRUNUID", key)  # as pytest-xdist sets it in each worker
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw7")
    with shared_cluster(key) as cluster:
        base = cluster.base
        # Another process of the same run attaches instead of starting its own ...
        done = subprocess.run([sys.executable, "-c", ATTACH, key], capture_output=True, text=True,
                              timeout=60, stdin=subprocess.DEVNULL)
        assert done.returncode == 0, done.stderr
        assert int(done.stdout) == cluster.port
        # ... and so does a PostgresCluster(share=True), with databases of this worker's own.
        with PostgresCluster(share=True) as mine:
            assert mine.port == cluster.port
            assert mine.create_database("todo_test").endswith(f":{cluster.port}/todo_test_gw7")
            mine.execute("CREATE TABLE t (n int)", "todo_test")
        # Their leaving does not stop the cluster under this one.
        cluster.execute("SELECT n FROM t", "todo_test_gw7")
    assert not base.exists(), "the last process to leave did not stop and delete the cluster"


# --- colour: NO_COLOR and --no-color -------------------------------------------

ESC = "\x1b["


def test_no_color_rule():
    assert colour.wanted(None, {}) is None  # click decides by the terminal
    assert colour.wanted(None, {"NO_COLOR": "1"}) is False
    assert colour.wanted(None, {"NO_COLOR": ""}) is None  # set but empty does not count
    assert colour.wanted(True, {"NO_COLOR": "1"}) is True  # --color says otherwise
    assert colour.wanted(False, {}) is False


@pytest.fixture
def invoke(tmp_path):
    """Run `workshop ARGS` as on a terminal (colour kept), with a fresh progress file."""

    def run(args, env=None, input=None):
        env = {"WORKSHOP_STATE_DIR": str(tmp_path / "state"), "NO_COLOR": "", **(env or {})}
        result = CliRunner().invoke(main, args, env=env, color=True, input=input)
        assert result.exit_code in (0, 1), result.output
        return result.output

    return run


@pytest.mark.parametrize("args", [["diff", "03", "04"], ["list"]], ids=["diff", "list"])
def test_colour_at_a_terminal_unless_no_color_or_the_option(invoke, args):
    assert ESC in invoke(args)
    assert ESC not in invoke(args, env={"NO_COLOR": "1"})
    assert ESC not in invoke([*args, "--no-color"])
    assert ESC not in invoke(["--no-color", *args])
    assert ESC in invoke([*args, "--color"], env={"NO_COLOR": "1"})


@pytest.fixture
def real_work_once(monkeypatch):
    """The checks and grades of a test run for real once each; a second command on the same code
    reuses the first one's result (a fresh pytest each, 0.6-1 s of CPU), and `workshop watch`
    starts no fork server for it. What these tests prove is how the result is printed."""
    import workshop.grading.command
    import workshop.learner
    import workshop.watch

    def once(function, key):
        results = {}

        def run(*args, **kwargs):
            if key(*args, **kwargs) not in results:
                results[key(*args, **kwargs)] = function(*args, **kwargs)
            return results[key(*args, **kwargs)]

        return run

    monkeypatch.setattr(workshop.learner, "run_exercise_tests", once(
        workshop.learner.run_exercise_tests, lambda exercise, tree, **_: (exercise.name, str(tree))))

    def grade_key(paths, catalog, *args, **kwargs):
        return tuple(map(str, paths)), tuple(e.name for e in catalog), str(args), str(sorted(kwargs.items()))

    grade_all = once(workshop.grading.command.grade_all, grade_key)

    def grade_all_reporting(paths, catalog, limits, jobs, progress=None, **kwargs):
        graded = grade_all(paths, catalog, limits, jobs, **kwargs)
        for each in graded if progress else ():
            progress(each)
        return graded

    monkeypatch.setattr(workshop.grading.command, "grade_all", grade_all_reporting)
    monkeypatch.setattr(workshop.watch, "ForkServer", NoForkServer)


class NoForkServer:
    """A stand-in for `workshop watch`'s ForkServer: closing it is all watch does itself."""

    def close(self) -> None:
        pass


def test_check_and_watch_honour_no_color(invoke, real_work_once):
    name = load_catalog()[0].name
    assert ESC in invoke(["check", name, "--target", "solutions"])
    checked = invoke(["check", name, "--target", "solutions", "--no-color"])
    assert "✓" in checked and ESC not in checked
    watched = invoke(["watch", "--manual", "--target", "solutions"], env={"NO_COLOR": "1"}, input="q\n")
    assert "✓" in watched and ESC not in watched


# --- the dev container ---------------------------------------------------------


def test_dev_container_installs_with_make_and_forwards_the_workshop_ports():
    config = json.loads((REPO / ".devcontainer" / "devcontainer.json").read_text(encoding="utf-8"))
    assert re.search(r"python:3\.12\b", config["image"])
    assert set(config["forwardPorts"]) == {8000, 5000}
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w-]+):", makefile, re.MULTILINE))
    commands = [config[key] for key in config if key.endswith("Command")]
    assert "make venv" in config["postCreateCommand"]  # the learner's install, not the test tools
    for command in commands:
        for target in re.findall(r"\bmake ([\w-]+)", command):
            assert target in targets, f"devcontainer.json runs `make {target}`, which the Makefile lacks"


# --- the wheelhouse --------------------------------------------------------------


def test_wheelhouse_takes_each_platforms_own_dependencies():
    """pip would pick dependencies by this machine's markers; the wheelhouse works them out per platform."""
    from workshop.wheelhouse import PLATFORMS, closure, environment, project_requirements

    requirements = project_requirements()
    by_label = {platform.label: platform for platform in PLATFORMS}
    linux = closure(requirements, environment(by_label["Linux (x86-64)"], "3.12"))
    windows = closure(requirements, environment(by_label["Windows (x86-64)"], "3.12"))
    apple = closure(requirements, environment(by_label["macOS (Apple silicon)"], "3.13"))
    # Every pinned dependency is there, at the version the tests ran with.
    for requirement in requirements:
        assert linux[requirement.name.lower()] in requirement.specifier
    assert "psycopg-binary" in linux  # from psycopg[binary]: extras are followed
    assert {"colorama", "tzdata"} <= windows.keys() and not {"colorama", "tzdata"} & linux.keys()
    assert "greenlet" in linux and "greenlet" not in apple  # SQLAlchemy needs it on x86-64 only
    assert {"pytest-xdist", "playwright", "hypothesis", "ruff"}.isdisjoint(linux)  # the test extra stays out


def test_grade_honours_no_color(invoke, tmp_path, real_work_once):
    solved = REPO / "solutions" / "01_hello_world" / "first_app" / "app.py"
    copy = tmp_path / "class" / "ada" / "exercises" / "01_hello_world" / "first_app" / "app.py"
    copy.parent.mkdir(parents=True)
    copy.write_text(solved.read_text(encoding="utf-8"), encoding="utf-8")
    grade = ["grade", str(copy.parents[3]), "-e", "first_app", "--no-sandbox"]
    assert ESC in invoke(grade)
    table = invoke(grade, env={"NO_COLOR": "1"})
    assert "pass" in table and ESC not in table
