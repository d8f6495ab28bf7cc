"""The to-do API as a package: create_app() builds an app from a config class."""

from flask import Flask
from werkzeug.exceptions import HTTPException

from .config import Config


def create_app(config: type = Config) -> Flask:
    app = Flask(__name__)
    app.config.from_object(config)

    from . import api

    app.register_blueprint(api.bp)
    app.register_error_handler(HTTPException, api.error_envelope)
    return app
