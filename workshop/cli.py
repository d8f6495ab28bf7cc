"""The ``workshop`` command: run steps, diff them, serve the workshop.

Each subcommand lives in a small module of its own; this file only wires
them into one ``click`` group.
"""

from __future__ import annotations

import subprocess
import sys

import click

from . import diff as step_diff
from .loader import REPO, StepNotFound, find_step, flask_app_arg, step_dirs


class FriendlyGroup(click.Group):
    """A group whose errors about steps read as advice, not as tracebacks."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except StepNotFound as error:
            raise click.UsageError(str(error)) from None


@click.group(cls=FriendlyGroup, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """The Flask workshop's tool.

    Steps are named by number (03) or by folder (03_methods).
    """


@main.command()
@click.argument("step")
@click.option("--port", default=5000, show_default=True, help="Port to listen on (try 5001 on macOS).")
@click.option("--tree", type=click.Choice(["steps", "exercises", "solutions"]), default="steps",
              show_default=True, help="Which tree the step comes from.")
def run(step: str, port: int, tree: str) -> None:
    """Start STEP's app on the development server (debug mode, reloader on).

    The same as `flask --app steps/NN_topic/app run --debug --port PORT`.
    """
    command = [sys.executable, "-m", "flask", "--app", flask_app_arg(find_step(step, tree)),
               "run", "--debug", "--port", str(port)]
    click.secho("$ " + " ".join(["flask"] + command[3:]), fg="cyan", err=True)
    try:
        raise SystemExit(subprocess.call(command, cwd=REPO))
    except KeyboardInterrupt:
        raise SystemExit(0) from None


@main.command()
@click.argument("old")
@click.argument("new")
@click.option("--tree", type=click.Choice(["steps", "exercises", "solutions"]), default="steps",
              show_default=True)
@click.option("--color/--no-color", default=None, help="Colour the diff (default: on a terminal).")
def diff(old: str, new: str, tree: str, color: bool | None) -> None:
    """Show what changed between two steps, as a unified diff (READMEs left out)."""
    text = step_diff.unified(find_step(old, tree), find_step(new, tree))
    if not text:
        click.echo("The two steps are the same.")
        return
    for line in text.splitlines():
        click.echo(step_diff.style(line), color=color)


@main.command(name="steps")
def list_steps() -> None:
    """List the steps and the command that runs each."""
    for path in step_dirs():
        click.echo(f"{path.name:<18} flask --app {flask_app_arg(path)} run --debug")


# The workshop site: `workshop serve` (what `make run` runs) and `workshop slides build DIR`.
from .slides.cli import serve, slides  # noqa: E402

main.add_command(serve)
main.add_command(slides)


# The learner's commands: doctor, check, watch, list, hint, reset, solution.
from .learner import commands as learner_commands  # noqa: E402

for command in learner_commands():
    main.add_command(command)


# The instructor's command: grade the learners' submissions.
from .grader import grade  # noqa: E402

main.add_command(grade)


if __name__ == "__main__":  # pragma: no cover
    main()
