"""A fork server for the grader: start each submission's pytest process in milliseconds.

Starting Python and importing pytest, Flask and SQLAlchemy costs about a
second, as much as running a whole submission's tests. The grader therefore
starts this server once (``python -I -m workshop.grade_server``): it imports
all of that, freezes it, and then, for each request, forks a child that runs
``pytest.main()`` in a new session (its own process group) and reports the
child's exit status. The child is a fresh copy of a clean process, so what one
learner's code does to Flask or to pytest never reaches another's.

The protocol is JSON, one object a line. On stdin::

    {"op": "run", "id": 7, "argv": [...], "cwd": "...", "env": {...}, "output": "file"}
    {"op": "kill", "id": 7}

On stdout: ``{"id": 7, "pid": 1234}`` once forked, ``{"id": 7, "exit": 0}`` when
it ended (a negative number: killed by that signal). Before reporting an exit,
the server kills what is left of the child's process group (processes the
learner's code started) while the child is not yet reaped, so the group id
still belongs to it. The server ends when stdin closes, killing its children.

:class:`ForkServer` is the grader's side; :class:`DirectProcess` starts a
process the ordinary way, for when the server cannot run.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

#: Imported once by the server, so no child pays for them.
PRELOAD = (
    "pytest", "_pytest.config", "_pytest.python", "_pytest.fixtures", "_pytest.capture",
    "_pytest.terminal", "_pytest.assertion.rewrite", "_pytest.tmpdir", "_pytest.monkeypatch",
    "_pytest.skipping", "_pytest.logging", "_pytest.warnings", "_pytest.recwarn",
    "_pytest.legacypath", "_pytest.doctest", "_pytest.junitxml", "_pytest.debugging",
    "_pytest.unittest", "_pytest.setuponly", "_pytest.setupplan", "_pytest.reports",
    "_pytest.subtests",
    "flask", "flask.testing", "werkzeug", "werkzeug.security", "werkzeug.utils", "jinja2",
    "markupsafe", "sqlalchemy", "sqlalchemy.orm", "flask_sqlalchemy", "sqlite3",
    "workshop.exercises", "workshop.loader", "workshop.pytest_report", "workshop.pytest_grade",
)


# ------------------------------------------------------------------ the server


def _send(message: dict) -> None:
    os.write(1, (json.dumps(message) + "\n").encode())


def _child(request: dict) -> None:
    """In the forked child: become a fresh pytest process. Never returns."""
    code = 70
    try:
        os.setsid()
        for number in (signal.SIGCHLD, signal.SIGPIPE, signal.SIGINT, signal.SIGTERM):
            signal.signal(number, signal.SIG_DFL)
        output = os.open(request["output"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(output, 1)
        os.dup2(output, 2)
        os.close(output)
        os.close(devnull)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        import tempfile

        tempfile.tempdir = None  # found again from the new TMPDIR
        sys.argv = ["pytest", *request["argv"]]
        import pytest

        code = int(pytest.main(request["argv"]))
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else 1
    except BaseException:  # noqa: BLE001 - report it as pytest would, then leave
        import traceback

        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001, S110 - the learner may have closed it
                pass
        os._exit(code)


def serve() -> None:
    """The server's loop: fork on request, reap and report, until stdin closes."""
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - not installed, or broken: the children import it themselves
            continue
    gc.collect()
    gc.freeze()  # everything imported so far is never scanned again, in the server or a child
    children: dict[int, int] = {}  # pid -> request id
    selector = selectors.DefaultSelector()
    selector.register(0, selectors.EVENT_READ)
    pending = b""
    open_input = True
    while open_input or children:
        if open_input:
            ready = selector.select(timeout=0.02)
        else:
            time.sleep(0.02)  # only children left to wait for
            ready = []
        if ready:
            data = os.read(0, 65536)
            if not data:  # the grader is done (or gone): so are the children
                open_input = False
                for pid in children:
                    _kill_group(pid)
            pending += data
            *lines, pending = pending.split(b"\n")
            for line in lines:
                request = json.loads(line)
                if request["op"] == "run":
                    pid = os.fork()
                    if pid == 0:
                        selector.close()
                        _child(request)
                    children[pid] = request["id"]
                    _send({"id": request["id"], "pid": pid})
                elif request["op"] == "kill":
                    for pid, ident in children.items():
                        if ident == request["id"]:
                            _kill_group(pid)
        _reap(children)


