"""The to-do API as a package, its tasks in a database (Flask-SQLAlchemy)."""

import click
from flask import Flask

from .config import CONFIGS
from .models import db


def create_app(config: str = "development") -> Flask:
    app = Flask(__name__)
    app.config.from_object(CONFIGS[config])
    db.init_app(app)

    from . import api

    app.register_blueprint(api.bp)

    @app.cli.command("init-db")
    def init_db():
        """Create the tables (drops what is there first)."""
        click.confirm(f"Drop and create every table of {db.engine.url}?", abort=True)
        db.drop_all()
        db.create_all()
        click.echo("Database ready.")

    return app
