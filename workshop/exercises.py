"""The exercises: their metadata, the learner's progress, and starter/solution drift.

``exercises/exercises.toml`` lists every exercise in the order the workshop takes
them. Each exercise lives in ``exercises/NN_topic/<name>/`` (the starter, with
TODO markers) and ``solutions/NN_topic/<name>/`` (the same files, solved). Its
tests are ``tests/exercises/test_ex_<name>.py``.

Progress (which exercises passed, which hints were shown) is kept in
``.workshop/progress.json``, git-ignored; ``WORKSHOP_STATE_DIR`` moves it
(the tool's own tests point it at a temporary folder). The tests never read it.

This module imports neither Flask nor pytest, so ``workshop check`` starts fast.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

# REPO is the repository root, found from the package's own location (loader.py).
from .loader import EXERCISE_TREES, REPO, is_step, step_key

T = TypeVar("T")

METADATA = REPO / "exercises" / "exercises.toml"
TESTS = REPO / "tests" / "exercises"

STATE_ENV = "WORKSHOP_STATE_DIR"


class ExerciseError(Exception):
    """Something the learner typed or has on disk that the tool cannot use; the message says why."""


class UnknownExercise(ExerciseError):
    pass


class NotTheRepository(ExerciseError):
    pass


@dataclass(frozen=True)
class Exercise:
    """One entry of exercises.toml."""

    number: int  # 1-based position in the workshop's order
    name: str
    folder: str  # relative to a tree, e.g. "02_routes/converters"
    step: str  # e.g. "02_routes"
    topic: str
    edit: tuple[str, ...]  # the files the task touches, relative to the folder
    hints: tuple[str, ...]

    @property
    def test_file(self) -> Path:
        return TESTS / f"test_ex_{self.name}.py"

    def path(self, tree: Path) -> Path:
        """This exercise's folder inside *tree* (``exercises/``, ``solutions/`` or a copy)."""
        return tree / self.folder



def repo_check() -> Path:
    """The repository root, or :class:`NotTheRepository` saying where to go."""
    if not METADATA.is_file() or not TESTS.is_dir():
        raise NotTheRepository(
            f"The workshop's exercises are not where the tool expects them ({METADATA}). "
            "Run the tool from the clone of the workshop repository, after `make venv` there "
            "(it installs this tool with `pip install -e .`)."
        )
    return REPO


def load_catalog(path: Path | None = None) -> list[Exercise]:
    """Every exercise of *path* (default: exercises.toml), in order; :class:`ExerciseError` if malformed."""
    if path is None:
        repo_check()
        path = METADATA
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ExerciseError(f"cannot read {path}: {error}") from None
    exercises: list[Exercise] = []
    for number, entry in enumerate(data.get("exercise", []), start=1):
        try:
            exercises.append(
                Exercise(
                    number=number,
                    name=entry["name"],
                    folder=entry["folder"],
                    step=entry["step"],
                    topic=entry["topic"],
                    edit=tuple(entry["edit"]),
                    hints=tuple(entry["hints"]),
                )
            )
        except KeyError as missing:
            raise ExerciseError(f"{path}: exercise #{number} has no {missing.args[0]!r}") from None
    return exercises


def find_exercise(key: str, catalog: list[Exercise]) -> Exercise:
    """The exercise named *key*: its name or its folder (``02_routes/converters``)."""
    text = key.strip().strip("/")
    for exercise in catalog:
        if text in (exercise.name, exercise.folder) or text.endswith("/" + exercise.folder):
            return exercise
    known = [e.name for e in catalog]
    if "/" in text or re.match(r"\d\d_", text):  # a folder or a step, mistyped
        known += [e.folder for e in catalog] + sorted({e.step for e in catalog})
    raise UnknownExercise(unknown_message(text, known, "exercise"))


def exercises_of_step(key: str, catalog: list[Exercise]) -> list[Exercise]:
    """The exercises of step *key* (``05`` or ``05_request``); empty if none."""
    number = step_key(key)
    return [e for e in catalog if is_step(e.step, number)]


