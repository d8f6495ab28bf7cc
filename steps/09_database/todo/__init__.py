"""The to-do API, with its tasks in a database."""
# Run it from the repository root:
#
#     flask --app steps/09_database/todo run --debug
#
# ``create_app`` is the application factory: every call builds a new, separate
# app, which is how the tests get a fresh app and database each.

import os
from typing import Any

from flask import Flask

from . import api, cli, errors, models
from .config import CONFIGS, database_url


def create_app(config: str | None = None, **settings: Any) -> Flask:
    """Build the app."""
    # *config* names the settings to start from: "development", "testing" or
    # "production" (default: the TODO_CONFIG environment variable, else
    # "development"). The environment then sets SECRET_KEY and DATABASE_URL, and
    # keyword *settings* (as tests pass them) override everything:
    #
    #     create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite:////tmp/test.sqlite")
    name = config or os.environ.get("TODO_CONFIG", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"unknown config {name!r}: choose one of {', '.join(CONFIGS)}")
    config_class = CONFIGS[name]

    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config_class)
    app.config.update(config_class.from_environment())
    app.config.update(settings)
    check_settings(app.config, name)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.config["SQLALCHEMY_DATABASE_URI"])

    # The instance folder holds the SQLite database; it is not in git.
    os.makedirs(app.instance_path, exist_ok=True)

    models.init_app(app)
    errors.init_app(app)
    app.register_blueprint(api.bp)
    app.cli.add_command(cli.init_db_command)
    app.after_request(add_security_headers)
    return app


def check_settings(config: dict, name: str) -> None:
    """Refuse to start without what every app needs: a secret key and a database."""
    if not config["SECRET_KEY"]:
        raise RuntimeError(
            "SECRET_KEY is not set. Production needs a long random secret, e.g.\n"
            "  export SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex())')"
        )
    if not config["SQLALCHEMY_DATABASE_URI"]:
        raise RuntimeError(
            f"The {name} config has no database: pass one, as the tests do, e.g.\n"
            '  create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite:////tmp/test.sqlite")'
        )


def add_security_headers(response):
    """Headers every response carries; a JSON API never needs to be framed or run scripts."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    response.headers["Referrer-Policy"] = "no-referrer"
    # No content, so no type either.
    if response.status_code == 204:
        del response.headers["Content-Type"]
    return response
