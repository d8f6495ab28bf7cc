"""`workshop watch` without a terminal: a save triggers a check; keys arrive as lines on stdin.

The watcher runs as a learner starts it (`python -m workshop watch`) on a copy
of the first exercise, with its progress in a temporary folder.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time

import pytest

from workshop.exercises import REPO, load_catalog

FIRST = "01_hello_world/first_app"
TOTAL = len(load_catalog())


def starter_tree(tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(REPO / "exercises" / FIRST, tree / FIRST)
    return tree


def solve(tree):
    shutil.copy(REPO / "solutions" / FIRST / "app.py", tree / FIRST / "app.py")


def env(tmp_path):
    return dict(os.environ, WORKSHOP_STATE_DIR=str(tmp_path / "state"))


class Watcher:
    """A running `workshop watch`, its output read line by line in a thread."""

    def __init__(self, tree, tmp_path, *options):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "workshop", "watch", "--target", str(tree), *options],
            cwd=REPO, env=env(tmp_path), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True,
        )
        self.lines: queue.Queue = queue.Queue()
        self.output = ""
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, text, timeout=30):
        deadline = time.monotonic() + timeout
        while text not in self.output:
            try:
                self.output += self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"no {text!r} within {timeout} s; the watcher printed:\n{self.output}")

    def press(self, key):
        self.process.stdin.write(key + "\n")
        self.process.stdin.flush()

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)


# Each `workshop watch` costs a Python start, a fork server's imports and a check or more
# (0.6-1 s of CPU). So two watchers serve all the tests below, each walked through a scenario
# once (module fixtures), and each test asserts one thing a learner notices in what it printed.


@pytest.fixture(scope="module")
def saving(tmp_path_factory):
    """A watcher on the starter: the app writes its own files, `workshop check` in another
    terminal records a pass of another exercise, then the learner saves the solution and quits.
    The watcher's output, exit status, and progress.json at the end."""
    tmp_path = tmp_path_factory.mktemp("saving")
    tree = starter_tree(tmp_path)
    shutil.copytree(REPO / "solutions" / "02_routes" / "converters", tree / "02_routes" / "converters")
    watch = Watcher(tree, tmp_path)
    try:
        watch.wait_for("first_app: 0 of 2 checks pass.")
        watch.wait_for(f"0/{TOTAL} exercises done")
        folder = tree / FIRST
        for rel in ("instance/todo.sqlite", "instance/todo.sqlite-journal", "uploads/notes.txt",
                    "uploads/evil.py", "todo.sqlite", "__pycache__/app.cpython-311.pyc"):
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(b"written by the app")
        written = time.monotonic()
        other = subprocess.run([sys.executable, "-m", "workshop", "check", "converters", "--target", str(tree)],
                               cwd=REPO, env=env(tmp_path), capture_output=True, text=True, timeout=120)
        time.sleep(max(0.0, written + 1.5 - time.monotonic()))  # watchfiles reports within ~0.3 s
        solve(tree)
        watch.wait_for("✓ first_app: all 2 checks pass.")
        watch.wait_for(f"2/{TOTAL} exercises done")
        watch.press("q")
        code = watch.process.wait(timeout=10)
        watch.wait_for("Bye!")
    finally:
        watch.stop()
    return watch.output, code, other, json.loads((tmp_path / "state" / "progress.json").read_text())


def test_saving_a_file_checks_again(saving):
    output, code, _, _ = saving
    before, after = output.split("✓ first_app: all 2 checks pass.", 1)  # the check after the save
    assert "first_app: 0 of 2 checks pass." in before and f"0/{TOTAL} exercises done" in before
    assert f"2/{TOTAL} exercises done" in after  # first_app, and converters checked in another terminal
    assert code == 0 and "Bye!" in after


def test_a_parallel_check_keeps_its_progress(saving):
    """`workshop check` in another terminal records a pass; watch's own save must not lose it."""
    _, _, other, saved = saving
    assert other.returncode == 0, other.stdout + other.stderr
    assert sorted(saved["done"]) == ["converters", "first_app"]


def test_files_the_app_writes_do_not_trigger_a_check(saving):
    output = saving[0]
    assert output.count("first_app: 0 of 2 checks pass.") == 1, output


@pytest.fixture(scope="module")
def manual(tmp_path_factory):
    """A watcher in manual mode: h, n before a pass, Enter after saving the solution, n, then the
    input ends. Its output and exit status."""
    tmp_path = tmp_path_factory.mktemp("manual")
    tree = starter_tree(tmp_path)
    watch = Watcher(tree, tmp_path, "--manual")
    try:
        watch.wait_for("first_app: 0 of 2 checks pass.")
        watch.press("h")
        watch.wait_for("Hint 1 of")
        watch.press("n")
        watch.wait_for("n moves on once this exercise passes")
        solve(tree)
        watch.press("")  # Enter: check again
        watch.wait_for("✓ first_app: all 2 checks pass.")
        watch.press("n")
        watch.wait_for(f"{load_catalog()[1].name}:")
        watch.process.stdin.close()  # the input ends
        code = watch.process.wait(timeout=10)
        watch.wait_for("Bye!")
    finally:
        watch.stop()
    return watch.output, code


def test_manual_mode_checks_on_enter_and_shows_hints(manual):
    output, _ = manual
    assert "Enter check" in output
    assert "Hint 1 of" in output.split("first_app: 0 of 2 checks pass.", 1)[1]
    assert output.count("first_app: 0 of 2 checks pass.") == 1  # at start; Enter checked the saved solution
    assert "✓ first_app: all 2 checks pass." in output.split("n moves on once", 1)[1]
    assert "Traceback" not in output


def test_next_moves_on_only_after_a_pass(manual):
    output, _ = manual
    next_name = load_catalog()[1].name
    assert f"{next_name}:" not in output.split("✓ first_app", 1)[0].split("n moves on once", 1)[1]
    assert f"{next_name}:" in output.split("✓ first_app", 1)[1]


def test_manual_mode_ends_when_input_ends(manual):
    output, code = manual
    assert code == 0 and "Bye!" in output


@pytest.mark.parametrize("rel, counts", [
    ("app.py", True), ("templates/tasks.html", True), ("static/style.css", True), ("todo/models.py", True),
    ("instance/todo.sqlite", False), ("instance/config.py", False), ("uploads/evil.py", False),
    ("todo.sqlite", False), (".venv/lib/x.py", False), ("__pycache__/app.cpython-311.pyc", False),
    ("notes.txt", False),
])
def test_which_changes_count_as_the_learner_saving(tmp_path, rel, counts):
    from workshop.watch import is_learner_edit

    assert is_learner_edit(tmp_path / rel, tmp_path, ("app.py",)) is counts
    assert is_learner_edit(tmp_path.parent / "elsewhere.py", tmp_path) is False
