"""What each run starts (``python -m workshop.grading.pytest_main ARGS``): pytest, then a quick exit.

The same as ``python -m pytest ARGS``, except at the end: once pytest has
returned, everything the grader reads is written (the events and the dump are
closed by :mod:`workshop.grading.plugin`, the output is flushed here), so the
process ends at once, with pytest's exit status, without Python's own teardown
(unloading every module, the atexit handlers and threads the learner's code
left behind). That teardown cost a sixth of a run's CPU time.
"""

from __future__ import annotations

import os
import sys

import pytest


def main() -> None:
    code = int(pytest.main())
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # the output past its size limit: Python would exit with 120
            code = code or 120
    os._exit(code)


if __name__ == "__main__":
    main()
