"""`workshop watch`: re-check the current exercise on every save, rustlings style.

Two sources of events feed one queue: a watchfiles thread (a file of the
current exercise changed) and a keyboard thread (n next, h hint, l list,
q quit). On a terminal the keyboard thread reads single keys without waiting
for Enter; when stdin is a pipe it reads lines, so ``printf 'q\\n' | workshop
watch`` works. ``--manual`` skips the file watcher and re-checks when you press
Enter, for file systems that send no change events (WSL on a Windows drive,
network drives, some Docker mounts).
"""

from __future__ import annotations

import os
import queue
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import click

from . import colour
from .checker import ForkServer
from .exercises import Exercise, ExerciseError, Progress, progress_bar, resolve_tree
from .learner import TARGET_HELP, _catalog, check_and_record

KEYS = {"n": "next", "h": "hint", "l": "list", "q": "quit"}


@contextmanager
def single_keys(stream):
    """Put the terminal in cbreak mode (keys arrive without Enter) and restore it afterwards."""
    try:
        import termios
        import tty
    except ImportError:  # Windows: the key thread uses msvcrt instead
        yield
        return
    fd = stream.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def read_keys(stream, events: queue.Queue, single: bool) -> None:
    """Put ("key", k) on *events* for each key (or line) typed; ("eof", "") at the end."""
    try:
        if single and sys.platform == "win32":
            import msvcrt

            while True:
                events.put(("key", msvcrt.getwch().lower()))
        elif single:
            fd = stream.fileno()
            while True:
                char = os.read(fd, 1)
                if not char:
                    break
                events.put(("key", char.decode(errors="ignore").lower()))
        else:
            for line in stream:
                events.put(("key", line.strip().lower()[:1] or "\n"))
    except (OSError, ValueError):
        pass
    events.put(("eof", ""))


def watch_files(tree: Path, events: queue.Queue, stop: threading.Event) -> None:
    """Put ("change", paths) on *events* whenever files under *tree* change."""
    from watchfiles import watch as watch_changes  # imported here: only watch mode needs it

    for changes in watch_changes(tree, stop_event=stop, debounce=200, step=20):
        events.put(("change", {path for _, path in changes}))


#: Folders an app (or a tool) writes into by itself: a change there is not the learner saving.
APP_WRITES = {"instance", "uploads", "__pycache__", ".pytest_cache", ".venv", "venv", "node_modules",
              ".git", ".mypy_cache", ".ruff_cache", ".workshop"}
#: Files a learner edits in an exercise: code, templates, styles.
SOURCE_SUFFIXES = {".py", ".html", ".jinja", ".jinja2", ".j2", ".css", ".js", ".toml", ".cfg", ".ini"}


def is_learner_edit(path: Path, folder: Path, edit: tuple[str, ...] = ()) -> bool:
    """Whether a change to *path* should re-check the exercise in *folder*.

    A file the exercise names in ``edit`` always counts. Otherwise a source file of the
    folder counts, unless it lies in a folder the app writes to (its SQLite database
    in instance/, uploads, caches): an app that writes while it runs must not make
    watch re-check forever.
    """
    try:
        rel = path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    if rel.as_posix() in edit:
        return True
    return path.suffix in SOURCE_SUFFIXES and not APP_WRITES & set(rel.parts[:-1])


