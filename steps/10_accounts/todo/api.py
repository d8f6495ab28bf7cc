"""The API blueprint: every route under /api/v1, in the order the README uses them."""

from flask import Blueprint, current_app, g, url_for
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import Conflict, Forbidden, NotFound
from werkzeug.security import check_password_hash

from .auth import authenticate, hash_password, issue_token, login_required, own_account, revoke_tokens, unauthorized
from .models import Task, Token, User, db, isoformat
from .validation import account_fields, json_body, login_fields, page_args, task_fields

bp = Blueprint("api", __name__, url_prefix="/api/v1")


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


# Accounts


@bp.post("/accounts")
def create_account():
    """Register: {username, email, password}."""
    fields = account_fields(json_body())
    password_hash = hash_password(fields["password"])
    user = User(username=fields["username"], email=fields["email"], password_hash=password_hash)
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


# POST only: a GET must never change anything (step 03), or a link, a prefetch
# or a HEAD request could log you out.
@bp.post("/accounts/logout")
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
    """Change your username, or with current_password, your email or password."""
    user = own_account(username)
    data = json_body()
    fields = account_fields(data, partial=True)
    if "current_password" in data:
        if not check_password_hash(user.password_hash, data["current_password"]):
            raise Forbidden("current_password is not your password.")
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


def commit_unless_taken() -> None:
    """Commit; 409 if another account has the username or email (ignoring case)."""
    # The unique indexes (models.py) decide: checking first with a SELECT would
    # still let two sign-ups for the same name at the same moment both pass.
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
    query = select(Task).where(Task.user_id == user.id)
    if completed is not None:
        query = query.where(Task.completed == completed)
    # error_out=False: a page past the end is empty, not an error.
    tasks = db.paginate(query.order_by(Task.creation_date, Task.id), page=page,
                        per_page=per_page, error_out=False)
    return {"tasks": [task.to_dict() for task in tasks.items], "page": tasks.page,
            "per_page": tasks.per_page, "total": tasks.total}


@bp.post("/accounts/<username>/tasks")
@login_required
def create_task(username: str):
    """Create a task: {name, note, due_date, completed}."""
    user = own_account(username)
    fields = task_fields(json_body())
    task = Task(user=user, **fields)
    db.session.add(task)
    db.session.commit()
    location = url_for(".get_task", username=user.username, id=task.id)
    return task.to_dict(), 201, {"Location": location}


# <int(max=…):id>: ids are 32-bit integers in the database; a bigger one is a 404.
TASK = "/accounts/<username>/tasks/<int(max=2147483647):id>"


@bp.get(TASK)
@login_required
def get_task(username: str, id: int):
    """One of your tasks."""
    return own_task(username, id).to_dict()


@bp.put(TASK)
@login_required
def update_task(username: str, id: int):
    """Change the fields given of one of your tasks."""
    task = own_task(username, id)
    fields = task_fields(json_body(), partial=True)
    for field, value in fields.items():
        setattr(task, field, value)
    db.session.commit()
    return task.to_dict()


@bp.delete(TASK)
@login_required
def delete_task(username: str, id: int):
    """Delete one of your tasks."""
    db.session.delete(own_task(username, id))
    db.session.commit()
    return "", 204


def own_task(username: str, id: int) -> Task:
    """Task *id* of the logged-in user; someone else's task is not found."""
    user = own_account(username)
    task = db.session.scalar(select(Task).where(Task.id == id, Task.user_id == user.id))
    if task is None:
        raise NotFound(f"You have no task {id}.")
    return task
