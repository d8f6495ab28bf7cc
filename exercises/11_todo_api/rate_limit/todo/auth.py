"""Accounts: register and log in. Logging in is rate limited: passwords cannot be guessed fast."""

import secrets

from flask import Blueprint, abort, current_app, request
from werkzeug.security import check_password_hash, generate_password_hash

from .limits import limiter

bp = Blueprint("auth", __name__, url_prefix="/api/v1")


def users() -> dict[str, str]:
    """Password hashes by username, in memory (step 10 keeps them in the database)."""
    return current_app.extensions.setdefault("users", {})


@bp.post("/accounts")
def register():
    data = request.get_json(silent=True) or {}
    username, password = data.get("username"), data.get("password")
    if not (isinstance(username, str) and isinstance(password, str) and username and password):
        abort(400, "Send a username and a password.")
    users()[username] = generate_password_hash(password, "pbkdf2:sha256:1000")
    return {"username": username}, 201


@bp.post("/tokens")
# TODO: limit how often one client address may try to log in, to the rule the config
# names in LOGIN_RATE_LIMIT ("3/minute" in tests).
def login():
    data = request.get_json(silent=True) or {}
    stored = users().get(data.get("username"))
    if stored is None or not check_password_hash(stored, str(data.get("password"))):
        abort(401, "Wrong username or password.")
    return {"token": secrets.token_hex(32)}  # hex: never starts with "-" on a command line
