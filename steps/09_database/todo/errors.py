"""One JSON error envelope for every error the app can answer with."""
#     {"error": {"status": 400, "message": "…", "fields": {"name": "…"}}}
#
# ``fields`` appears only on validation errors, one message per bad field.

import json

from flask import Flask
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError


class ValidationError(BadRequest):
    """400 naming each bad field: ``raise ValidationError({"name": "is required"})``."""

    def __init__(self, fields: dict[str, str], message: str = "Some fields are not valid.") -> None:
        super().__init__(message)
        self.fields = fields


def error_body(status: int, message: str, fields: dict[str, str] | None = None) -> dict:
    error: dict = {"status": status, "message": message}
    if fields:
        error["fields"] = fields
    return {"error": error}


def handle_http_error(error: HTTPException):
    """404, 405, 413, abort(…) and our own errors, as JSON."""
    # ``get_response()`` keeps the headers the error brings (``Allow`` on a 405);
    # only the body is replaced.
    response = error.get_response()
    body = error_body(error.code or 500, error.description or "", getattr(error, "fields", None))
    response.data = json.dumps(body)
    response.content_type = "application/json"
    return response


def handle_unexpected_error(error: InternalServerError):
    """Any uncaught exception: a plain 500, never a traceback (that goes to the log)."""
    return error_body(500, "Something went wrong on our side."), 500


def init_app(app: Flask) -> None:
    # Every error is the API's: unlike step 07, this app has no HTML pages.
    app.register_error_handler(HTTPException, handle_http_error)
    # Flask hands every unhandled exception to the 500 handler, wrapped in
    # InternalServerError (unless the app propagates them, as in testing).
    app.register_error_handler(InternalServerError, handle_unexpected_error)
