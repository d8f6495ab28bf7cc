"""Executable docs: run the httpie commands of a README or a slide deck for real.

A ``console`` code block is a transcript. Each line starting with ``$ `` is a
command; an ``http`` command is followed by the status line the reader should
see, exactly as httpie prints it::

    ```console
    $ http :5000/hello/ada
    HTTP/1.1 200 OK
    ```

A command may also keep a value for later ones, as a reader's shell would::

    $ TOKEN=$(http --print=b POST :5000/login name=ada | python -c "…")

Only ``http`` commands and such assignments may appear in ``console`` blocks
(``sh`` blocks are for commands that are not run, like ``flask run``).
Commands run from the repository root, with ``:5000`` and ``localhost:5000``
pointed at the server under test.

Starting the real ``http`` program costs a Python start and httpie's imports
(about half a second on a busy machine), hundreds of times in a suite. So the
first command of each run goes through the real program, as a reader's shell
would run it, and the plain ones after it (no pipe, no redirection, no command
substitution) call httpie's own entry point in this process, with the words
bash makes of the command line. An assignment whose ``http`` is piped into
another program (``X=$(http … | python -c …)``) runs its ``http`` here too, and
only the right-hand side of the pipe through bash. A caller that has already run
the real program against the same app (the decks' commands, after the step
READMEs' commands) may skip even that first run (``real_first=False``).
"""

from __future__ import annotations

import functools
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .loader import REPO

FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})\s*(?P<info>[\w-]*)")
STATUS_LINE = re.compile(r"^HTTP/[\d.]+ (?P<status>\d{3})\b")
ASSIGNMENT = re.compile(r"^(?:export )?(?P<name>[A-Za-z_]\w*)=\$\((?P<command>http .*)\)$")
LOCAL = re.compile(r"(?<![\w.:/])(?:localhost)?:5000\b")
#: Shell syntax that only bash can run: such commands always go through the real program.
SHELL_SYNTAX = re.compile(r"[|;&<>`\\]|\$\(")
#: An assignment's `http …` piped into one more command: the http part, then the rest.
PIPED = re.compile(r"^(?P<http>http [^|;&<>`\\]*?)\s*\|\s*(?P<rest>[^|].*)$")
#: What bash would expand (variables, globs, braces, ~): such words are made by bash itself.
BASH_EXPANDS = re.compile(r"[$*?\[\]{}~]")

#: The one program console blocks may call (httpie's client).
CLIENT = "http"


class DocError(ValueError):
    """A console block that cannot be run as written."""


@dataclass(frozen=True)
class Command:
    """One ``$ `` line of a console block."""

    source: str  # "path:line" for messages
    text: str  # the command as the reader types it
    expected_status: int | None  # None for assignments

    @property
    def assigns(self) -> str | None:
        match = ASSIGNMENT.match(self.text)
        return match["name"] if match else None


@dataclass(frozen=True)
class Outcome:
    command: Command
    status: int | None
    output: str

    @property
    def ok(self) -> bool:
        if self.command.expected_status is None:
            return self.status == 0
        return self.status == self.command.expected_status

    def describe(self) -> str:
        want = self.command.expected_status
        got = self.status
        if want is None:
            return f"{self.command.source}: `{self.command.text}` exited {got}\n{self.output}"
        return (
            f"{self.command.source}: `{self.command.text}` answered {got}, "
            f"the doc says {want}\n{self.output[:2000]}"
        )


def console_commands(text: str, source: str = "<doc>") -> list[Command]:
    """Every command of every ``console`` block in Markdown *text*."""
    commands: list[Command] = []
    lines = text.splitlines()
    in_console = False
    fence = ""
    pending: tuple[int, str] | None = None  # an http command awaiting its status line

    def close_pending() -> None:
        if pending is not None:
            number, command = pending
            raise DocError(
                f"{source}:{number}: `{command}` has no status line after it "
                "(write what httpie prints first, e.g. `HTTP/1.1 200 OK`)"
            )

    for number, line in enumerate(lines, start=1):
        match = FENCE.match(line)
        if match and not in_console and not fence:
            fence = match["fence"]
            in_console = match["info"] == "console"
            continue
        if fence and line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
            close_pending()
            fence, in_console, pending = "", False, None
            continue
        if not in_console:
            continue
        stripped = line.strip()
        if stripped.startswith("$ "):
            close_pending()
            command = stripped[2:].strip()
            if ASSIGNMENT.match(command):
                commands.append(Command(f"{source}:{number}", command, None))
                pending = None
            elif command.split(" ", 1)[0] == CLIENT:
                pending = (number, command)
            else:
                raise DocError(
                    f"{source}:{number}: console blocks run only `{CLIENT}` commands and "
                    f"`NAME=$({CLIENT} …)`; put `{command}` in an `sh` block"
                )
        elif pending is not None:
            status = STATUS_LINE.match(stripped)
            if status is None:
                close_pending()
            number_, command = pending
            commands.append(Command(f"{source}:{number_}", command, int(status["status"])))
            pending = None
    close_pending()
    return commands


def file_commands(path: Path) -> list[Command]:
    """The console commands of a Markdown file, named relative to the repository."""
    try:
        name = str(path.resolve().relative_to(REPO))
    except ValueError:
        name = str(path)
    return console_commands(path.read_text(encoding="utf-8"), name)


