"""The grader's pytest plugin: many exercises in one pytest process, each with its own limits.

``workshop grade`` runs one pytest process per submission over the test
modules of every exercise (starting Python, pytest and Flask once instead of
once per exercise is what makes grading a class fast). This plugin, loaded
with ``-p workshop.pytest_grade`` next to ``-p workshop.pytest_report``,

* sets the resource limits of the learner's code (``--grade-memory-mb``,
  ``--grade-output-mb``, ``--grade-cpu-seconds``) before any of it runs;
* gives each exercise (one test module) ``--grade-time-limit`` seconds: past
  that, faulthandler dumps every thread's stack and ends the process, so the
  grader can say which line was running and go on with the next exercise;
* appends one JSON line per event to ``--grade-events FILE``, flushed at once,
  so the grader still knows what happened when the learner's code kills the
  process (``os._exit()``, a segfault, too much output);
* lets identical URL rules share Werkzeug's compiled URL builders
  (:func:`cache_url_builders`), a third of the time otherwise.

The events are ``collected`` (the number of checks per exercise),
``start``/``end`` of an exercise, ``test`` (one check's outcome, with the
failure in plain words from :class:`workshop.pytest_report.Reporter`) and
``collect_error``.
"""

from __future__ import annotations

import faulthandler
import functools
import json
import resource
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from .pytest_report import Reporter, check_title

MIB = 1024 * 1024


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("workshop-grade", "the workshop grader")
    group.addoption("--grade-events", default=None, metavar="FILE",
                    help="append the grading events, one JSON object a line, to FILE")
    group.addoption("--grade-time-limit", type=float, default=10.0, metavar="SECONDS",
                    help="seconds each exercise (test module) may take")
    group.addoption("--grade-memory-mb", type=int, default=0, metavar="MB",
                    help="address space limit of the whole process (0: none)")
    group.addoption("--grade-output-mb", type=int, default=0, metavar="MB",
                    help="largest file the process may write, captured output included (0: none)")
    group.addoption("--grade-cpu-seconds", type=int, default=0, metavar="SECONDS",
                    help="CPU time of the whole process, a backstop (0: none)")


def exercise_of(path: str | Path) -> str:
    """The exercise a test module checks: ``test_ex_<name>.py`` -> ``<name>``."""
    return Path(path).stem.removeprefix("test_ex_")


def _lower_limit(which: int, value: int) -> None:
    soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(which, (value, value))


def set_limits(memory_mb: int, output_mb: int, cpu_seconds: int) -> None:
    """Limit this process and whatever it starts (the learner's code runs in it)."""
    _lower_limit(resource.RLIMIT_CORE, 0)  # a crash leaves no core file behind
    if memory_mb:
        _lower_limit(resource.RLIMIT_AS, memory_mb * MIB)
    if output_mb:
        _lower_limit(resource.RLIMIT_FSIZE, output_mb * MIB)
    if cpu_seconds:
        _lower_limit(resource.RLIMIT_CPU, cpu_seconds)


def cache_url_builders() -> Callable[[], None]:
    """Share Werkzeug's compiled URL builders between apps; returns the function that undoes it.

    Every test loads a fresh app, and for each URL rule of each app Werkzeug
    builds a small function (an AST, then compile()): a third of the time a
    grading run spends. That function depends only on the rule, its variables,
    its defaults (as converted to text) and the ``append_unknown`` flag, and it
    keeps no state (it reaches the rule through its first argument), so one
    compiled function can serve every identical rule. Used only in the
    grader's test processes; if Werkzeug changes, it quietly stands aside.
    """
    try:
        from werkzeug.routing.rules import Rule
    except ImportError:
        return lambda: None
    original = Rule.__dict__.get("_compile_builder")
    if not callable(original):
        return lambda: None
    cache: dict[tuple, Callable] = {}

    @functools.wraps(original)
    def compile_builder(self, append_unknown: bool = True):  # noqa: ANN001, ANN202
        try:
            defaults = self.defaults or {}
            trace = tuple(
                (True, data, self._converters[data].to_url(defaults[data]))
                if dynamic and data in defaults else (dynamic, data)
                for dynamic, data in self._trace
            )
            key = (bool(append_unknown), self.rule, trace, tuple(str(k) for k in defaults))
            builder = cache.get(key)
        except Exception:  # noqa: BLE001 - anything unusual: let Werkzeug do its own work
            return original(self, append_unknown)
        if builder is None:
            builder = cache[key] = original(self, append_unknown)
        return builder

    Rule._compile_builder = compile_builder
    return lambda: setattr(Rule, "_compile_builder", original)


def pytest_configure(config: pytest.Config) -> None:
    events = config.getoption("grade_events")
    if not events:
        return
    set_limits(config.getoption("grade_memory_mb"), config.getoption("grade_output_mb"),
               config.getoption("grade_cpu_seconds"))
    cache_url_builders()
    config.pluginmanager.register(GradeRecorder(config, Path(events)), "workshop-grade-recorder")


class GradeRecorder:
    """Writes the events; starts and stops each exercise's clock."""

    def __init__(self, config: pytest.Config, events: Path) -> None:
        # Line-buffered: every event reaches the file before the next line of the learner's code.
        self.events = open(events, "a", encoding="utf-8", buffering=1)  # noqa: SIM115
        self.dump = open(f"{events}.dump", "w", encoding="utf-8")  # noqa: SIM115
        faulthandler.enable(file=self.dump, all_threads=True)  # segfaults: where it crashed
        self.time_limit = config.getoption("grade_time_limit")
        # Only its describe(): the same plain words as `workshop check` (never registered).
        self.describer = Reporter(config, events.with_name("unused-report.json"))
        self.current: str | None = None
        self.started = 0.0
        self.outcomes: dict[str, str] = {}
        self.failures: dict[str, dict] = {}

    def write(self, event: str, **data: object) -> None:
        self.events.write(json.dumps({"event": event, **data}) + "\n")

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed and report.nodeid.endswith(".py"):
            self.write("collect_error", exercise=exercise_of(report.nodeid),
                       message=str(report.longrepr)[-2000:])

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
            self.failures[item.nodeid] = {
                "test": item.nodeid, "check": check_title(item), "when": call.when,
                **self.describer.describe(call.excinfo.value),
            }
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
        self.dump.close()