def _reap(children: dict[int, int]) -> None:
    """Report every child that has ended, after killing what its code left running."""
    while True:
        try:
            # Asked without reaping the child: until then its process group id is still its own.
            info = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            return
        if info is None or info.si_pid == 0:
            return
        _kill_group(info.si_pid)
        _, status = os.waitpid(info.si_pid, 0)
        ident = children.pop(info.si_pid, None)
        if ident is not None:
            _send({"id": ident, "exit": os.waitstatus_to_exitcode(status)})


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


# ---------------------------------------------------------------- the grader's side


class DirectProcess:
    """A test process started the ordinary way (one Python start-up per run)."""

    def __init__(self, argv: list[str], cwd: Path, env: dict[str, str], output: Path) -> None:
        with open(output, "ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-m", "pytest", *argv], cwd=cwd, env=env,
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def exited(self) -> bool:
        # Asked without reaping: until wait(), the process group id is still ours.
        return os.waitid(os.P_PID, self.process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None

    def kill(self) -> None:
        _kill_group(self.process.pid)

    def wait(self) -> int:
        """Kill what is left of the group, reap the process, return its exit status."""
        _kill_group(self.process.pid)
        return self.process.wait()


class ServerProcess:
    """A test process forked by the :class:`ForkServer`."""

    def __init__(self, server: ForkServer, ident: int) -> None:
        self.server = server
        self.ident = ident
        self.done = threading.Event()
        self.returncode: int | None = None

    def exited(self) -> bool:
        return self.done.is_set()

    def kill(self) -> None:
        self.server.send({"op": "kill", "id": self.ident})

    def wait(self) -> int:
        self.done.wait()
        assert self.returncode is not None
        return self.returncode


class ForkServer:
    """The grader's handle on the server: ``with ForkServer() as server: server.start(...)``."""

    def __init__(self) -> None:
        env = {"PATH": os.environ.get("PATH", os.defpath), "LANG": "C.UTF-8",
               "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-m", "workshop.grade_server"], env=env, cwd=os.path.expanduser("~"),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, start_new_session=True,
        )
        self.lock = threading.Lock()
        self.next_id = 0
        self.running: dict[int, ServerProcess] = {}
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            message = json.loads(line)
            with self.lock:
                child = self.running.get(message["id"])
                if child is not None and "exit" in message:
                    del self.running[message["id"]]
            if child is not None and "exit" in message:
                child.returncode = int(message["exit"])
                child.done.set()
        # The server is gone: nothing more will come for the runs it had.
        with self.lock:
            lost, self.running = list(self.running.values()), {}
        for child in lost:
            child.returncode = -signal.SIGKILL
            child.done.set()

    def send(self, message: dict) -> None:
        assert self.process.stdin is not None
        with self.lock:
            try:
                self.process.stdin.write((json.dumps(message) + "\n").encode())
                self.process.stdin.flush()
            except (BrokenPipeError, ValueError):
                pass

    def alive(self) -> bool:
        return self.process.poll() is None

    def start(self, argv: list[str], cwd: Path, env: dict[str, str], output: Path) -> ServerProcess:
        with self.lock:
            self.next_id += 1
            child = ServerProcess(self, self.next_id)
            self.running[child.ident] = child
        self.send({"op": "run", "id": child.ident, "argv": argv, "cwd": str(cwd),
                   "env": env, "output": str(output)})
        return child

    def close(self) -> None:
        if self.process.stdin is not None:
            try:
                self.process.stdin.close()
            except BrokenPipeError:
                pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=5)

    def __enter__(self) -> ForkServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


if __name__ == "__main__":
    serve()
