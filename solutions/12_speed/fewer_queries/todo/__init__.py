"""The to-do API's task list, made faster: measured, then fewer SQL statements per page."""

import click
from flask import Flask
from flask_sqlalchemy.record_queries import get_recorded_queries

from .config import CONFIGS
from .models import Task, User, db


def create_app(config: str = "development") -> Flask:
    app = Flask(__name__)
    app.config.from_object(CONFIGS[config])
    db.init_app(app)

    from . import api

    app.register_blueprint(api.bp)

    @app.after_request
    def count_queries(response):
        """How many SQL statements this request ran: the figure to bring down."""
        if app.config["SQLALCHEMY_RECORD_QUERIES"]:
            response.headers["X-Queries"] = str(len(get_recorded_queries()))
        return response

    @app.cli.command("init-db")
    def init_db():
        """Create the tables (drops what is there first) with 25 users and 50 tasks."""
        click.confirm(f"Drop and create every table of {db.engine.url}?", abort=True)
        db.drop_all()
        db.create_all()
        users = [User(username=f"user{n}") for n in range(1, 26)]
        db.session.add_all(Task(name=f"task {n}", owner=users[(n - 1) % 25]) for n in range(1, 51))
        db.session.commit()
        click.echo("Database ready: 25 users, 50 tasks.")

    return app
