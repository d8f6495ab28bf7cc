"""How long `workshop grade` takes for a class: 30 submissions x every exercise.

    .venv/bin/python bench/grade.py                   # 30 submissions, all CPUs, sandboxed
    .venv/bin/python bench/grade.py -n 10 --jobs 1
    .venv/bin/python bench/grade.py --no-sandbox      # the same without bubblewrap: the sandbox's cost

The submissions are generated in a temporary folder from this repository:
a third are the solutions (as a copy of the whole repository), a third the
untouched starters (as a copy of exercises/ only), and a third a mix (the
first k exercises solved, the rest not). The goal is under 60 s on a 2-core
machine. Prints the figure and checks that every solved exercise passed and
every starter did not, so a fast but wrong grader does not look good.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from workshop.exercises import REPO, load_catalog
from workshop.grading.model import Limits
from workshop.grading.runner import grade_all

GOAL_SECONDS = 60.0


def make_submissions(root: Path, count: int, catalog: list) -> dict[str, set[str]]:
    """Write *count* submissions under *root*; returns, per learner, the exercises solved."""
    solved: dict[str, set[str]] = {}
    for index in range(count):
        learner = f"learner{index + 1:02d}"
        kind = index % 3
        if kind == 0:  # a copy of the repository, everything solved
            tree = root / learner / "exercises"
            done = {e.name for e in catalog}
        elif kind == 1:  # a copy of exercises/ as handed out
            tree = root / learner
            done = set()
        else:  # got part of the way
            tree = root / learner / "exercises"
            done = {e.name for e in catalog[: (index * 7) % (len(catalog) + 1)]}
        for exercise in catalog:
            source = REPO / ("solutions" if exercise.name in done else "exercises")
            shutil.copytree(exercise.path(source), exercise.path(tree),
                            ignore=shutil.ignore_patterns("__pycache__", "instance"))
        solved[learner] = done
    return solved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--submissions", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=None, help="default: the number of CPUs")
    parser.add_argument("--timeout", type=float, default=Limits.timeout)
    parser.add_argument("--no-sandbox", action="store_true", help="grade without bubblewrap")
    args = parser.parse_args()

    # Every exercise with a starter and a solution (one being written has only one of them).
    catalog = [e for e in load_catalog()
               if e.path(REPO / "exercises").is_dir() and e.path(REPO / "solutions").is_dir()]
    with tempfile.TemporaryDirectory(prefix="grade-bench-") as folder:
        root = Path(folder)
        solved = make_submissions(root, args.submissions, catalog)
        paths = [root / learner for learner in solved]
        started = time.perf_counter()
        graded = grade_all(paths, catalog, Limits(timeout=args.timeout), args.jobs,
                           sandbox=not args.no_sandbox)
        seconds = time.perf_counter() - started

    wrong = [
        f"{s.learner} {g.exercise.name}: {g.label}"
        for s in graded for g in s.grades
        if (g.status == "pass") != (g.exercise.name in solved[s.learner])
    ]
    jobs = args.jobs or os.cpu_count()
    print(f"{len(graded)} submissions x {len(catalog)} exercises "
          f"({len(graded) * len(catalog)} exercise runs) graded in {seconds:.1f} s "
          f"with --jobs {jobs} on {os.cpu_count()} CPUs, {'without' if args.no_sandbox else 'in'} "
          f"the sandbox (goal: under {GOAL_SECONDS:.0f} s).")
    if wrong:
        print("Graded wrongly (a solution that did not pass, or a starter that did):")
        print("\n".join(f"  {line}" for line in wrong))
    return 1 if wrong or seconds >= GOAL_SECONDS else 0


if __name__ == "__main__":
    sys.exit(main())
