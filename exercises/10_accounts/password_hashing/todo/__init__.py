"""The to-do API as a package: accounts, with users kept in memory."""

from flask import Flask
from werkzeug.exceptions import HTTPException

from .config import Config


def create_app(config: type = Config) -> Flask:
    app = Flask(__name__)
    app.config.from_object(config)

    from . import auth

    app.register_blueprint(auth.bp)
    app.register_error_handler(HTTPException, auth.error_envelope)
    return app
