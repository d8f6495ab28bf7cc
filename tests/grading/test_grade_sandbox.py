"""The sandbox: one row per hostile submission of issue 15, each graded for real and the damage shown absent.

Each submission is built here from first_app's solution with a few lines
added (or its files replaced); the grading runs in a real bubblewrap sandbox.
What each test proves is what an instructor would see: no file written
outside, no process left running, the next submission (and the next grading)
graded correctly, nothing from outside the submission in the report.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from workshop.exercises import REPO, TESTS
from workshop.grading import report, sandbox
from workshop.grading.model import Limits

from ..servers import sigint_as_from_a_terminal
from .conftest import FIRST_APP_LOOP_LIMITS, NEIGHBOUR, VICTIM, needs_sandbox

pytestmark = needs_sandbox

APP = "exercises/01_hello_world/first_app/app.py"
SOLVED = (REPO / "solutions/01_hello_world/first_app/app.py").read_text(encoding="utf-8")
STARTER = (REPO / "exercises/01_hello_world/first_app/app.py").read_text(encoding="utf-8")


def code(text: str) -> str:
    return textwrap.dedent(text).lstrip()


def marker() -> str:
    return f"workshop-sandbox-test-{os.getpid()}-{time.monotonic_ns()}"


def processes_with(text: str) -> list[int]:
    """PIDs whose command line holds *text* (killed at once, so a failing test leaves none)."""
    found = [int(pid) for pid in subprocess.run(["pgrep", "-f", text], capture_output=True,
                                                text=True).stdout.split()]
    for pid in found:
        os.kill(pid, signal.SIGKILL)
    return found


def test_a_daemon_cannot_outlive_the_grader_and_edit_the_gradebook(make_submission, grade, tmp_path):
    tag = marker()
    gradebook = tmp_path / "grades.csv"
    gradebook.write_text("learner,first_app\nmallory,fail\n")
    # Double fork + setsid, wait for the grader to finish, then write "pass" into its gradebook.
    app = code(f"""
        import os, time
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                os.execvp("python3", ["python3", "-c",
                    "import time; time.sleep(1.5); open({str(gradebook)!r}, 'w').write('mallory,pass')",
                    "{tag}"])
            os._exit(0)
        """) + SOLVED
    (graded,) = grade([make_submission("mallory", files={APP: app})])

    assert graded.grades[0].status == "pass"
    assert processes_with(tag) == [], "the learner's daemon outlived its run"
    time.sleep(2)
    assert gradebook.read_text() == "learner,first_app\nmallory,fail\n"


def test_tests_are_read_only_and_fresh_for_each_submission(make_submission, grade):
    # Appends a failing autouse fixture to the tests' conftest, wherever it can find one.
    app = code("""
        from pathlib import Path
        for conftest in [*Path("/grade").rglob("conftest.py"), *Path.cwd().rglob("conftest.py")]:
            try:
                with open(conftest, "a") as file:
                    file.write("\\nimport pytest\\n@pytest.fixture(autouse=True)\\ndef _f():\\n    assert False\\n")
            except OSError:
                pass
        """) + SOLVED
    vandal = make_submission("a-vandal", files={APP: app})
    honest = make_submission("b-honest")

    graded = grade([vandal, honest], jobs=1)

    assert [g.status for g in graded[0].grades] == ["pass", "pass"]
    assert [g.status for g in graded[1].grades] == ["pass", "pass"], "the next submission suffered"


def test_the_instructors_tests_cannot_be_changed(make_submission, grade, fingerprint):
    ours = fingerprint(TESTS)
    # Overwrites the instructor's test of first_app so that anything passes (this very test file).
    app = code("""
        from workshop.exercises import TESTS
        try:
            (TESTS / "test_ex_first_app.py").write_text("def test_anything():\\n    pass\\n")
        except OSError as error:
            print("refused:", error)
        """) + SOLVED
    grade([make_submission("mallory", files={APP: app})])

    assert fingerprint(TESTS) == ours
    # The next grading run: a loop and the starter (a comment added) are graded as they deserve.
    loop = make_submission("loop", files={APP: "while True:\n    pass\n"})
    lazy = make_submission("lazy", source="exercises", files={APP: STARTER + "# done?\n"})
    graded = grade([loop, lazy], exercises=(VICTIM,), limits=FIRST_APP_LOOP_LIMITS)
    assert [s.grades[0].status for s in graded] == ["timeout", "fail"]


def test_nothing_outside_its_own_copy_is_written(make_submission, grade, fingerprint, tmp_path):
    pwned = Path("/tmp") / f"PWNED-{marker()}"
    # Writes /tmp/PWNED, then a file into every folder named on a command line it can see in /proc.
    app = code(f"""
        import os
        from pathlib import Path
        Path({str(pwned)!r}).write_text("pwned")
        for cmdline in Path("/proc").glob("*/cmdline"):
            try:
                words = cmdline.read_bytes().split(b"\\0")
            except OSError:
                continue
            for word in words:
                if word.startswith(b"/") and os.path.isdir(word):
                    try:
                        (Path(os.fsdecode(word)) / "PWNED").write_text("pwned")
                    except OSError:
                        pass
        """) + SOLVED
    mallory = make_submission("mallory", files={APP: app})
    victim = make_submission("victim")
    before = {path: fingerprint(path) for path in (mallory, victim)}

    # As an instructor runs it: both folders on the grader's own command line.
    result = subprocess.run([sys.executable, "-m", "workshop", "grade", str(mallory), str(victim),
                             "-e", VICTIM, "-e", NEIGHBOUR, "--timeout", "10"],
                            capture_output=True, text=True, timeout=300)

    assert result.returncode == 0, result.stderr
    assert not pwned.exists()
    assert {path: fingerprint(path) for path in (mallory, victim)} == before
    assert not list(tmp_path.rglob("PWNED"))
    rows = {line.split()[0]: line.split()[1:3] for line in result.stdout.splitlines() if line.strip()}
    assert rows["mallory"] == rows["victim"] == ["pass", "pass"]


@pytest.mark.parametrize("kind", ["named pipe", "link to /dev/zero"])
def test_a_pipe_or_a_link_to_a_device_is_refused_at_once(make_submission, grade, kind):
    submission = make_submission("mallory")
    app = submission / APP
    app.unlink()
    if kind == "named pipe":
        os.mkfifo(app)
    else:
        app.symlink_to("/dev/zero")
    started = time.monotonic()

    (graded,) = grade([submission])

    first_app, neighbour = graded.grades
    assert first_app.status == "error"
    words = "is not a regular file" if kind == "named pipe" else "is a symbolic link"
    assert f"{APP} {words}" in first_app.reason.message
    assert neighbour.status == "pass"
    assert time.monotonic() - started < 30


def test_links_out_of_the_submission_are_refused_and_never_read(make_submission, grade, catalog):
    passwd_line = Path("/etc/passwd").read_text().splitlines()[0]
    reader = make_submission("reader")
    (reader / APP).unlink()
    (reader / APP).symlink_to("/etc/passwd")
    # The exercise folder itself a link to the instructor's solution.
    copier = make_submission("copier", exercises=(NEIGHBOUR,))
    (copier / "exercises/01_hello_world").mkdir(parents=True, exist_ok=True)
    (copier / "exercises/01_hello_world/first_app").symlink_to(REPO / "solutions/01_hello_world/first_app")

    graded = grade([reader, copier])
    page = report.html(graded, [e for e in catalog if e.name in (VICTIM, NEIGHBOUR)])

    assert graded[0].grades[0].status == "error"
    assert "is a symbolic link" in graded[0].grades[0].reason.message
    assert graded[1].grades[0].status == "error"
    assert "exercises/01_hello_world/first_app is a symbolic link" in graded[1].grades[0].reason.message
    assert passwd_line not in page


@pytest.mark.skipif(sandbox.cgroup_kind() is None,
                    reason="no cgroup the grader may create here: memory is limited per process only")
def test_memory_is_limited_for_all_the_processes_together(make_submission, grade):
    # Six children of 200 MB each under a 512 MB limit: 1.2 GB if the limit were per process.
    # The parent ends its run as soon as one child is killed: with no such limit, none is, and
    # the run lasts until the time limit (a timeout, not the memory error).
    app = code("""
        import os, subprocess, sys
        hog = "b = bytearray(200 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096]); import time; time.sleep(30)"
        children = [subprocess.Popen([sys.executable, "-c", hog]) for _ in range(6)]
        os.wait()
        os._exit(1)
        """) + SOLVED

    (graded,) = grade([make_submission("hog", files={APP: app})],
                      limits=Limits(timeout=8, memory_mb=512, grace=1))

    first_app, neighbour = graded.grades
    assert first_app.status == "error", first_app
    assert "more than 512 MB of memory (all its processes together)" in first_app.reason.message
    assert neighbour.status == "pass"


@pytest.mark.parametrize("cgroup", [True, False], ids=["cgroup", "without a cgroup"])
def test_the_number_of_processes_is_limited(make_submission, grade, monkeypatch, cgroup):
    if cgroup and sandbox.cgroup_kind() is None:
        pytest.skip("no cgroup the grader may create on this machine")
    if not cgroup:
        # RLIMIT_NPROC; as root, under a user id of the run's own (setpriv, util-linux).
        monkeypatch.setattr(sandbox, "cgroup_kind", lambda: None)
    # Processes that only wait: a process is a process, and `sleep` starts in a millisecond.
    app = code("""
        import subprocess
        children = []
        for _ in range(200):
            children.append(subprocess.Popen(["sleep", "30"]))
        """) + SOLVED

    (graded,) = grade([make_submission("forker", files={APP: app})],
                      limits=Limits(timeout=8, processes=32, grace=1))

    first_app = graded.grades[0]
    assert first_app.status == "error", first_app
    assert "32" in first_app.reason.message and "process" in first_app.reason.message


def test_a_huge_file_is_refused_without_being_copied(make_submission, grade):
    submission = make_submission("hoarder")
    upload = submission / "exercises/01_hello_world/first_app/instance/uploads/big.bin"
    upload.parent.mkdir(parents=True)
    with open(upload, "wb") as file:
        file.truncate(1024 * 1024 * 1024)  # 1 GB, sparse: nothing written to disk

    (graded,) = grade([submission])

    assert graded.grades[0].status == "error"
    assert "instance/uploads/big.bin is 1024 MB; the grader copies files up to 5 MB" in \
        graded.grades[0].reason.message
    assert graded.grades[1].status == "pass"


def send_to_a_worker_thread(pid: int, number: int) -> None:
    """*number* to a thread of *pid* other than its main one, as the kernel may deliver a Ctrl-C."""
    workers = [int(tid) for tid in os.listdir(f"/proc/{pid}/task") if int(tid) != pid]
    assert workers, "the grader runs no worker thread"
    tgkill = ctypes.CDLL(None, use_errno=True).tgkill
    if tgkill(pid, workers[0], number) != 0:
        raise OSError(ctypes.get_errno(), "tgkill failed")


# SIGTERM as `kill` sends it, to the process; Ctrl-C to a worker thread, where the kernel may put a
# signal meant for the process: only the main thread runs the handler, and it must still wake up.
@pytest.mark.parametrize(("stop", "status", "words", "to_a_thread"), [
    (signal.SIGTERM, 143, "SIGTERM", False), (signal.SIGINT, 130, "Ctrl-C", True)])
def test_sigterm_and_ctrl_c_stop_every_run_and_remove_the_copies(make_submission, tmp_path,
                                                                 stop, status, words, to_a_thread):
    tag = marker()
    app = code(f"""
        import subprocess, sys, time
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)", "{tag}"])
        while True:
            time.sleep(1)
        """)
    submission = make_submission("sleeper", files={APP: app})
    parent = Path("/dev/shm") if os.access("/dev/shm", os.W_OK) else Path(os.environ.get("TMPDIR", "/tmp"))
    grader = subprocess.Popen([sys.executable, "-m", "workshop", "grade", str(submission), "-e", VICTIM,
                               "--timeout", "60"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, preexec_fn=sigint_as_from_a_terminal)
    try:
        scratch = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (scratch and processes_with_no_kill(tag)):
            scratch = list(parent.glob(f"workshop-grade-{grader.pid}-*"))
            time.sleep(0.1)
        assert scratch, "the grader never made its temporary folder"
        if to_a_thread:
            send_to_a_worker_thread(grader.pid, stop)
        else:
            grader.send_signal(stop)
        out, err = grader.communicate(timeout=30)
    finally:
        grader.kill()
    assert grader.returncode == status, err
    assert f"Grading stopped ({words})" in err
    assert "Traceback" not in err
    assert not any(path.exists() for path in scratch)
    assert processes_with(tag) == []


def processes_with_no_kill(text: str) -> bool:
    return bool(subprocess.run(["pgrep", "-f", text], capture_output=True, text=True).stdout.split())


def test_without_the_sandbox_grades_are_the_same_and_say_so(make_submission, grade, catalog, tmp_path):
    from click.testing import CliRunner

    from workshop.cli import main

    submission = make_submission("oscar", files={APP: "import os\nos._exit(3)\n"})
    page = tmp_path / "grades.html"

    result = CliRunner().invoke(main, ["grade", str(submission), "-e", VICTIM, "-e", NEIGHBOUR,
                                       "--no-sandbox", "--timeout", "5", "--html", str(page)])

    assert result.exit_code == 0, result.output
    assert "warning: graded WITHOUT a sandbox (--no-sandbox)" in result.stderr
    row = next(line.split() for line in result.stdout.splitlines() if line.startswith("oscar"))
    assert row[1:3] == ["error", "pass"]
    assert "Warning: graded WITHOUT a sandbox" in page.read_text(encoding="utf-8")


def test_where_bubblewrap_is_missing_the_grader_says_how_to_install_it(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from workshop.cli import main

    monkeypatch.setenv("PATH", str(tmp_path))  # no bwrap on this PATH
    sandbox.problem.cache_clear()
    try:
        result = CliRunner().invoke(main, ["grade", str(tmp_path), "-e", VICTIM])
    finally:
        sandbox.problem.cache_clear()

    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "apt-get install bubblewrap" in lines[0] and "--no-sandbox" in lines[0]


def test_doctor_says_whether_the_sandbox_works(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from workshop.cli import main

    works = CliRunner().invoke(main, ["doctor", "--instructor"])
    assert "✓ bubblewrap sandbox works" in works.output

    monkeypatch.setenv("PATH", str(tmp_path))
    sandbox.problem.cache_clear()
    try:
        broken = CliRunner().invoke(main, ["doctor", "--instructor"])
    finally:
        sandbox.problem.cache_clear()
    assert "✗ workshop grade cannot sandbox the learners' code on this machine" in broken.output
    assert "apt-get install bubblewrap" in broken.output
    assert broken.exit_code == 1


def test_the_report_carries_only_the_runs_own_output_cut_to_size(make_submission, grade):
    app = code("""
        raise RuntimeError("x" * 100_000)
        """)
    (graded,) = grade([make_submission("shouter", files={APP: app})])

    reason = graded.grades[0].reason
    assert graded.grades[0].status == "error"
    assert reason.message.startswith("RuntimeError: xxx")
    assert len(reason.message) <= 2000


def test_without_a_cgroup_the_sandbox_still_limits_each_process(make_submission, grade, monkeypatch):
    # Where the grader may create no cgroup: per-process limits, and still the sandbox.
    monkeypatch.setattr(sandbox, "cgroup_kind", lambda: None)
    hog = code("""
        hog = []
        while True:
            hog.append(bytearray(64 * 1024 * 1024))
        """)
    tag = marker()
    spawner = code(f"""
        import subprocess, sys
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)", "{tag}"])
        """) + SOLVED

    graded = grade([make_submission("hog", files={APP: hog}), make_submission("spawner", files={APP: spawner})])

    assert graded[0].grades[0].status == "error" and "MemoryError" in graded[0].grades[0].reason.message
    assert [g.status for g in graded[1].grades] == ["pass", "pass"]
    assert processes_with(tag) == []


def test_forged_events_cannot_put_megabytes_into_the_report(make_submission, grade):
    # The learner's code finds the grader's events descriptor and writes a failure of its own.
    app = code("""
        import json, os
        for fd in os.listdir("/proc/self/fd"):
            try:
                os.write(int(fd), (json.dumps({"event": "test", "exercise": "first_app", "test": "x",
                    "outcome": "failed", "failure": {"check": "c" * 10**6, "message": "m" * 10**6,
                    "kind": "assertion", "source": "s" * 10**6}}) + "\\n").encode())
            except OSError:
                pass
        """) + SOLVED
    (graded,) = grade([make_submission("forger", files={APP: app})])

    reason = graded.grades[0].reason
    assert reason is not None
    assert len(reason.check) <= 200 and len(reason.message) <= 2000 and len(reason.source or "") <= 200
