"""The grader's pytest plugin: many exercises in one pytest process, each with its own time limit.

``workshop grade`` runs one pytest process per submission (in its sandbox)
over the test modules of every exercise: starting Python, pytest and Flask
once instead of once per exercise is what makes grading a class fast. This
plugin, loaded with ``-p workshop.grading.plugin`` next to
``-p workshop.pytest_report``,

* sets the per-process limits of the learner's code (``--grade-memory-mb``,
  ``--grade-output-mb``, ``--grade-cpu-seconds``, ``--grade-processes``)
  before any of it runs;
* gives each exercise (one test module) ``--grade-time-limit`` seconds: past
  that, faulthandler dumps every thread's stack and ends the process, so the
  grader can say which line was running and go on with the next exercise;
* writes one JSON line per event to the file descriptor ``--grade-events-fd``,
  at once, so the grader still knows what happened when the learner's code
  kills the process (``os._exit()``, a segfault, too much output).

The events are ``collected`` (the number of checks per exercise),
``start``/``end`` of an exercise, ``test`` (one check's outcome, with the
failure in plain words from :class:`workshop.pytest_report.Reporter`) and
``collect_error``.
"""

from __future__ import annotations

import faulthandler
import json
import os
import resource
import time
from collections import Counter
from pathlib import Path

import pytest

from ..pytest_report import Reporter, check_title

MIB = 1024 * 1024

#: How much of a message or a line of code an event carries.
MESSAGE_CHARS, SOURCE_CHARS = 2000, 200


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("workshop-grade", "the workshop grader")
    group.addoption("--grade-events-fd", type=int, default=None, metavar="FD",
                    help="write the grading events, one JSON object a line, to this open file descriptor")
    group.addoption("--grade-dump-fd", type=int, default=None, metavar="FD",
                    help="where faulthandler writes the stacks when a time limit or a crash ends the run")
    group.addoption("--grade-time-limit", type=float, default=10.0, metavar="SECONDS",
                    help="seconds each exercise (test module) may take")
    group.addoption("--grade-memory-mb", type=int, default=0, metavar="MB",
                    help="address space limit of each process (0: none)")
    group.addoption("--grade-output-mb", type=int, default=0, metavar="MB",
                    help="largest file a process may write, captured output included (0: none)")
    group.addoption("--grade-cpu-seconds", type=int, default=0, metavar="SECONDS",
                    help="CPU time of each process, a backstop (0: none)")
    group.addoption("--grade-processes", type=int, default=0, metavar="N",
                    help="processes the run may have at once (RLIMIT_NPROC; 0: no limit)")


def exercise_of(path: str | Path) -> str:
    """The exercise a test module checks: ``test_ex_<name>.py`` -> ``<name>``."""
    return Path(path).stem.removeprefix("test_ex_")


def _lower_limit(which: int, value: int) -> None:
    soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(which, (value, value))


def set_limits(memory_mb: int, output_mb: int, cpu_seconds: int, processes: int = 0) -> None:
    """Limit this process and whatever it starts (the learner's code runs in it)."""
    _lower_limit(resource.RLIMIT_CORE, 0)  # a crash leaves no core file behind
    if memory_mb:
        _lower_limit(resource.RLIMIT_AS, memory_mb * MIB)
    if output_mb:
        _lower_limit(resource.RLIMIT_FSIZE, output_mb * MIB)
    if cpu_seconds:
        _lower_limit(resource.RLIMIT_CPU, cpu_seconds)
    if processes:
        _lower_limit(resource.RLIMIT_NPROC, processes)


def pytest_configure(config: pytest.Config) -> None:
    events = config.getoption("grade_events_fd")
    if events is None:
        return
    set_limits(config.getoption("grade_memory_mb"), config.getoption("grade_output_mb"),
               config.getoption("grade_cpu_seconds"), config.getoption("grade_processes"))
    config.pluginmanager.register(GradeRecorder(config, events, config.getoption("grade_dump_fd")),
                                  "workshop-grade-recorder")


