"""One JSON error envelope for every error the app can answer with.

    {"error": {"status": 400, "message": "…", "fields": {"name": "…"}}}

``fields`` appears only on validation errors, one message per bad field.
"""

from __future__ import annotations

import json

from flask import Flask, current_app, request
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError
from werkzeug.wsgi import LimitedStream

# What a refused request left of its body, up to this much, is read and thrown
# away before the error goes out (see discard_body).
DISCARD_LIMIT = 16 * 1024 * 1024


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
    """404, 405, 413, abort(…) and our own errors, as JSON.

    ``get_response()`` keeps the headers the error brings (``Allow`` on a 405,
    ``WWW-Authenticate`` on a 401); only the body is replaced.
    """
    discard_body()
    response = error.get_response()
    body = error_body(error.code or 500, error.description or "", getattr(error, "fields", None))
    response.data = json.dumps(body)
    response.content_type = "application/json"
    return response


def handle_unexpected_error(error: InternalServerError):
    """Any uncaught exception: a plain 500, never a traceback (that goes to the log)."""
    return error_body(500, "Something went wrong on our side."), 500


def discard_body() -> None:
    """Read what a refused request left unread of its body, so that the client gets our answer.

    A 413 is decided from Content-Length before a byte of the body is read, and a
    401 or 404 comes before the view reads it. Closing a connection that still
    has unread data in it makes TCP reset it, and a client still uploading then
    sees "connection reset" instead of our answer. Bodies beyond DISCARD_LIMIT
    are not worth the wait: they get the reset.
    """
    environ = request.environ
    length = request.content_length
    if length is not None and length > DISCARD_LIMIT:
        return
    if length is not None and length > current_app.config["MAX_CONTENT_LENGTH"]:
        # request.stream refuses to read a body this big: read it ourselves.
        stream = LimitedStream(environ["wsgi.input"], length)
    elif length is None and environ.get("wsgi.input_terminated"):
        # Chunked (no Content-Length): the server ends the input where the body ends.
        stream = LimitedStream(environ["wsgi.input"], DISCARD_LIMIT)
    else:
        stream = request.stream  # it knows how much of the body is left
    try:
        while stream.read(64 * 1024):
            pass
    except (HTTPException, OSError):  # the limit reached, or the client gone
        pass


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    # Flask hands every unhandled exception to the 500 handler, wrapped in
    # InternalServerError (unless the app propagates them, as in testing).
    app.register_error_handler(InternalServerError, handle_unexpected_error)