def unknown_message(key: str, known: list[str], what: str) -> str:
    close = difflib.get_close_matches(key, known, n=3, cutoff=0.7)
    if not close:
        # "upload" should find "upload_limit": try prefixes and substrings too.
        close = [name for name in known if key and key.lower() in name.lower()][:3]
    text = f"There is no {what} called {key!r}."
    if close:
        text += " Did you mean " + " or ".join(f"`{c}`" for c in close) + "?"
    return text + " (`workshop list` shows them all.)"


def resolve_tree(target: str | Path) -> Path:
    """The folder a target names: ``exercises``, ``solutions`` or a path."""
    if str(target) in EXERCISE_TREES:
        return REPO / str(target)
    path = Path(target).expanduser().resolve()
    if not path.is_dir():
        raise ExerciseError(f"--target {target}: no such folder (use exercises, solutions or a path)")
    return path


# --------------------------------------------------------------------- progress


def state_dir() -> Path:
    return Path(os.environ.get(STATE_ENV) or REPO / ".workshop")


@dataclass
class Progress:
    """What the learner has done so far; saved as JSON after every change."""

    path: Path
    done: list[str] = field(default_factory=list)
    hints: dict[str, int] = field(default_factory=dict)  # name -> hints shown
    current: str | None = None

    @classmethod
    def load(cls, path: Path | None = None) -> Progress:
        path = path or state_dir() / "progress.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            # No file yet, or one the learner broke by hand: start afresh rather than crash.
            data = {}
        if not isinstance(data, dict):
            data = {}
        done, hints, current = data.get("done"), data.get("hints"), data.get("current")
        # Keep what still makes sense, drop what does not (a hand edit gone wrong).
        return cls(
            path=path,
            done=[name for name in done if isinstance(name, str)] if isinstance(done, list) else [],
            hints={name: shown for name, shown in hints.items()
                   if isinstance(shown, int) and not isinstance(shown, bool) and shown >= 0}
            if isinstance(hints, dict) else {},
            current=current if isinstance(current, str) else None,
        )

    def save(self) -> None:
        """Write the progress file whole (a reader never sees half of it)."""
        data = {"current": self.current, "done": self.done, "hints": self.hints}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(f".{self.path.name}.{os.getpid()}")
            partial.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
            os.replace(partial, self.path)
        except OSError as error:
            raise ExerciseError(f"could not save your progress to {self.path}: {error.strerror or error}"
                                " (is the folder writable?)") from None

    def update(self, change: Callable[[Progress], T]) -> T:
        """Apply *change* to the progress as saved now, save it, and return what *change* returned.

        `workshop watch` runs for hours while `workshop check` or `hint` may save in another
        terminal: reading the file again first (under a lock where the system has one)
        keeps their changes instead of overwriting them with this process's old copy.
        """
        with _locked(self.path):
            fresh = Progress.load(self.path)
            result = change(fresh)
            fresh.save()
        self.done, self.hints, self.current = fresh.done, fresh.hints, fresh.current
        return result

    def is_done(self, exercise: Exercise) -> bool:
        return exercise.name in self.done

    def current_exercise(self, catalog: list[Exercise]) -> Exercise | None:
        """The exercise the learner is on: the chosen one, else the first not done (None: all done)."""
        for exercise in catalog:
            if exercise.name == self.current:
                return exercise
        return next((e for e in catalog if not self.is_done(e)), None)

    def mark_done(self, exercise: Exercise) -> None:
        if exercise.name not in self.done:
            self.done.append(exercise.name)

    def forget(self, exercise: Exercise) -> None:
        """After a reset: not done, no hints shown."""
        if exercise.name in self.done:
            self.done.remove(exercise.name)
        self.hints.pop(exercise.name, None)

    def next_exercise(self, exercise: Exercise, catalog: list[Exercise]) -> Exercise | None:
        """The first exercise after *exercise* not done yet (wrapping round); None when all are done."""
        later = catalog[exercise.number:] + catalog[: exercise.number - 1]
        return next((e for e in later if not self.is_done(e)), None)

    def advance(self, exercise: Exercise, catalog: list[Exercise]) -> Exercise | None:
        following = self.next_exercise(exercise, catalog)
        self.current = following.name if following else None
        return following

    def take_hint(self, exercise: Exercise) -> tuple[int, str]:
        """The next hint of *exercise* (1-based number, text); the last one repeats."""
        shown = min(self.hints.get(exercise.name, 0) + 1, len(exercise.hints))
        self.hints[exercise.name] = shown
        return shown, exercise.hints[shown - 1]


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on *path*'s lock file (POSIX); elsewhere, no lock."""
    try:
        import fcntl
    except ImportError:  # Windows: reading the file again is what keeps parallel changes
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path.with_name(path.name + ".lock"), "a")  # noqa: SIM115 - closed below
    except OSError:
        yield  # a read-only folder: save() says so in plain words
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def progress_bar(done: int, total: int, width: int = 30) -> str:
    filled = round(width * done / total) if total else width
    return f"[{'#' * filled}{'-' * (width - filled)}] {done}/{total} exercises done"


