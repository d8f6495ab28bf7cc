"""One shape for every error the API answers: {"error": {"status", "message", "fields"?}}."""

from flask import Flask, current_app
from werkzeug.exceptions import BadRequest, HTTPException


class ValidationError(BadRequest):
    """A 400 that says which fields of the request are wrong, and why."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("Some fields are not valid.")
        self.fields = fields


def handle_http_error(error: HTTPException):
    body = {"status": error.code, "message": error.description}
    if getattr(error, "fields", None):
        body["fields"] = error.fields
    response = error.get_response()
    response.data = current_app.json.dumps({"error": body})
    response.content_type = "application/json"
    return response


def register_error_handlers(app: Flask) -> None:
    # Every HTTPException (404, 405, 400, 409 ...) goes through the one handler.
    app.register_error_handler(HTTPException, handle_http_error)
