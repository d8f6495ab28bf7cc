"""`workshop serve` and `workshop slides build DIR`: the workshop site, live or static."""

from __future__ import annotations

import html
from pathlib import Path

import click

from ..loader import REPO
from ..ports import port_taken
from .build import BuildError, build


@click.command()
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
def serve(port: int) -> None:
    """Serve the workshop (slides and step guides) at http://127.0.0.1:PORT.

    Decks are read on every request: edit slides/NN_topic.md and reload the page.
    """
    from werkzeug.serving import run_simple

    from .site import create_app

    if port_taken(port):
        raise click.ClickException(
            f"port {port} is already in use (is the workshop already running?); "
            f"try `workshop serve --port {port + 1}`"
        )
    app = create_app()
    click.secho(f"The workshop is at http://127.0.0.1:{port}/  (Ctrl+C to stop)", fg="green", err=True)
    # 127.0.0.1 only: a development server is for your own machine.
    run_simple("127.0.0.1", port, app, threaded=True)


@click.group()
def slides() -> None:
    """The slide decks in slides/."""


@slides.command(name="build")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def build_command(directory: Path) -> None:
    """Write a static copy of the workshop site (decks, step guides, code) to DIRECTORY.

    DIRECTORY must be new, empty, or an earlier build (it then replaces only the files
    that build wrote); anything else is refused. Open DIRECTORY/index.html through any
    static web server, e.g. `python -m http.server -d DIRECTORY`.
    """
    try:
        written = build(directory, REPO)
    except BuildError as error:
        raise click.ClickException(html.unescape(str(error))) from None
    click.echo(f"Wrote {len(written)} files to {directory}/ (open {directory}/index.html through a web server).")
