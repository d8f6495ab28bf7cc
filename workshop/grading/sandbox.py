"""Where a submission's code runs: a bubblewrap sandbox, with limits for all its processes.

Each pytest run of a submission starts as ``bwrap … python -m
workshop.grading.pytest_main …`` (bubblewrap, the sandbox Flatpak uses; the
module is ``python -m pytest`` ending the process as soon as pytest has
finished) and sees only:

* the Python installation and the virtual environment, read-only (and the
  ``workshop`` package and ``exercises.toml`` the instructor's tests import);
* ``/grade/tests``: this run's own copy of the instructor's tests, read-only;
* ``/grade/exercises``: this run's copy of the submission, the only writable
  folder, and a private ``/tmp`` (in memory, capped);

no home folder, no other submission, no network (``--unshare-net``), its own
PID namespace with ``--die-with-parent``: when the run ends, or the grader does,
every process it started is gone, ``setsid`` or not. The grader's own files
(the events, the output) reach it only as open file descriptors.

Limits for the submission as a whole come from a cgroup of its own when the
machine lets the grader create one (cgroup v2 with the memory and pids
controllers delegated, or cgroup v1's memory and pids hierarchies, as root in
many containers): memory for all its processes together, and the number of
processes. Otherwise each process is limited (address space), and the
number of processes by RLIMIT_NPROC: the user namespace makes it a cap on the
sandbox's own processes when the grader is not root; a grader running as root
runs each sandbox under a user id of its own (:func:`own_user_id`), since the
limit does not bind root. :func:`cgroup_kind` says which.

``--no-sandbox`` (:class:`Direct`) runs the same pytest command without any of
this, as the grader did before: the learner's code runs as the instructor.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..exercises import METADATA, TESTS
from .model import Limits

#: Where the run's folder appears inside the sandbox.
INSIDE = Path("/grade")

INSTALL_HINT = ("workshop grade runs each submission in a bubblewrap sandbox, and `bwrap` {problem}: "
                "install it (Debian/Ubuntu: sudo apt-get install bubblewrap; Fedora: sudo dnf install "
                "bubblewrap) or grade without a sandbox with --no-sandbox")

MIB = 1024 * 1024
_serial = itertools.count(1)


# ------------------------------------------------------------ can it run here?


@cache
def problem() -> str | None:
    """Why sandboxing does not work on this machine, or None when it does (checked once)."""
    if not sys.platform.startswith("linux"):
        return "needs Linux (bubblewrap uses Linux namespaces; on macOS, grade in a Linux VM)"
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return INSTALL_HINT.format(problem="is not installed")
    try:
        probe = subprocess.run(
            [bwrap, *_system_binds(), "--unshare-all", "--die-with-parent", "--proc", "/proc",
             "--dev", "/dev", "--", "true"],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as error:
        return INSTALL_HINT.format(problem=f"cannot run here ({error})")
    if probe.returncode != 0:
        why = (probe.stderr.strip().splitlines() or ["no reason given"])[-1]
        return INSTALL_HINT.format(problem=f"cannot create a sandbox on this machine ({why})")
    return None


def describe() -> str:
    """One line for `workshop doctor --instructor`: does the sandbox work, with which limits."""
    trouble = problem()
    if trouble:
        return trouble
    kind = cgroup_kind()
    limits = (f"memory and processes limited per submission by a cgroup ({kind})" if kind else
              "no cgroup the grader may create: memory limited per process, processes by RLIMIT_NPROC")
    return f"bubblewrap sandbox works ({shutil.which('bwrap')}); {limits}"


# ------------------------------------------------------------------ cgroups


def _own_cgroups() -> dict[str, str]:
    """{controller or "": path} from /proc/self/cgroup ("" is cgroup v2's line)."""
    paths = {}
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return {}
    for line in lines:
        number, controllers, path = line.split(":", 2)
        for controller in controllers.split(",") if controllers else [""]:
            paths[controller] = path
    return paths


@cache
def _cgroup_bases() -> tuple[str, tuple[Path, ...]] | None:
    """Folders under which the grader may create a cgroup per run, and the cgroup version."""
    root = Path("/sys/fs/cgroup")
    own = _own_cgroups()
    v2 = root / own.get("", "/").lstrip("/")
    try:
        delegated = set((v2 / "cgroup.subtree_control").read_text().split())
    except OSError:
        delegated = set()
    if {"memory", "pids"} <= delegated and _can_create(v2):
        _remove_stale((v2,))
        return "v2", (v2,)
    v1 = tuple(root / name / own.get(name, "/").lstrip("/") for name in ("memory", "pids"))
    if all((base / "cgroup.procs").is_file() and _can_create(base) for base in v1):
        _remove_stale(v1)
        return "v1", v1
    return None


def _remove_stale(bases: tuple[Path, ...]) -> None:
    """Empty cgroups left by a grader that was killed outright (named after its process id)."""
    for base in bases:
        for folder in base.glob("workshop-grade-*-*"):
            pid = folder.name.split("-")[2]
            if not pid.isdigit():
                continue
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                with contextlib.suppress(OSError):
                    folder.rmdir()
            except PermissionError:
                continue


def _can_create(base: Path) -> bool:
    probe = base / f"workshop-grade-probe-{os.getpid()}"
    try:
        probe.mkdir()
        probe.rmdir()
    except OSError:
        return False
    return True


def cgroup_kind() -> str | None:
    """"v2" or "v1" when each run gets its own cgroup, None when it cannot."""
    bases = _cgroup_bases()
    return bases[0] if bases else None


class Cgroup:
    """One run's cgroup: every process the run starts is in it, and counted together."""

    def __init__(self, limits: Limits) -> None:
        bases = _cgroup_bases()
        if bases is None:
            raise OSError("no cgroup available")
        self.kind, roots = bases
        name = f"workshop-grade-{os.getpid()}-{next(_serial)}"
        self.folders = [base / name for base in roots]
        memory = str(limits.memory_mb * MIB)
        settings = ({"memory.max": memory, "memory.swap.max": "0", "pids.max": str(limits.processes)}
                    if self.kind == "v2" else
                    {"memory.limit_in_bytes": memory, "memory.memsw.limit_in_bytes": memory,
                     "pids.max": str(limits.processes)})
        try:
            for folder in self.folders:
                folder.mkdir()
            for file, value in settings.items():
                for folder in self.folders:
                    if (folder / file).exists():
                        (folder / file).write_text(value)
        except OSError:
            self.remove()
            raise

    def prefix(self) -> list[str]:
        """A command that moves itself into this cgroup, then runs the rest of the command line."""
        moves = " && ".join(f"echo $$ > {folder / 'cgroup.procs'}" for folder in self.folders)
        return ["/bin/sh", "-c", f'{moves} && exec "$@"', "sh"]

    def _counter(self, file: str, key: str) -> int:
        for folder in self.folders:
            try:
                for line in (folder / file).read_text().splitlines():
                    name, _, value = line.partition(" ")
                    if name == key:
                        return int(value)
            except (OSError, ValueError):
                continue
        return 0

    def limit_hit(self) -> str | None:
        """"memory" or "processes" once the run has hit that limit."""
        if self._counter("memory.events" if self.kind == "v2" else "memory.oom_control", "oom_kill"):
            return "memory"
        if self._counter("pids.events", "max"):
            return "processes"
        return None

    def kill_all(self) -> None:
        for folder in self.folders:
            try:
                pids = (folder / "cgroup.procs").read_text().split()
            except OSError:
                continue
            for pid in pids:
                with contextlib.suppress(ProcessLookupError, ValueError):
                    os.kill(int(pid), signal.SIGKILL)

    def remove(self) -> None:
        """Kill whatever is left in it, and remove it (retried while the processes die)."""
        deadline = time.monotonic() + 5
        for folder in self.folders:
            while folder.exists():
                self.kill_all()
                try:
                    folder.rmdir()
                except OSError:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.02)


