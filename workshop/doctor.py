"""`workshop doctor`: is this machine ready for the workshop? Each problem with a one-line fix.

``workshop doctor --instructor`` also says whether `workshop grade` can sandbox code here.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from .exercises import METADATA, REPO
from .ports import port_taken

MINIMUM_PYTHON = (3, 11)


@dataclass(frozen=True)
class Finding:
    ok: bool
    what: str  # what was checked, and what was found
    fix: str = ""  # one line: what to do about it


def python_version(version: tuple[int, ...] | None = None) -> Finding:
    version = version or tuple(sys.version_info[:3])
    shown = ".".join(map(str, version))
    if version[:2] >= MINIMUM_PYTHON:
        return Finding(True, f"Python {shown}")
    need = ".".join(map(str, MINIMUM_PYTHON))
    return Finding(False, f"Python {shown} is too old (the workshop needs {need} or newer)",
                   f"install Python {need}+ from python.org, then `rm -rf .venv && make venv`")


def virtualenv(prefix: str | None = None, base: str | None = None,
               active: str | None = None) -> Finding:
    """Is the tool in a venv, and is that venv the one active in the shell?"""
    prefix, base = prefix or sys.prefix, base or sys.base_prefix
    active = active if active is not None else os.environ.get("VIRTUAL_ENV")
    if prefix == base:
        return Finding(False, "the tool is not running inside a virtual environment",
                       "`make venv`, then `source .venv/bin/activate` (Windows: .venv\\Scripts\\activate)")
    if not active or Path(active).resolve() != Path(prefix).resolve():
        return Finding(False, "the virtual environment is not active in this shell "
                              "(`flask` and `http` may be missing or the wrong ones)",
                       "`source .venv/bin/activate` (Windows: .venv\\Scripts\\activate)")
    return Finding(True, f"virtual environment active ({prefix})")


def flask_importable() -> Finding:
    if importlib.util.find_spec("flask") is None:
        return Finding(False, "Flask is not installed in this environment",
                       "`make venv` (or `pip install -e .` with the venv active)")
    from importlib.metadata import version

    return Finding(True, f"Flask {version('flask')} importable")


def httpie_installed() -> Finding:
    if shutil.which("http") or Path(sys.executable).with_name("http").exists():
        return Finding(True, "httpie's `http` command found")
    return Finding(False, "httpie's `http` command is missing (every README uses it)",
                   "`make venv` (httpie is one of the pinned dependencies)")


def port_free(port: int, host: str = "127.0.0.1") -> Finding:
    if port_taken(port, host):
        airplay = " (on macOS, AirPlay Receiver takes 5000)" if port == 5000 else ""
        return Finding(False, f"port {port} is already in use{airplay}",
                       f"run the apps on another port: `flask --app … run --debug --port {port + 1}`")
    return Finding(True, f"port {port} is free")


def at_repo_root(cwd: Path | None = None) -> Finding:
    cwd = (cwd or Path.cwd()).resolve()
    if not METADATA.is_file():
        return Finding(False, f"the workshop's files are missing from {REPO}",
                       "clone the workshop repository again and run `make venv` in it")
    if cwd != REPO:
        return Finding(False, f"you are in {cwd}, not at the workshop's root "
                              "(the READMEs' commands start there)", f"cd {REPO}")
    return Finding(True, f"running from the workshop's root ({REPO})")


def findings(port: int = 5000, cwd: Path | None = None) -> list[Finding]:
    return [python_version(), virtualenv(), flask_importable(), httpie_installed(),
            port_free(port), at_repo_root(cwd)]


def report(port: int = 5000, cwd: Path | None = None, extra: list[Finding] | None = None) -> list[Finding]:
    """Print every finding (*extra* ones after the usual), return the problems."""
    results = findings(port, cwd) + list(extra or [])
    for finding in results:
        if finding.ok:
            click.echo(f"{click.style('✓', fg='green')} {finding.what}")
        else:
            click.echo(f"{click.style('✗', fg='red')} {finding.what}")
            click.echo(f"    fix: {finding.fix}")
    problems = [f for f in results if not f.ok]
    click.echo("")
    if problems:
        click.secho(f"{len(problems)} problem{'s' if len(problems) > 1 else ''} to fix.", fg="red")
    else:
        click.secho("Ready for the workshop.", fg="green")
    return problems


def sandbox() -> Finding:
    """Can `workshop grade` run each submission in a bubblewrap sandbox here? (instructors)"""
    from .grading import sandbox as grading_sandbox

    trouble = grading_sandbox.problem()
    if trouble:
        return Finding(False, "workshop grade cannot sandbox the learners' code on this machine",
                       trouble)
    return Finding(True, grading_sandbox.describe())


@click.command()
@click.option("--port", default=5000, show_default=True, help="The port `flask run` will use.")
@click.option("--instructor", is_flag=True,
              help="Also check what instructors need: the sandbox `workshop grade` runs code in.")
def doctor(port: int, instructor: bool) -> None:
    """Check this machine is ready for the workshop; each problem comes with its fix."""
    problems = report(port, extra=[sandbox()] if instructor else [])
    raise SystemExit(1 if problems else 0)
