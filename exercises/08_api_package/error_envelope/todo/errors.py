"""One shape for every error the API answers: {"error": {"status", "message", "fields"?}}."""

from flask import Flask, current_app
from werkzeug.exceptions import BadRequest, HTTPException


class ValidationError(BadRequest):
    """A 400 that says which fields of the request are wrong, and why."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("Some fields are not valid.")
        self.fields = fields


def handle_http_error(error: HTTPException):
    # TODO: answer with the error envelope as JSON, keeping the error's status and its
    # headers (a 405 keeps its Allow). "fields" is there only when the error has fields.
    return error
    # END TODO


def register_error_handlers(app: Flask) -> None:
    # Every HTTPException (404, 405, 400, 409 ...) goes through the one handler.
    app.register_error_handler(HTTPException, handle_http_error)
