"""Reading a submission without trusting it: what is there, and a checked copy of it.

The grader itself never opens a file of a submission except to copy it, and
copies only what is safe to copy: regular files, each up to a size cap,
opened without following links and without blocking (a named pipe would hang
a reader). A symbolic link, a named pipe, a device or socket, a file over
the cap, or an exercise folder that is itself a link is refused with a
sentence naming it; the exercise is then graded ``error``. Everything else
(running the code, compiling it, reading its lines back) happens inside the
sandbox, on the copy.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..exercises import Exercise

#: Folders never copied from a submission (tools' caches, virtual environments, git).
JUNK = {"__pycache__", ".git", ".venv", "venv", "env", "node_modules", ".pytest_cache",
        ".mypy_cache", ".ruff_cache", ".idea", ".vscode"}

MIB = 1024 * 1024


@dataclass(frozen=True)
class Caps:
    """How much of one exercise folder the grader copies."""

    file_mb: int = 5  # any one file
    folder_mb: int = 20  # the whole exercise folder
    files: int = 500


class Refused(Exception):
    """Something in a submission the grader will not copy; the message says what and why."""


def find_tree(submission: Path) -> Path:
    """The folder of *submission* laid out like exercises/: a repository copy's, or itself."""
    inner = submission / "exercises"
    return inner if inner.is_dir() or inner.is_symlink() else submission


def learner_names(paths: list[Path]) -> list[str]:
    """A name per submission: its folder's name, made unique with the parent's name if needed."""
    names = [path.resolve().name or str(path) for path in paths]
    for index, name in enumerate(names):
        if names.count(name) > 1:
            parent = paths[index].resolve().parent.name
            names[index] = f"{parent}/{name}" if parent else name
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return unique


def exercise_folder(submission: Path, exercise: Exercise) -> Path | None:
    """*exercise*'s folder in *submission*, None when absent; :class:`Refused` when it is a link.

    Every part of the path below the submission folder is looked at without
    following links: a link to the instructor's solution must not be graded.
    """
    tree = find_tree(submission)
    parts = [*tree.relative_to(submission).parts, *Path(exercise.folder).parts]
    path = submission
    for part in parts:
        path = path / part
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            return None
        except OSError as error:
            raise Refused(f"{_shown(submission, path)} cannot be read ({error.strerror})") from None
        if stat.S_ISLNK(mode):
            raise Refused(f"{_shown(submission, path)} is a symbolic link: hand in the folder itself")
        if not stat.S_ISDIR(mode):
            return None
    return path


def copy_folder(source: Path, destination: Path, shown: str, caps: Caps = Caps()) -> dict[str, str]:
    """Copy the regular files under *source* to *destination*; returns {relative path: sha256}.

    *shown* is how the learner knows *source* (``exercises/02_routes/converters``).
    Raises :class:`Refused` for anything that is not a folder or a regular file,
    and for more than the caps allow; *destination* may then hold part of the copy.
    """
    hashes: dict[str, str] = {}
    budget = [caps.folder_mb * MIB, caps.files]

    def walk(folder: Path, target: Path, relative: str) -> None:
        target.mkdir(parents=True, exist_ok=True)
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                name = f"{relative}{entry.name}"
                where = f"{shown}/{name}"
                if entry.name in JUNK or entry.name.endswith(".pyc"):
                    continue
                if entry.is_symlink():
                    raise Refused(f"{where} is a symbolic link: hand in the file itself")
                if entry.is_dir(follow_symlinks=False):
                    walk(Path(entry.path), target / entry.name, name + "/")
                elif entry.is_file(follow_symlinks=False):
                    hashes[name] = _copy_file(Path(entry.path), target / entry.name, where, caps, budget)
                else:
                    raise Refused(f"{where} is not a regular file (a named pipe, device or socket): "
                                  "remove it")

    walk(source, destination, "")
    return hashes


def _copy_file(source: Path, target: Path, where: str, caps: Caps, budget: list[int]) -> str:
    budget[1] -= 1
    if budget[1] < 0:
        raise Refused(f"{where}: more than {caps.files} files in the exercise folder")
    try:
        fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise Refused(f"{where} cannot be read ({error.strerror})") from None
    with open(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"{where} is not a regular file: remove it")
        limit = min(caps.file_mb * MIB, budget[0])
        if info.st_size > caps.file_mb * MIB:
            raise Refused(f"{where} is {info.st_size / MIB:.0f} MB; the grader copies files "
                          f"up to {caps.file_mb} MB: remove it")
        data = file.read(limit + 1)
    if len(data) > limit:
        raise Refused(f"{where}: the exercise folder holds more than {caps.folder_mb} MB: "
                      "remove what the exercise does not need")
    budget[0] -= len(data)
    target.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every entry under *root* (links not followed): size and modification time."""
    files: dict[str, tuple[int, int]] = {}
    for folder, dirs, names in os.walk(root):
        for name in [*names, *dirs]:
            path = os.path.join(folder, name)
            try:
                info = os.lstat(path)
            except OSError:
                continue
            files[os.path.relpath(path, root)] = (info.st_size, info.st_mtime_ns)
    return files


def read_line(root: Path, relative: str, line: int) -> str | None:
    """Line *line* of the regular file *root*/*relative*, or None; never leaves *root*."""
    path = (root / relative)
    try:
        real = Path(os.path.realpath(path))
        real.relative_to(os.path.realpath(root))
        fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except (OSError, ValueError):
        return None
    with open(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            return None
        lines = file.read(MIB).decode("utf-8", errors="replace").splitlines()
    return lines[line - 1].strip()[:200] if 0 < line <= len(lines) else None


def _shown(submission: Path, path: Path) -> str:
    relative = path.relative_to(submission).as_posix()
    return relative if relative.startswith("exercises") else f"exercises/{relative}"
