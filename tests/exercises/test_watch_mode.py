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


@pytest.fixture
def tree(tmp_path):
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


@pytest.fixture
def watcher(tree, tmp_path):
    started = []

    def start(*options):
        started.append(Watcher(tree, tmp_path, *options))
        return started[-1]

    yield start
    for running in started:
        running.stop()


def test_saving_a_file_checks_again(tree, watcher):
    watch = watcher()
    watch.wait_for("first_app: 0 of 2 checks pass.")
    watch.wait_for(f"0/{TOTAL} exercises done")
    solve(tree)
    watch.wait_for("✓ first_app: all 2 checks pass.")
    watch.wait_for(f"1/{TOTAL} exercises done")
    watch.press("q")
    assert watch.process.wait(timeout=10) == 0
    watch.wait_for("Bye!")


def test_manual_mode_checks_on_enter_and_shows_hints(tree, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "workshop", "watch", "--manual", "--target", str(tree)],
        cwd=REPO, env=env(tmp_path), input="\nh\nq\n", capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("first_app: 0 of 2 checks pass.") == 2  # at start, then on Enter
    assert "Enter check" in done.stdout
    assert "Hint 1 of" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_next_moves_on_only_after_a_pass(tree, watcher):
    watch = watcher("--manual")
    watch.wait_for("first_app: 0 of 2 checks pass.")
    watch.press("n")
    watch.wait_for("n moves on once this exercise passes")
    solve(tree)
    watch.press("")  # Enter: check again
    watch.wait_for("✓ first_app: all 2 checks pass.")
    watch.press("n")
    next_name = load_catalog()[1].name
    watch.wait_for(f"{next_name}:")
    assert f"{next_name}:" in watch.output.split("✓ first_app", 1)[1]
    watch.press("q")
    assert watch.process.wait(timeout=10) == 0


def test_manual_mode_ends_when_input_ends(tree, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "workshop", "watch", "--manual", "--target", str(tree)],
        cwd=REPO, env=env(tmp_path), stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0 and "Bye!" in done.stdout


def test_a_parallel_check_keeps_its_progress(tree, watcher, tmp_path):
    """`workshop check` in another terminal records a pass; watch's own save must not lose it."""
    shutil.copytree(REPO / "solutions" / "02_routes" / "converters", tree / "02_routes" / "converters")
    watch = watcher()
    watch.wait_for("first_app: 0 of 2 checks pass.")
    other = subprocess.run([sys.executable, "-m", "workshop", "check", "converters", "--target", str(tree)],
                           cwd=REPO, env=env(tmp_path), capture_output=True, text=True, timeout=120)
    assert other.returncode == 0, other.stdout + other.stderr
    solve(tree)
    watch.wait_for("✓ first_app: all 2 checks pass.")
    watch.wait_for(f"2/{TOTAL} exercises done")
    watch.press("q")
    watch.process.wait(timeout=10)
    saved = json.loads((tmp_path / "state" / "progress.json").read_text())
    assert sorted(saved["done"]) == ["converters", "first_app"]


def test_files_the_app_writes_do_not_trigger_a_check(tree, watcher):
    watch = watcher()
    watch.wait_for("first_app: 0 of 2 checks pass.")
    folder = tree / FIRST
    for rel in ("instance/todo.sqlite", "instance/todo.sqlite-journal", "uploads/notes.txt",
                "uploads/evil.py", "todo.sqlite", "__pycache__/app.cpython-311.pyc"):
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(b"written by the app")
    time.sleep(1.5)  # watchfiles reports within ~0.3 s
    solve(tree)
    watch.wait_for("✓ first_app: all 2 checks pass.")
    assert watch.output.count("first_app: 0 of 2 checks pass.") == 1, watch.output


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