class GradeRecorder:
    """Writes the events; starts and stops each exercise's clock."""

    def __init__(self, config: pytest.Config, events: int, dump: int | None) -> None:
        # Line-buffered: every event is written before the next line of the learner's code runs.
        self.events = open(events, "w", encoding="utf-8", buffering=1, closefd=True)  # noqa: SIM115
        self.dump = open(dump, "w", encoding="utf-8", closefd=True) if dump is not None else None  # noqa: SIM115
        if self.dump is not None:
            faulthandler.enable(file=self.dump, all_threads=True)  # segfaults: where it crashed
        self.time_limit = config.getoption("grade_time_limit")
        # Only its describe(): the same plain words as `workshop check` (never registered).
        self.describer = Reporter(config, Path(os.devnull))
        self.current: str | None = None
        self.started = 0.0
        self.outcomes: dict[str, str] = {}
        self.failures: dict[str, dict] = {}

    def write(self, event: str, **data: object) -> None:
        self.events.write(json.dumps({"event": event, **data}) + "\n")

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed and report.nodeid.endswith(".py"):
            self.write("collect_error", exercise=exercise_of(report.nodeid),
                       message=str(report.longrepr)[-MESSAGE_CHARS:])

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        counts = Counter(exercise_of(item.path) for item in session.items)
        self.write("collected", counts=dict(counts))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None):
        name = exercise_of(item.path)
        if name != self.current:
            self.current, self.started = name, time.monotonic()
            self.write("start", exercise=name)
        remaining = self.time_limit - (time.monotonic() - self.started)
        if self.dump is not None:
            faulthandler.dump_traceback_later(max(remaining, 0.01), exit=True, file=self.dump)
        try:
            return (yield)
        finally:
            if nextitem is None or exercise_of(nextitem.path) != name:
                faulthandler.cancel_dump_traceback_later()
                self.write("end", exercise=name, seconds=round(time.monotonic() - self.started, 3))
                self.current = None

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(self, fixturedef: pytest.FixtureDef, request: pytest.FixtureRequest):
        try:
            return (yield)
        except BaseException as error:
            # sys.exit() in the learner's module, loaded by the app fixture: pytest records
            # only Exceptions as a fixture's result, and without a record it never finalizes
            # the fixture, so every later test in the process would fail inside pytest. Record it.
            if fixturedef.cached_result is None and not isinstance(error, (Exception, KeyboardInterrupt)):
                fixturedef.cached_result = (None, fixturedef.cache_key(request),
                                            (error, error.__traceback__))
            raise

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        report = yield
        if report.failed and call.excinfo is not None and item.nodeid not in self.failures:
            described = self.describer.describe(call.excinfo.value)
            described["message"] = str(described.get("message") or "")[:MESSAGE_CHARS]
            if described.get("source"):
                described["source"] = str(described["source"])[:SOURCE_CHARS]
            self.failures[item.nodeid] = {"test": item.nodeid, "check": check_title(item),
                                          "when": call.when, **described}
        return report

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        nodeid = report.nodeid
        if report.when == "setup":
            self.outcomes[nodeid] = "error" if report.failed else (
                "skipped" if report.skipped else "passed")
        elif report.when == "call" and self.outcomes.get(nodeid) == "passed":
            self.outcomes[nodeid] = "failed" if report.failed else (
                "skipped" if report.skipped else "passed")
        elif report.when == "teardown":
            outcome = self.outcomes.pop(nodeid, "error")
            if report.failed and outcome == "passed":
                outcome = "error"
            self.write("test", exercise=exercise_of(report.fspath), test=nodeid, outcome=outcome,
                       failure=self.failures.pop(nodeid, None))

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        faulthandler.cancel_dump_traceback_later()
        faulthandler.disable()
        self.events.close()
        if self.dump is not None:
            self.dump.close()
