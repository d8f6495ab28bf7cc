"""`workshop serve` and `workshop slides build DIR`: the workshop site, live or static."""

from __future__ import annotations

import errno
import html
import socket
from pathlib import Path

import click

from ..loader import REPO
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


def port_taken(port: int) -> bool:
    """Whether something already listens on 127.0.0.1:*port*."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the server itself will: a port left in TIME_WAIT by a stopped server is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            return error.errno == errno.EADDRINUSE
    return False


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
