"""The API blueprint: every route under /api/v1, in the order the README uses them."""

from __future__ import annotations

import functools

from flask import Blueprint, current_app, g, send_from_directory, url_for
from sqlalchemy import Select, bindparam, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import Conflict, NotFound

from .auth import (
    authenticate,
    hash_password,
    issue_token,
    login_required,
    own_account,
    revoke_tokens,
    unauthorized,
)
from .models import Task, Token, User, db, isoformat
from .validation import account_fields, json_body, login_fields, page_args, task_fields

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# Ids are 32-bit integers in the database.
MAX_ID = 2**31 - 1


@bp.get("")
def index():
    """This list of routes, built from the app's URL map."""
    routes: dict[str, dict] = {}
    for rule in current_app.url_map.iter_rules():
        if rule.endpoint.startswith(f"{bp.name}."):
            view = current_app.view_functions[rule.endpoint]
            route = routes.setdefault(rule.rule, {"path": rule.rule, "methods": {}})
            summary = (view.__doc__ or "").strip().split("\n")[0]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                route["methods"][method] = summary
    return {"routes": sorted(routes.values(), key=lambda route: route["path"])}


@bp.get("/openapi.json")
def openapi():
    """This API described in OpenAPI 3.1, for client generators and API tools."""
    # A file beside this module, kept true by the tests (tests/fuzz/).
    return send_from_directory(bp.root_path, "openapi.json", mimetype="application/json")


# Accounts


@bp.post("/accounts")
def create_account():
    """Register: {username, email, password}."""
    fields = account_fields(json_body())
    check_free(fields)
    user = User(
        username=fields["username"],
        email=fields["email"],
        password_hash=hash_password(fields["password"]),
    )
    db.session.add(user)
    commit_unless_taken()
    location = url_for(".get_account", username=user.username)
    return user.to_dict(), 201, {"Location": location}


@bp.post("/accounts/login")
def login():
    """Log in: {username, password} gives a token."""
    username, password = login_fields(json_body())
    user = authenticate(username, password)
    if user is None:
        # The same answer for both mistakes: never tell which usernames exist.
        raise unauthorized("Wrong username or password.")
    token, row = issue_token(user)
    db.session.commit()
    return {"token": token, "expires_at": isoformat(row.expires_at)}


@bp.route("/accounts/logout", methods=["GET", "POST"])
@login_required
def logout():
    """Log out: the token stops working at once."""
    db.session.execute(delete(Token).where(Token.token_hash == g.token_hash))
    db.session.commit()
    return "", 204


@bp.get("/accounts/<username>")
@login_required
def get_account(username: str):
    """Your profile."""
    return own_account(username).to_dict()


@bp.put("/accounts/<username>")
@login_required
def update_account(username: str):
    """Change your email, password or username."""
    user = own_account(username)
    fields = account_fields(json_body(), partial=True)
    check_free(fields, user)
    if "password" in fields:
        # Whoever else holds a token of yours must log in with the new password.
        revoke_tokens(user, keep=g.token_hash)
        user.password_hash = hash_password(fields["password"])
    if "username" in fields:
        user.username = fields["username"]
    if "email" in fields:
        user.email = fields["email"]
    commit_unless_taken()
    return user.to_dict()


@bp.delete("/accounts/<username>")
@login_required
def delete_account(username: str):
    """Delete your account, its tasks and tokens."""
    db.session.delete(own_account(username))
    db.session.commit()
    return "", 204


def check_free(fields: dict, user: User | None = None) -> None:
    """409 if another account has this username or email (ignoring case)."""
    for field in ("username", "email"):
        if field not in fields:
            continue
        column = getattr(User, field)
        query = select(User.id).where(func.lower(column) == fields[field].lower())
        if user is not None:
            query = query.where(User.id != user.id)
        if db.session.scalar(query) is not None:
            raise Conflict(f"This {field} is taken.")


def commit_unless_taken() -> None:
    """Commit; 409 if another request took the username or email since check_free.

    The unique indexes have the last word: two sign-ups for the same name at the
    same moment both pass check_free, and the database refuses the second.
    """
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("This username or email is taken.") from None


# Tasks


