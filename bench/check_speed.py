"""How long `workshop check NAME` takes, wall clock, for every exercise.

    .venv/bin/python bench/check_speed.py              # every exercise, 3 runs each
    .venv/bin/python bench/check_speed.py first_app --runs 5

Each run is a fresh `workshop check NAME --target solutions` process, as a
learner starts it; the table shows the median of the runs. For scale it also
times the imports every check of the step pays for in a fresh interpreter
(pytest and Flask; step 08 adds Flask-SQLAlchemy), which no checker can beat.
The target (issue 4) is under 1.0 s on the 2-CPU workshop machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

from workshop.exercises import REPO, load_catalog

FLOORS = {
    "steps 01-07": "import pytest, flask",
    "step 08": "import pytest, flask, flask_sqlalchemy, sqlalchemy.orm",
}


def check_command(name: str) -> list[str]:
    return [sys.executable, "-m", "workshop", "check", name, "--target", "solutions"]


def wall(command: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          env=dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1"))
    return time.perf_counter() - started, done.returncode


def median_wall(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        seconds, code = wall(command)
        if code != 0:
            raise SystemExit(f"{' '.join(command[2:])} failed (exit {code}): run it by hand to see why")
        times.append(seconds)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="exercises to time (default: all)")
    parser.add_argument("--runs", type=int, default=3, help="runs per exercise (median shown)")
    args = parser.parse_args()
    catalog = load_catalog()
    exercises = [e for e in catalog if not args.names or e.name in args.names]
    unknown = set(args.names) - {e.name for e in catalog}
    if unknown:
        raise SystemExit(f"no exercise called {', '.join(sorted(unknown))} (`workshop list` shows them)")

    wall(check_command(exercises[0].name))  # warm the disk cache
    print(f"`workshop check NAME --target solutions`, median of {args.runs} runs, wall clock\n")
    print("| Exercise | Step | Wall | Under 1.0 s |\n|---|---|--:|---|")
    for exercise in exercises:
        seconds = median_wall(check_command(exercise.name), args.runs)
        print(f"| {exercise.name} | {exercise.step} | {seconds:.2f} s | {'yes' if seconds < 1.0 else 'no'} |",
              flush=True)
    print("\nImports alone, in a fresh interpreter (the floor of a check in a subprocess):\n")
    for label, code in FLOORS.items():
        print(f"- {label}: `{code}` {median_wall([sys.executable, '-c', code], args.runs):.2f} s")


if __name__ == "__main__":
    main()