# ------------------------------------------------------------------- running


def _system_binds() -> list[str]:
    """The read-only system folders a Python program needs (no /etc, no /home, no /root)."""
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64"):
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    args += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    return args


def _python_binds() -> list[str]:
    """The Python installation, the virtual environment and the tool, read-only, where they are.

    The folders above them are made first, open to every user (bwrap would
    make some private), so a run under a user id of its own can reach them.
    """
    folders = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), Path(sys.prefix),
               Path(sys.executable).resolve().parent.parent}
    workshop = Path(__file__).resolve().parent.parent
    binds = [folder for folder in sorted(folders) if not str(folder).startswith("/usr/")]
    binds += [workshop, METADATA, TESTS, INSIDE]
    parents = sorted({parent for path in binds for parent in path.parents
                      if parent != Path("/") and not str(parent).startswith("/usr")},
                     key=lambda path: len(path.parts))
    args = []
    if "--perms" in _options():
        for parent in parents:
            args += ["--perms", "0755", "--dir", str(parent)]
    for folder in binds[:-2]:
        args += ["--ro-bind", str(folder), str(folder)]
    return args


@cache
def _options() -> str:
    """bwrap's --help: which options this version has (older ones lack --size, --disable-userns)."""
    try:
        return subprocess.run([shutil.which("bwrap") or "bwrap", "--help"], capture_output=True,
                              text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""


#: How a run starts pytest: ``python -m pytest`` that ends without Python's teardown.
PYTEST = ["-m", "workshop.grading.pytest_main"]

#: Where the grader is root and has no cgroup, each run gets a user id of its own from here:
#: RLIMIT_NPROC does not bind root, but it caps an ordinary user id (no real user's, and one per run).
RUN_UID_BASE = 1_900_000_000


def own_user_id() -> int | None:
    """A user id of its own for the next run, when the grader is root with no cgroup (None otherwise)."""
    if os.geteuid() != 0 or cgroup_kind() or not shutil.which("setpriv"):
        return None
    return RUN_UID_BASE + (os.getpid() % 100_000) * 100 + next(_serial) % 100


def sandbox_command(argv: list[str], work: Path, limits: Limits, uid: int | None = None) -> list[str]:
    """``bwrap …`` running pytest with *argv* (:data:`PYTEST`) on the run folder *work* (seen as /grade).

    With *uid*, the run leaves root for that user id inside the sandbox
    (setpriv, every capability dropped), so that its process limit binds.
    """
    bwrap = shutil.which("bwrap") or "bwrap"
    size = ["--size", str(limits.memory_mb * MIB)] if "--size" in _options() else []
    if uid is None:
        # No namespaces of its own inside the sandbox (less kernel to attack), where bwrap can say so.
        nested = ["--unshare-user", "--disable-userns"] if "--disable-userns" in _options() else []
        namespaces = ["--unshare-all", *nested, "--cap-drop", "ALL"]
        program = [sys.executable]
    else:
        # Root without a user namespace, keeping only what it takes to become *uid*.
        namespaces = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
                      "--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
        program = [shutil.which("setpriv") or "setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                   "--inh-caps=-all", "--bounding-set=-all", sys.executable]
    return [
        bwrap, *namespaces, "--die-with-parent", "--new-session", "--hostname", "grading",
        *_system_binds(),
        "--proc", "/proc", "--dev", "/dev",
        *size, *(["--perms", "1777"] if "--perms" in _options() else []), "--tmpfs", "/tmp",
        # After the private /tmp: a venv or a clone under /tmp must stay visible on top of it.
        *_python_binds(),
        *(["--perms", "0755"] if "--perms" in _options() else []), "--dir", str(INSIDE),
        "--bind", str(work / "exercises"), str(INSIDE / "exercises"),
        "--ro-bind", str(work / "tests"), str(INSIDE / "tests"),
        "--ro-bind", str(work / "pytest.ini"), str(INSIDE / "pytest.ini"),
        # The tool finds the repository's tests folder (it only checks that it is there).
        "--ro-bind", str(work / "tests" / "exercises"), str(TESTS),
        "--chdir", str(INSIDE),
        "--", *program, "-I", *PYTEST, *argv,
    ]


def environment(home: str) -> dict[str, str]:
    """A small environment: nothing of the instructor's (tokens, virtualenv settings) leaks in."""
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home, "TMPDIR": home, "LANG": "C.UTF-8",
            "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONDONTWRITEBYTECODE": "1"}


class Process:
    """One run's process: started, watched, killed with everything it started."""

    def __init__(self, command: list[str], cwd: Path, env: dict[str, str], output: int,
                 pass_fds: tuple[int, ...], cgroup: Cgroup | None = None) -> None:
        self.cgroup = cgroup
        self.final_limit: str | None = None
        self.process = subprocess.Popen(
            [*(cgroup.prefix() if cgroup else []), *command], cwd=cwd, env=env,
            stdin=subprocess.DEVNULL, stdout=output, stderr=output, pass_fds=pass_fds,
            start_new_session=True,
        )

    def exited(self) -> bool:
        # Asked without reaping: until wait(), the process group id is still ours.
        return os.waitid(os.P_PID, self.process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None

    def limit_hit(self) -> str | None:
        return self.cgroup.limit_hit() if self.cgroup else self.final_limit

    def kill(self) -> None:
        """Stop the run: its process group (the sandbox's PID namespace goes with bwrap)."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        if self.cgroup:
            self.cgroup.kill_all()

    def wait(self) -> int:
        """Kill what is left, reap the process, return its exit status (then limit_hit stays known)."""
        self.kill()
        code = self.process.wait()
        if self.cgroup:
            self.final_limit = self.cgroup.limit_hit()
            self.cgroup.remove()
            self.cgroup = None
        return code


@dataclass(frozen=True)
class Sandboxed:
    """Start runs in a bubblewrap sandbox, in a cgroup of their own when the machine allows it."""

    limits: Limits
    sandboxed: bool = True

    def inside(self, work: Path) -> Path:
        return INSIDE

    def start(self, argv: list[str], work: Path, output: int, pass_fds: tuple[int, ...]) -> Process:
        try:
            cgroup = Cgroup(self.limits) if cgroup_kind() else None
        except OSError:
            cgroup = None
        uid = None if cgroup else own_user_id()
        if uid is not None:
            for folder, dirs, files in os.walk(work / "exercises"):
                for name in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
                    os.lchown(name, uid, uid)
        try:
            return Process(sandbox_command(argv, work, self.limits, uid), work, environment("/tmp"),
                           output, pass_fds, cgroup)
        except BaseException:
            if cgroup:
                cgroup.remove()
            raise


@dataclass(frozen=True)
class Direct:
    """--no-sandbox: start runs as ordinary processes of the instructor's (as before the sandbox)."""

    limits: Limits
    sandboxed: bool = False

    def inside(self, work: Path) -> Path:
        return work

    def start(self, argv: list[str], work: Path, output: int, pass_fds: tuple[int, ...]) -> Process:
        (work / "tmp").mkdir(exist_ok=True)
        return Process([sys.executable, "-I", *PYTEST, *argv], work,
                       environment(str(work / "tmp")), output, pass_fds)
