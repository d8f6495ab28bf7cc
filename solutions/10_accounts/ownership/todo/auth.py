"""Accounts and tokens: who is asking? login_required answers that for a view."""

import functools
import hashlib
import secrets

from flask import Blueprint, abort, current_app, g, request
from werkzeug.security import check_password_hash, generate_password_hash

bp = Blueprint("auth", __name__, url_prefix="/api/v1")


def store(name: str) -> dict:
    """This app's users or tokens, in memory (step 10 keeps them in the database)."""
    return current_app.extensions.setdefault(name, {})


def user_for_token(token: str) -> dict | None:
    # Tokens are stored hashed, like passwords: a leaked table logs nobody in.
    username = store("tokens").get(hashlib.sha256(token.encode()).hexdigest())
    return store("users").get(username)


def login_required(view):
    """Run *view* only for a request with a valid `Authorization: Bearer <token>`, as g.user."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        user = user_for_token(header.removeprefix("Bearer ")) if header.startswith("Bearer ") else None
        if user is None:
            abort(401, "Log in first: send Authorization: Bearer <token>.")
        g.user = user
        return view(*args, **kwargs)

    return wrapped


@bp.post("/accounts")
def register():
    data = request.get_json(silent=True) or {}
    username, password = data.get("username"), data.get("password")
    if not (isinstance(username, str) and isinstance(password, str) and username and password):
        abort(400, "Send a username and a password.")
    if username in store("users"):
        abort(409, "That username is taken.")
    method = current_app.config["PASSWORD_HASH_METHOD"]
    store("users")[username] = {"username": username, "password_hash": generate_password_hash(password, method)}
    return {"username": username}, 201


@bp.post("/tokens")
def login():
    data = request.get_json(silent=True) or {}
    user = store("users").get(data.get("username"))
    if user is None or not check_password_hash(user["password_hash"], str(data.get("password"))):
        abort(401, "Wrong username or password.")
    # Hex digits: a token never starts with '-', which a command line (http -a) would
    # take for an option.
    token = secrets.token_hex(32)
    store("tokens")[hashlib.sha256(token.encode()).hexdigest()] = user["username"]
    return {"token": token}


def error_envelope(error):
    return {"error": {"status": error.code, "message": error.description}}, error.code
