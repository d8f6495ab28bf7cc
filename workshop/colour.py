"""When the tool colours its output: one rule for every command.

Colour is on at a terminal and off in a pipe (click's own rule), and off when
the ``NO_COLOR`` environment variable is set to anything but the empty string
(https://no-color.org: for screen readers, logs and taste) or when the user says
``--no-color``; ``--color`` turns it on even in a pipe.

Commands colour their text with ``click.style`` and print it with ``click.echo``,
which drops the colour when the current click context says ``color=False``. So
the rule is applied once, to the context: :func:`option` on the ``workshop``
group (``workshop --no-color …``, and ``NO_COLOR``) and on each command that
colours (``workshop check --no-color``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

import click

ENV = "NO_COLOR"


def wanted(flag: bool | None = None, environ: Mapping[str, str] | None = None) -> bool | None:
    """True or False when decided (by *flag*, else by ``NO_COLOR``); None lets click
    decide by the terminal."""
    if flag is not None:
        return flag
    if (os.environ if environ is None else environ).get(ENV):
        return False
    return None


def _apply(ctx: click.Context, _param: click.Parameter, flag: bool | None) -> None:
    decided = wanted(flag)
    if decided is not None:  # undecided: keep what the parent command decided
        ctx.color = decided


def option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--color/--no-color`` on a click command or group, ``NO_COLOR`` as its default."""
    return click.option(
        "--color/--no-color", default=None, expose_value=False, is_eager=True, callback=_apply,
        help=f"Colour the output (default: on a terminal, unless {ENV} is set).",
    )(f)
