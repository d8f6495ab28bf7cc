"""Admin commands for the `flask` command line."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .models import db


@click.command("init-db")
@with_appcontext
@click.confirmation_option(prompt="This deletes every account and task. Continue?")
def init_db_command() -> None:
    """Drop all tables and create them afresh: flask --app … init-db [--yes]."""
    db.drop_all()
    db.create_all()
    click.echo("Initialized the database.")
