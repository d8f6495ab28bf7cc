"""The to-do API as a package: accounts, with users kept in memory."""

from flask import Flask
from werkzeug.exceptions import HTTPException

from .config import CONFIGS


def create_app(config: str = "development") -> Flask:
    app = Flask(__name__)
    app.config.from_object(CONFIGS[config])

    from . import auth

    app.register_blueprint(auth.bp)
    app.register_error_handler(HTTPException, auth.error_envelope)
    return app
