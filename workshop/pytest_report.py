"""A small pytest plugin the checker loads: a JSON result in plain words, and a time limit.

``workshop check`` runs pytest in a subprocess with ``-p workshop.pytest_report``.
This plugin then

* adds ``--exercise-tree PATH`` (check a copy of exercises/ anywhere on disk:
  the grader's submissions, the tool's own tests), read by tests/exercises/conftest.py;
* writes ``--workshop-report FILE``: counts, and for each failing check its title,
  the assertion's message (the tests write them as sentences for the learner)
  or the learner's exception, with the file and line in the learner's code;
* with ``--workshop-time-limit SECONDS``, dumps every thread's stack to
  ``FILE.timeout`` and exits when loading the tests, or any one test, takes
  longer (a loop that never ends), so the checker can say which line was running.
"""

from __future__ import annotations

import faulthandler
import json
import re
import traceback
from pathlib import Path

import pytest

#: Characters of a failure's message kept in the report.
MESSAGE_KEPT = 2000


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("workshop", "the workshop checker")
    group.addoption("--exercise-tree", default=None, metavar="PATH",
                    help="check exercises in this folder instead of the --target tree")
    group.addoption("--workshop-report", default=None, metavar="FILE",
                    help="write the result as JSON to FILE")
    group.addoption("--workshop-time-limit", type=float, default=0, metavar="SECONDS",
                    help="stop after SECONDS, dumping the stack to FILE.timeout")


def pytest_configure(config: pytest.Config) -> None:
    report = config.getoption("workshop_report")
    if report:
        config.pluginmanager.register(Reporter(config, Path(report)), "workshop-reporter")


def check_title(item: pytest.Item) -> str:
    """What a test checks, in words: its docstring's first line, else its name."""
    function = getattr(item, "function", None)
    doc = (getattr(function, "__doc__", None) or "").strip()
    if doc:
        return doc.splitlines()[0]
    name = getattr(item, "originalname", None) or item.name
    text = name.removeprefix("test_").replace("_", " ")
    params = getattr(getattr(item, "callspec", None), "id", None)
    return f"{text} [{params}]" if params else text


class Reporter:
    def __init__(self, config: pytest.Config, path: Path) -> None:
        self.path = path
        tree = config.getoption("exercise_tree") or config.getoption("target", "exercises")
        self.tree = Path(tree) if config.getoption("exercise_tree") else Path(config.rootpath, tree)
        self.tree = self.tree.resolve()
        self.counts = {"passed": 0, "failed": 0, "errors": 0}
        self.failures: list[dict] = []
        self.timeout_file = None
        self.limit = config.getoption("workshop_time_limit")
        if self.limit:
            self.timeout_file = open(f"{path}.timeout", "w")  # noqa: SIM115 - faulthandler keeps it
            self._arm()

    def _arm(self) -> None:
        """(Re)start the clock: loading the tests, then each test, gets the time limit."""
        if self.timeout_file is not None:
            faulthandler.dump_traceback_later(self.limit, exit=True, file=self.timeout_file)

    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self._arm()

    # Where in the learner's code did it happen? The innermost frame inside the tree.
    def _learner_frame(self, error: BaseException) -> traceback.FrameSummary | None:
        frames = traceback.extract_tb(error.__traceback__)
        for frame in reversed(frames):
            try:
                Path(frame.filename).resolve().relative_to(self.tree)
            except ValueError:
                continue
            return frame
        return None

    def describe(self, error: BaseException) -> dict:
        """The plain-words description of *error*: message, kind, location, source line."""
        filename = getattr(error, "filename", None)
        lineno = getattr(error, "lineno", None)
        if isinstance(error, SyntaxError) or (
            type(error).__name__ == "TemplateSyntaxError" and filename and lineno
        ):
            text = getattr(error, "msg", None) or getattr(error, "message", None) or str(error)
            source = (getattr(error, "text", None) or "").strip() or None
            if source is None and filename:
                source = _line_of(filename, lineno)
            return {"kind": "syntax", "message": f"{type(error).__name__}: {text}",
                    "file": filename, "line": lineno, "source": source}
        frame = self._learner_frame(error)
        where = {"file": frame.filename, "line": frame.lineno, "source": (frame.line or "").strip()
                 } if frame else {"file": None, "line": None, "source": None}
        if isinstance(error, AssertionError):
            # pytest's rewritten message is "our sentence\nassert <details>": keep the sentence.
            text = str(error).split("\nassert ", 1)[0].strip()
            if text.startswith("assert "):
                text = "this check failed: " + text.splitlines()[0]
            return {"kind": "assertion", "message": text or "this check failed", **where}
        detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
        if isinstance(error, ImportError):
            # "cannot import name 'Flsk' from 'flask' (/long/path/to/flask/__init__.py)"
            detail = re.sub(r" \([^()]*\)$", "", detail)
        message = f"{type(error).__name__}: {detail}" if detail else type(error).__name__
        return {"kind": "exception", "message": message, **where}

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        report = yield
        if report.failed and call.excinfo is not None:
            described = self.describe(call.excinfo.value)
            # A message can hold whatever the learner's code made (a 500 MB string): keep its start.
            if len(described["message"]) > MESSAGE_KEPT:
                described["message"] = described["message"][:MESSAGE_KEPT] + " [...]"
            self.failures.append({"test": item.nodeid, "check": check_title(item),
                                  "when": call.when, **described})
        return report

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" and report.passed:
            self.counts["passed"] += 1
        elif report.failed:
            self.counts["failed" if report.when == "call" else "errors"] += 1

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.counts["errors"] += 1
            self.failures.append({"test": report.nodeid, "check": "loading the tests",
                                  "when": "collect", "kind": "error",
                                  "message": str(report.longrepr)[-2000:],
                                  "file": None, "line": None, "source": None})

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        faulthandler.cancel_dump_traceback_later()
        data = {"exitstatus": int(exitstatus), **self.counts, "failures": self.failures}
        self.path.write_text(json.dumps(data, indent=2), encoding="utf-8")
        if self.timeout_file is not None:
            self.timeout_file.close()


def _line_of(filename: str, lineno: int | None) -> str | None:
    try:
        return Path(filename).read_text(encoding="utf-8").splitlines()[lineno - 1].strip()
    except (OSError, IndexError, TypeError, UnicodeDecodeError):
        return None
