"""Unified diffs between two step folders (what `workshop diff 03 04` prints)."""

from __future__ import annotations

import difflib
from pathlib import Path

import click

#: Not part of what a step teaches: generated files, local data and the prose.
IGNORED_DIRS = {"__pycache__", "instance", ".pytest_cache"}
IGNORED_FILES = {"README.md"}


def _files(root: Path) -> dict[str, Path]:
    files = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and not IGNORED_DIRS.intersection(rel.parts) and path.name not in IGNORED_FILES:
            files[rel.as_posix()] = path
    return files


def _lines(path: Path | None) -> list[str]:
    if path is None:
        return []
    try:
        return path.read_text(encoding="utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return [f"(binary file, {path.stat().st_size} bytes)\n"]


def unified(old: Path, new: Path) -> str:
    """The unified diff from step folder *old* to *new*, file by file."""
    old_files, new_files = _files(old), _files(new)
    chunks = []
    for rel in sorted(old_files.keys() | new_files.keys()):
        a, b = old_files.get(rel), new_files.get(rel)
        lines = difflib.unified_diff(
            _lines(a),
            _lines(b),
            fromfile=f"{old.name}/{rel}" if a else "/dev/null",
            tofile=f"{new.name}/{rel}" if b else "/dev/null",
        )
        chunks.append("".join(line if line.endswith("\n") else line + "\n" for line in lines))
    return "".join(chunks)


def style(line: str) -> str:
    """*line* with the colour a terminal diff gives it (click drops it when piped)."""
    if line.startswith(("+++", "---")):
        return click.style(line, bold=True)
    if line.startswith("+"):
        return click.style(line, fg="green")
    if line.startswith("-"):
        return click.style(line, fg="red")
    if line.startswith("@@"):
        return click.style(line, fg="cyan")
    return line
