"""Accounts: register with a password, log in with it."""

import secrets

from flask import Blueprint, abort, current_app, request
from werkzeug.security import check_password_hash, generate_password_hash

bp = Blueprint("auth", __name__, url_prefix="/api/v1")


def users() -> dict[str, dict]:
    """This app's users by username, in memory (step 10 keeps them in the database)."""
    return current_app.extensions.setdefault("users", {})


def credentials() -> tuple[str, str]:
    data = request.get_json(silent=True) or {}
    username, password = data.get("username"), data.get("password")
    if not isinstance(username, str) or not isinstance(password, str) or not username or not password:
        abort(400, "Send a username and a password.")
    return username, password


@bp.post("/accounts")
def register():
    username, password = credentials()
    if username in users():
        abort(409, "That username is taken.")
    user = {"username": username}
    user["password_hash"] = generate_password_hash(
        password, method=current_app.config["PASSWORD_HASH_METHOD"]
    )
    users()[username] = user
    return {"username": username}, 201


@bp.post("/tokens")
def login():
    username, password = credentials()
    user = users().get(username)
    if user is None or not check_password_hash(user["password_hash"], password):
        abort(401, "Wrong username or password.")
    return {"token": secrets.token_hex(32)}  # hex: never starts with "-" on a command line


def error_envelope(error):
    return {"error": {"status": error.code, "message": error.description}}, error.code
