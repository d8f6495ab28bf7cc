"""The to-do API: accounts and their tasks, as JSON under /api/v1."""
# Run it from the repository root:
#
#     flask --app steps/12_speed/todo run --debug
#
# ``create_app`` is the application factory: every call builds a new, separate
# app, which is how the tests get a fresh app and database each.

import logging
import os
from typing import Any

from flask import Flask, g, request
from flask_smorest import Api
from werkzeug.middleware.proxy_fix import ProxyFix

from . import cli, errors, models
from .api import bp
from .config import CONFIGS, database_url
from .json_provider import OrjsonProvider
from .limits import limiter
from .schemas import ErrorSchema


def create_app(config: str | None = None, **settings: Any) -> Flask:
    """Build the app."""
    # *config* names the settings to start from: "development", "testing" or
    # "production" (default: the TODO_CONFIG environment variable, else
    # "development"). The environment then sets SECRET_KEY, DATABASE_URL and the
    # rate limits, and keyword *settings* (as tests pass them) override everything:
    #
    #     create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite:////tmp/test.sqlite")
    name = config or os.environ.get("TODO_CONFIG", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"unknown config {name!r}: choose one of {', '.join(CONFIGS)}")
    config_class = CONFIGS[name]

    app = Flask(__name__, instance_relative_config=True)
    app.json = OrjsonProvider(app)
    app.config.from_object(config_class)
    app.config.update(config_class.from_environment())
    app.config.update(settings)
    check_settings(app.config, name)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.config["SQLALCHEMY_DATABASE_URI"])

    # Log lines with a time and a level, to stderr, where gunicorn and systemd collect them.
    log_format = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    logging.basicConfig(level=app.config["LOG_LEVEL"], format=log_format)
    proxies = int(app.config["PROXIES"])
    if proxies:
        # Behind nginx, the client's address and scheme come from X-Forwarded-For and
        # X-Forwarded-Proto, set by the proxies we run (and by nobody else).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    # An API answers the URL it is asked for. Werkzeug would redirect //api/v1 to
    # /api/v1, with a Location built from the Host header the client sent.
    app.url_map.merge_slashes = False

    # The instance folder holds the SQLite database; it is not in git.
    os.makedirs(app.instance_path, exist_ok=True)

    models.init_app(app)
    api = Api()
    api.ERROR_SCHEMA = ErrorSchema  # how the OpenAPI description shows our errors
    api.init_app(app)
    api.register_blueprint(bp)
    errors.init_app(app)
    limiter.init_app(app)
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
    # Answers that carry a token or someone's data must not be kept by any cache.
    if g.get("user") is not None or request.endpoint == "api.login":
        response.headers["Cache-Control"] = "no-store"
    # No content, so no type either.
    if response.status_code == 204:
        del response.headers["Content-Type"]
    return response
