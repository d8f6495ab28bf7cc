"""The grader's data model: limits, one grade, one learner's grades, one pytest run's record.

Nothing here runs anything; every other module of :mod:`workshop.grading`
reads or fills these. A grade gives credit only for what the learner did: a
check that the untouched starter already passes earns nothing (see
:func:`workshop.grading.grades.grade`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..checker import Failure
from ..exercises import Exercise

#: What a cell of the gradebook can say.
STATUSES = ("pass", "partial", "fail", "timeout", "error", "missing", "untouched")


@dataclass(frozen=True)
class Limits:
    """What one submission's code may use, all its processes together."""

    timeout: float = 10.0  # seconds per exercise
    memory_mb: int = 512  # memory of the whole run (per process where no cgroup is available)
    processes: int = 64  # processes and threads running at once
    output_mb: int = 32  # largest file it may write, printed output included
    grace: float = 3.0  # the grader's own backstop, after the time limit


#: The limits `workshop grade` uses unless told otherwise.
DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Grade:
    """One learner's result on one exercise.

    ``passed`` and ``total`` count only the checks that earn credit: those
    the starter fails. A check the starter passes and this submission breaks
    counts in ``total`` (it costs), one it still passes counts nowhere.
    """

    exercise: Exercise
    status: str  # one of STATUSES
    passed: int = 0
    total: int = 0
    reason: Failure | None = None  # the first failing check, in plain words
    seconds: float = 0.0
    passed_checks: frozenset[str] = frozenset()  # pytest ids of every check that passed

    @property
    def score(self) -> float:
        """The share of the exercise's creditable checks that passed (partial credit)."""
        if self.status == "pass":
            return 1.0
        return self.passed / self.total if self.total else 0.0

    @property
    def label(self) -> str:
        """What the gradebook cell says: pass, 3/7, fail, timeout, error, missing or untouched."""
        return f"{self.passed}/{self.total}" if self.status == "partial" else self.status


@dataclass
class SubmissionGrade:
    """A learner's grades, in the catalog's order."""

    learner: str
    path: Path
    grades: list[Grade]
    note: str | None = None  # something the instructor should know about the submission

    @property
    def score(self) -> float:
        return sum(grade.score for grade in self.grades)

    @property
    def solved(self) -> int:
        return sum(grade.status == "pass" for grade in self.grades)


@dataclass
class Run:
    """What one pytest process over some exercises reported (events of workshop.grading.plugin)."""

    counts: dict[str, int] = field(default_factory=dict)
    tests: dict[str, list[dict]] = field(default_factory=dict)
    started: list[str] = field(default_factory=list)
    ended: dict[str, float] = field(default_factory=dict)
    collect_errors: dict[str, str] = field(default_factory=dict)
    returncode: int = 0
    killed: str | None = None  # "timeout" or "stalled" when the grader had to stop it
    limit_hit: str | None = None  # "memory" or "processes": a limit of the whole run was hit
    limited: dict[str, str] = field(default_factory=dict)  # exercise -> the limit hit while it ran
    dump: str = ""  # faulthandler's output: where each thread was when it stopped
    output: str = ""  # the tail of what the run printed
    touched: set[str] = field(default_factory=set)  # exercises whose files changed during the run

    @property
    def current(self) -> str | None:
        """The exercise that was running when the process ended, if one was."""
        if self.started and self.started[-1] not in self.ended:
            return self.started[-1]
        return None

    def take(self, event: dict) -> None:
        kind, name = event.get("event"), str(event.get("exercise", ""))
        if kind == "collected":
            self.counts.update({str(k): int(v) for k, v in dict(event["counts"]).items()})
        elif kind == "start":
            self.started.append(name)
        elif kind == "end":
            self.ended[name] = float(event.get("seconds", 0))
        elif kind == "test":
            self.tests.setdefault(name, []).append(event)
        elif kind == "collect_error":
            self.collect_errors[name] = str(event.get("message", ""))
