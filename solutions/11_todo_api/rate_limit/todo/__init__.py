"""The to-do API's accounts, with logins rate limited by Flask-Limiter."""

from flask import Flask
from werkzeug.exceptions import HTTPException

from .config import CONFIGS
from .limits import limiter


def create_app(config: str = "development") -> Flask:
    app = Flask(__name__)
    app.config.from_object(CONFIGS[config])
    limiter.init_app(app)

    from . import auth

    app.register_blueprint(auth.bp)
    app.register_error_handler(HTTPException, error_envelope)
    return app


def error_envelope(error: HTTPException):
    # Flask-Limiter adds Retry-After to the response afterwards (RATELIMIT_HEADERS_ENABLED).
    return {"error": {"status": error.code, "message": error.description}}, error.code
