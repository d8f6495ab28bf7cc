"""Admin commands for the `flask` command line."""

import click
from flask.cli import with_appcontext

from .models import db


@click.command("init-db")
@click.option("--yes", is_flag=True, help="Do not ask first.")
@with_appcontext
def init_db_command(yes: bool) -> None:
    """Drop all tables and create them afresh: flask --app … init-db [--yes]."""
    # Name the database first: the one in your shell's DATABASE_URL may not be the one you think.
    click.echo(f"Database: {db.engine.url.render_as_string(hide_password=True)}")
    if not yes:
        click.confirm("This deletes every account and task in it. Continue?", abort=True)
    db.drop_all()
    db.create_all()
    click.echo("Initialized the database.")
