"""One JSON error envelope for every error the app can answer with."""
#     {"error": {"status": 400, "message": "…", "fields": {"name": "…"}}}
#
# ``fields`` appears only on validation errors, one message per bad field.

import json

from flask import Flask
from werkzeug.exceptions import HTTPException, InternalServerError

from .hardening import discard_body


def error_body(status: int, message: str, fields: dict[str, str] | None = None) -> dict:
    error: dict = {"status": status, "message": message}
    if fields:
        error["fields"] = fields
    return {"error": error}


def bad_fields(error: HTTPException) -> dict[str, str] | None:
    """The schema's complaints, one message per field, from a validation error."""
    # flask-smorest (through webargs) puts marshmallow's messages in error.data,
    # by where they were found: {"json": {"name": ["…"]}} becomes {"name": "…"}.
    messages = getattr(error, "data", {}).get("messages", {})
    return {field: problems[0] for found_in in messages.values()
            for field, problems in found_in.items()}


def handle_http_error(error: HTTPException):
    """404, 405, 413, 429, abort(…) and the schemas' 400s, as JSON."""
    # ``get_response()`` keeps the headers the error brings (``Allow`` on a 405,
    # ``WWW-Authenticate`` on a 401); only the body is replaced.
    discard_body()
    fields = bad_fields(error)
    message = error.description or ""
    if fields:
        message = "Some fields are not valid."
    response = error.get_response()
    response.data = json.dumps(error_body(error.code or 500, message, fields))
    response.content_type = "application/json"
    return response


def handle_unexpected_error(error: InternalServerError):
    """Any uncaught exception: a plain 500, never a traceback (that goes to the log)."""
    return error_body(500, "Something went wrong on our side."), 500


def init_app(app: Flask) -> None:
    # Registered after flask-smorest's own handler, so these are the ones used.
    app.register_error_handler(HTTPException, handle_http_error)
    # Flask hands every unhandled exception to the 500 handler, wrapped in
    # InternalServerError (unless the app propagates them, as in testing).
    app.register_error_handler(InternalServerError, handle_unexpected_error)
