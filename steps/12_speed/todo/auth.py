"""Passwords and login tokens."""
# A token is a random string handed out at login. The database keeps only its
# SHA-256 hash, so a leaked table logs nobody in; a request's token is hashed
# and looked up by that hash, one indexed query.

import functools
import hashlib
import secrets

from flask import current_app, g, request
from sqlalchemy import Row, delete, func, select
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Forbidden, Unauthorized
from werkzeug.security import check_password_hash, generate_password_hash

from .models import Token, User, db, utcnow
from .queries import TOKEN_OWNER
from .schemas import PASSWORD_MAX_LENGTH, USERNAME


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def authenticate(username: str, password: str) -> User | None:
    """The user with this username and password, or None."""
    if not USERNAME.fullmatch(username) or len(password) > PASSWORD_MAX_LENGTH:
        return None  # no account has such a name or password: nothing to look up
    user = db.session.scalar(select(User).where(func.lower(User.username) == username.lower()))
    if user is None:
        # Hash the password anyway, so that an unknown username takes as long as
        # a wrong password: the timing must not tell which usernames exist.
        hash_password(password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    return user


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User) -> tuple[str, Token]:
    """A new token for *user*: the secret for the client, and the row that stores its hash."""
    # Hex digits: a token never starts with '-', which a command line (http -a) would
    # take for an option.
    token = secrets.token_hex(32)
    row = Token(
        user_id=user.id,
        token_hash=hash_token(token),
        expires_at=utcnow() + current_app.config["TOKEN_TTL"],
    )
    db.session.add(row)
    # Expired tokens are of no use to anyone: clear this user's away.
    db.session.execute(delete(Token).where(Token.user_id == user.id, Token.expires_at <= utcnow()))
    return token, row


def user_for_token(token: str) -> Row | None:
    """The owner of a valid, unexpired token, in one indexed lookup.

    A row (id, username, task_count, completed_count), not a User: the task
    views need no more; own_account loads the User for the account views.
    """
    # The database compares hashes, not the token itself: someone timing the
    # lookup learns about a SHA-256 digest of their guess, which tells them
    # nothing about any real token.
    values = {"token_hash": hash_token(token), "now": utcnow()}
    return db.session.execute(TOKEN_OWNER, values).first()


def revoke_tokens(user: User, keep: str | None = None) -> None:
    """Revoke all of *user*'s tokens, except the one whose hash is *keep*."""
    query = delete(Token).where(Token.user_id == user.id)
    if keep is not None:
        query = query.where(Token.token_hash != keep)
    db.session.execute(query)


def unauthorized(message: str, invalid_token: bool = False) -> Unauthorized:
    """401 with the WWW-Authenticate header that tells clients to send a bearer token."""
    parameters = {"realm": "todo"}
    if invalid_token:
        parameters["error"] = "invalid_token"
    return Unauthorized(message, www_authenticate=WWWAuthenticate("Bearer", parameters))


def login_required(view):
    """Only for requests with a valid ``Authorization: Bearer <token>``."""
    # Sets ``g.user`` (who is asking) and ``g.token_hash`` (which token they used):
    # ``g`` holds values for the length of one request.

    @functools.wraps(view)
    def wrapped_view(*args, **kwargs):
        credentials = request.authorization
        if credentials is None or credentials.type != "bearer" or not credentials.token:
            raise unauthorized("Log in and send your token: Authorization: Bearer <token>.")
        user = user_for_token(credentials.token)
        if user is None:
            raise unauthorized("This token is not valid: it expired or was revoked.", True)
        g.user = user
        g.token_hash = hash_token(credentials.token)
        return view(*args, **kwargs)

    return wrapped_view


def check_owner(username: str) -> Row:
    """Who is asking (g.user), if *username* names their own account; 403 otherwise."""
    if username.lower() != g.user.username.lower():
        raise Forbidden("You can only see and change your own account and tasks.")
    return g.user


def own_account(username: str) -> User:
    """The logged-in user's account, to show or change, if *username* names it."""
    user = db.session.get(User, check_owner(username).id)
    if user is None:  # deleted since the token was checked
        raise unauthorized("This token is not valid: it expired or was revoked.", True)
    return user