def _client_env(config_dir: str, extra: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    # The venv's `http` and `python` come first, as in an activated venv.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["HTTPIE_CONFIG_DIR"] = config_dir
    env.update(extra)
    return env


#: What every `http` of a console block is given: never wait for stdin, never hang.
CLIENT_OPTIONS = ("--ignore-stdin", "--timeout=20")

# `http` inside the commands is this function: the options above, and the status
# line when the caller asks for headers.
_PRELUDE = (
    f'http() {{ command http {" ".join(CLIENT_OPTIONS)} '
    '${WORKSHOP_PRINT:+--print=$WORKSHOP_PRINT} "$@"; }\n'
)


def _words(script: str, cwd: Path, env: dict[str, str]) -> list[str] | None:
    """The words bash makes of *script* (variables expanded, quotes removed);
    None if bash cannot read it (the real program then shows the reader's error)."""
    if not BASH_EXPANDS.search(script):  # nothing for bash to expand: split here
        try:
            return shlex.split(script)
        except ValueError:
            return None
    done = subprocess.run(
        ["bash", "-c", f'words() {{ printf "%s\\0" "$@"; }}; words {script}'],
        cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True,
    )
    if done.returncode != 0:
        return None
    return done.stdout.decode().split("\0")[:-1]


@functools.cache
def _share_ssl_contexts() -> None:
    """Build httpie's TLS context once per process, not once per command.

    httpie makes one for every session, loading the system's certificates each
    time (a tenth of a second); a command run in-process would pay it every time.
    A context depends only on its arguments, and the commands here speak plain HTTP.
    """
    from httpie.ssl_ import HTTPieHTTPSAdapter

    create = HTTPieHTTPSAdapter._create_ssl_context
    HTTPieHTTPSAdapter._create_ssl_context = staticmethod(functools.cache(create))


def _httpie_in_process(args: list[str], config_dir: str) -> tuple[int, str, str]:
    """Run httpie's entry point on *args* here; its exit status, stdout and stderr."""
    from httpie.context import Environment
    from httpie.core import main as httpie_main

    _share_ssl_contexts()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        env = Environment(
            stdin=None, stdin_isatty=False, stdout=out, stdout_isatty=False,
            stderr=err, stderr_isatty=False, config_dir=Path(config_dir),
        )
        status = httpie_main(["http", *args], env)
        out.seek(0)
        err.seek(0)
        return int(status), out.read().decode("utf-8", "replace"), err.read()


def _run_bash(script: str, cwd: Path, env: dict[str, str], timeout: float,
              stdin: str | None = None) -> subprocess.CompletedProcess | None:
    """*script* run by bash (with *stdin* as its input, else none); None if it ran past *timeout*."""
    try:
        return subprocess.run(["bash", "-c", script], cwd=cwd, env=env, input=stdin,
                              stdin=None if stdin is not None else subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None


def run_commands(
    commands: list[Command], base_url: str, cwd: Path = REPO, timeout: float = 60,
    real_first: bool = True,
) -> list[Outcome]:
    """Run *commands* in order against *base_url*; stop after the first failure.

    The first ``http`` command (unless *real_first* is false) and every command
    with shell syntax run through bash and the real ``http`` program, except an
    assignment's ``http … | rest``: its ``http`` is called in this process and
    only ``rest`` goes through bash. The other plain ``http`` commands call
    httpie in this process.
    """
    host = base_url.split("://", 1)[-1]
    outcomes: list[Outcome] = []
    values: dict[str, str] = {}
    real_runs = 0
    with tempfile.TemporaryDirectory(prefix="httpie-") as config_dir:
        # No update checks: these machines (and many classrooms) have no internet.
        Path(config_dir, "config.json").write_text(json.dumps({"disable_update_warnings": True}))
        for command in commands:
            script = LOCAL.sub(host, command.text)
            name = command.assigns
            if name:
                script = ASSIGNMENT.match(script)["command"]
                extra = dict(values)
            else:
                extra = dict(values, WORKSHOP_PRINT="h")
            env = _client_env(config_dir, extra)
            # In this process only where it behaves as the shell would: a plain
            # command, and file arguments (`@photo.png`) found from the same folder.
            words = piped = None
            here = Path.cwd() == Path(cwd).resolve()
            if not name and (real_runs or not real_first) and not SHELL_SYNTAX.search(script) and here:
                words = _words(script[len(CLIENT):], cwd, env)
            elif name and here and (piped := PIPED.match(script)) and "$(" not in piped["http"]:
                words = _words(piped["http"][len(CLIENT):], cwd, env)
            if words is not None and piped:
                # `http …` here, its output piped into the rest, which bash runs.
                args = [*CLIENT_OPTIONS, *words]
                _, answer, problems = _httpie_in_process(args, config_dir)
                done = _run_bash(piped["rest"], cwd, env, timeout, stdin=answer)
                if done is not None:
                    done.stderr = problems + done.stderr
            elif words is not None:
                args = [*CLIENT_OPTIONS, "--print=h", *words]
                done = subprocess.CompletedProcess(args, *_httpie_in_process(args, config_dir))
            else:
                real_runs += not name
                done = _run_bash(_PRELUDE + script, cwd, env, timeout)
            if done is None:
                outcomes.append(Outcome(command, None, f"no answer within {timeout} s"))
                break
            output = done.stdout + done.stderr
            if name:
                values[name] = done.stdout.strip()
                outcome = Outcome(command, done.returncode, output)
            else:
                status = STATUS_LINE.match(done.stdout.lstrip())
                outcome = Outcome(command, int(status["status"]) if status else None, output)
            outcomes.append(outcome)
            if not outcome.ok:
                break
    return outcomes