# --------------------------------------------------------------- TODO regions
#
# A starter differs from its solution only inside TODO regions, so the two
# cannot drift apart (tests/exercises/test_exercises_meta.py checks every pair):
#
# * a line containing the word TODO opens a region, together with the comment
#   lines right below it (the rest of the explanation);
# * when the starter has placeholder code the learner replaces, the region runs
#   on to the next line containing END TODO.
#
# The solution may replace or delete anything inside a region and insert lines
# next to one; everything else must be identical.

TODO = re.compile(r"\bTODO\b")
END_TODO = re.compile(r"\bEND TODO\b")
COMMENT = re.compile(r"^\s*(#|\{#|<!--|//|/\*)")


def todo_regions(lines: list[str]) -> list[range]:
    """The TODO regions of a starter file, as ranges of 0-based line numbers."""
    regions: list[range] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not TODO.search(line) or END_TODO.search(line):
            index += 1
            continue
        end = index + 1
        if COMMENT.match(line):
            while end < len(lines) and COMMENT.match(lines[end]) and not TODO.search(lines[end]):
                end += 1
        # An END TODO before the next TODO closes a longer region.
        for later in range(end, len(lines)):
            if END_TODO.search(lines[later]):
                end = later + 1
                break
            if TODO.search(lines[later]):
                break
        regions.append(range(index, end))
        index = end
    return regions


def drift(starter: Path, solution: Path) -> list[str]:
    """How *starter* and *solution* (two exercise folders) differ outside TODO regions.

    An empty list means they agree: the same files, no TODO left in the
    solution, every difference inside a TODO region of the starter, and at
    least one TODO region per starter.
    """
    problems: list[str] = []

    def files(root: Path) -> set[str]:
        return {
            p.relative_to(root).as_posix()
            for p in root.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and "instance" not in p.parts
        }

    starter_files, solution_files = files(starter), files(solution)
    for rel in sorted(starter_files ^ solution_files):
        where = "starter" if rel in starter_files else "solution"
        problems.append(f"{rel} exists only in the {where}")
    regions_seen = 0
    for rel in sorted(starter_files & solution_files):
        if rel == "README.md":
            continue  # the task and the explanation of the answer are different texts
        a = (starter / rel).read_text(encoding="utf-8").splitlines()
        b = (solution / rel).read_text(encoding="utf-8").splitlines()
        if any(TODO.search(line) for line in b):
            problems.append(f"solution {rel} still has a TODO")
        regions = todo_regions(a)
        regions_seen += len(regions)
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            if i1 == i2:
                inside = any(r.start <= i1 <= r.stop for r in regions)
            else:
                inside = all(any(i in r for r in regions) for i in range(i1, i2))
            if not inside:
                shown = a[i1:i2] or b[j1:j2]
                problems.append(
                    f"{rel}:{i1 + 1}: starter and solution differ outside a TODO region: "
                    f"{shown[0].strip()!r}"
                )
    if regions_seen == 0:
        problems.append("the starter has no TODO marker")
    return problems
