"""The to-do API with flask-smorest: schemas validate requests and describe the API."""

from flask import Flask
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from .config import CONFIGS


def create_app(config: str = "development") -> Flask:
    app = Flask(__name__)
    app.config.from_object(CONFIGS[config])

    from . import api

    smorest = Api(app)
    smorest.register_blueprint(api.bp)
    # After Api(app), so this handler replaces flask-smorest's own error format.
    app.register_error_handler(HTTPException, error_envelope)
    return app


def error_envelope(error: HTTPException):
    body = {"status": error.code, "message": error.description}
    # flask-smorest puts marshmallow's messages in error.data: {"json": {field: [messages]}}.
    fields = getattr(error, "data", {}).get("messages", {}).get("json")
    if fields:
        body["fields"] = {name: " ".join(messages) for name, messages in fields.items()}
    return {"error": body}, error.code
