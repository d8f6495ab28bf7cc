"""The ``workshop`` command: run steps, diff them, serve the workshop.

Each subcommand lives in a small module of its own; this file only wires
them into one ``click`` group. The group imports a command's module only when
that command runs: `workshop check` must not pay for Flask, Markdown or the
grader before the learner's tests even start.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import click

from . import colour
from .exercises import ExerciseError
from .loader import REPO, StepNotFound, find_step, flask_app_arg, step_dirs

#: Commands defined in other modules, by name: "module:attribute".
LAZY_COMMANDS = {
    # The workshop site: `workshop serve` (what `make run` runs) and `workshop slides build DIR`.
    "serve": "workshop.slides.cli:serve",
    "slides": "workshop.slides.cli:slides",
    # The learner's commands.
    "doctor": "workshop.doctor:doctor",
    "check": "workshop.learner:check",
    "watch": "workshop.watch:watch",
    "list": "workshop.learner:list_exercises",
    "hint": "workshop.learner:hint",
    "reset": "workshop.learner:reset",
    "solution": "workshop.learner:solution",
    # The instructor's command: grade the learners' submissions.
    "grade": "workshop.grading.command:grade",
}


def first_paragraph(text: str) -> str:
    """The first paragraph of a command's help, on one line."""
    lines = []
    for line in text.strip().splitlines():
        if not line.strip():
            break
        lines.append(line.strip())
    return " ".join(lines)


class FriendlyGroup(click.Group):
    """A group whose errors about steps read as advice, not as tracebacks.

    It also finds the commands of LAZY_COMMANDS, importing a command's module
    only when that command is asked for (or when --help lists them all).
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        command = super().get_command(ctx, name)
        if command is None and name in LAZY_COMMANDS:
            module_name, attribute = LAZY_COMMANDS[name].split(":")
            command = getattr(importlib.import_module(module_name), attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of --help: each command's whole first paragraph, wrapped, never cut off."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.short_help or first_paragraph(command.help or "")))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except StepNotFound as error:
            raise click.UsageError(str(error)) from None
        except ExerciseError as error:  # e.g. the progress file cannot be written
            raise click.ClickException(str(error)) from None


@click.group(cls=FriendlyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@colour.option
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
              show_default=True, help="Which tree OLD and NEW are folders of.")
@colour.option
def diff(old: str, new: str, tree: str) -> None:
    """Show what changed between two steps, as a unified diff (READMEs left out)."""
    from . import diff as step_diff

    text = step_diff.unified(find_step(old, tree), find_step(new, tree))
    if not text:
        click.echo("The two steps are the same.")
        return
    for line in text.splitlines():
        click.echo(step_diff.style(line))


@main.command(name="steps")
def list_steps() -> None:
    """List the steps and the command that runs each."""
    for path in step_dirs():
        click.echo(f"{path.name:<18} flask --app {flask_app_arg(path)} run --debug")


if __name__ == "__main__":  # pragma: no cover
    main()