@bp.get("/accounts/<username>/tasks")
@login_required
def list_tasks(username: str):
    """Your tasks, oldest first: ?page, ?per_page, ?completed=true|false."""
    user = own_account(username)
    page, per_page, completed = page_args()
    tasks = db.session.scalars(
        page_query(completed),
        {"user_id": user.id, "limit": per_page, "offset": (page - 1) * per_page},
    )
    return {
        "tasks": [task.to_dict() for task in tasks],
        "page": page,
        "per_page": per_page,
        "total": task_total(user, completed),
    }


@functools.cache
def page_query(completed: bool | None) -> Select:
    """One page of a user's tasks in creation order, with or without the filter.

    One query, served by an index however many tasks there are: never load every
    task to show twenty. Built once per filter, with placeholders for what each
    request fills in, like auth.TOKEN_OWNER.
    """
    query = select(Task).where(Task.user_id == bindparam("user_id"))
    if completed is not None:
        query = query.where(Task.completed == completed)
    return (
        query.order_by(Task.creation_date, Task.id)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )


def task_total(user: User, completed: bool | None) -> int:
    """How many tasks the list has in all, from the counts kept on the user's row."""
    if completed is None:
        return user.task_count
    if completed:
        return user.completed_count
    return user.task_count - user.completed_count


@bp.post("/accounts/<username>/tasks")
@login_required
def create_task(username: str):
    """Create a task: {name, note, due_date, completed}."""
    user = own_account(username)
    fields = task_fields(json_body())
    task = Task(user_id=user.id, **fields)
    db.session.add(task)
    count_tasks(user, tasks=1, completed=1 if fields.get("completed") else 0)
    db.session.commit()
    location = url_for(".get_task", username=user.username, id=task.id)
    return task.to_dict(), 201, {"Location": location}


@bp.get("/accounts/<username>/tasks/<int:id>")
@login_required
def get_task(username: str, id: int):
    """One of your tasks."""
    return own_task(username, id).to_dict()


@bp.put("/accounts/<username>/tasks/<int:id>")
@login_required
def update_task(username: str, id: int):
    """Change the fields given of one of your tasks."""
    task = own_task(username, id)
    fields = task_fields(json_body(), partial=True)
    if "completed" in fields:
        # Changed in SQL, only if it differs: then exactly one of two requests
        # racing to tick the same task counts it.
        completed = fields.pop("completed")
        changed = db.session.execute(
            update(Task)
            .where(Task.id == task.id, Task.completed != completed)
            .values(completed=completed)
        ).rowcount
        count_tasks(g.user, completed=changed if completed else -changed)
    for field, value in fields.items():
        setattr(task, field, value)
    db.session.commit()
    return task.to_dict()


@bp.delete("/accounts/<username>/tasks/<int:id>")
@login_required
def delete_task(username: str, id: int):
    """Delete one of your tasks."""
    task = own_task(username, id)
    # RETURNING tells whether this request deleted it (and whether it was
    # completed at that moment), even if another request deletes it too.
    deleted = db.session.execute(
        delete(Task).where(Task.id == task.id).returning(Task.completed)
    ).scalar()
    if deleted is None:  # another request deleted it a moment ago
        raise NotFound(f"You have no task {id}.")
    count_tasks(g.user, tasks=-1, completed=-1 if deleted else 0)
    db.session.commit()
    return "", 204


def count_tasks(user: User, tasks: int = 0, completed: int = 0) -> None:
    """Add to the user's task counts, in SQL (``count = count + 1``) and in the
    same transaction as the change itself, so that concurrent requests add up."""
    db.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(
            task_count=User.task_count + tasks,
            completed_count=User.completed_count + completed,
        )
    )


def own_task(username: str, id: int) -> Task:
    """Task *id* of the logged-in user; someone else's task is not found."""
    user = own_account(username)
    if id > MAX_ID:  # beyond the database's integers: no such task (and SQLite would fail)
        raise NotFound(f"You have no task {id}.")
    task = db.session.scalar(select(Task).where(Task.id == id, Task.user_id == user.id))
    if task is None:
        raise NotFound(f"You have no task {id}.")
    return task