class Session:
    """One `workshop watch`: the current exercise, its last result, and the loop."""

    def __init__(self, catalog: list[Exercise], tree: Path, target: str, manual: bool) -> None:
        self.catalog, self.tree, self.target, self.manual = catalog, tree, target, manual
        self.progress = Progress.load()
        self.exercise = self.progress.current_exercise(catalog)
        self.runner = ForkServer()  # imports pytest and Flask once, while the first check waits
        self.passed = False
        self.clear = sys.stdout.isatty()

    def keys_line(self) -> str:
        keys = " · ".join(f"{click.style(k, bold=True)} {word}" for k, word in KEYS.items())
        if self.manual:
            keys = f"{click.style('Enter', bold=True)} check · " + keys
        return f"keys: {keys}"

    def check(self) -> None:
        if self.exercise is None:
            return
        if self.clear:
            click.clear()
        result = check_and_record(self.exercise, self.tree, self.target, self.catalog, self.progress,
                                  runner=self.runner)
        self.passed = result.ok
        # check_and_record moved "current" on; in watch mode the learner moves on with `n`.
        name = self.exercise.name
        self.progress.update(lambda saved: setattr(saved, "current", name))
        click.echo("")
        done = sum(self.progress.is_done(e) for e in self.catalog)
        click.echo(progress_bar(done, len(self.catalog)))
        if self.passed:
            click.secho("Done! Press n for the next exercise (or keep experimenting).", fg="green")
        elif not self.manual:
            click.echo("Save a file to check again.")
        click.echo(self.keys_line())

    def next(self) -> bool:
        """Move on to the next exercise not done; False when none is left."""
        if not self.passed:
            click.echo("n moves on once this exercise passes (h gives a hint).")
            return True
        exercise, catalog = self.exercise, self.catalog
        following = self.progress.update(lambda saved: saved.advance(exercise, catalog))
        if following is None:
            click.secho(f"All {len(self.catalog)} exercises are done. Well done!", fg="green", bold=True)
            return False
        self.exercise = following
        self.check()
        return True

    def hint(self) -> None:
        exercise = self.exercise
        number, text = self.progress.update(lambda saved: saved.take_hint(exercise))
        click.secho(f"Hint {number} of {len(self.exercise.hints)}:", bold=True)
        click.echo(f"  {text}")

    def show_list(self) -> None:
        for exercise in self.catalog:
            mark = "✓" if self.progress.is_done(exercise) else ("▶" if exercise == self.exercise else " ")
            click.echo(f"{mark} {exercise.step:<15} {exercise.name}")
        click.echo(self.keys_line())

    def relevant(self, paths: set[str]) -> bool:
        """Did the learner save a file of the current exercise? (Not the app writing its own data.)"""
        return any(is_learner_edit(Path(p), self.exercise.path(self.tree), self.exercise.edit) for p in paths)

    def run(self, stdin=None) -> None:
        stdin = stdin or sys.stdin
        if self.exercise is None:
            click.secho(f"All {len(self.catalog)} exercises are done. Well done!", fg="green", bold=True)
            return
        events: queue.Queue = queue.Queue()
        stop = threading.Event()
        single = not self.manual and stdin.isatty()
        threading.Thread(target=read_keys, args=(stdin, events, single), daemon=True).start()
        watcher = None
        if not self.manual:
            watcher = threading.Thread(target=watch_files, args=(self.tree, events, stop), daemon=True)
            watcher.start()
        try:
            with single_keys(stdin) if single else _nothing():
                self.check()
                self.loop(events)
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
            if watcher is not None:
                watcher.join(timeout=2)
            self.runner.close()
        click.echo("Bye! `workshop watch` picks up where you left off.")

    def loop(self, events: queue.Queue) -> None:
        while True:
            try:
                kind, value = events.get(timeout=0.5)
            except queue.Empty:
                continue
            if kind == "change":
                if self.relevant(value):
                    self.check()
            elif kind == "eof":
                if self.manual:
                    return  # nothing else can ask for a check
            elif value == "q":
                return
            elif value == "n":
                if not self.next():
                    return
            elif value == "h":
                self.hint()
            elif value == "l":
                self.show_list()
            elif value in ("\n", "\r", "c") and self.manual:
                self.check()
            elif value.strip():
                click.echo(self.keys_line())


@contextmanager
def _nothing():
    yield


@click.command()
@click.option("--manual", is_flag=True,
              help="Check when you press Enter instead of on every save (WSL, network drives).")
@click.option("--target", default="exercises", show_default=True, help=TARGET_HELP)
@colour.option
def watch(manual: bool, target: str) -> None:
    """Check the current exercise on every save; n next, h hint, l list, q quit."""
    catalog = _catalog()
    try:
        tree = resolve_tree(target)
    except ExerciseError as error:
        raise click.ClickException(str(error)) from None
    Session(catalog, tree, target, manual).run()
