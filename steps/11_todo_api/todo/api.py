"""The API blueprint: every route under /api/v1, in the order the README uses them."""
# flask-smorest's blueprint is Flask's, plus two decorators: ``arguments`` checks
# what the client sent against a schema (and hands the view the clean values),
# ``response`` turns what the view returns into JSON through a schema. Both are
# also what the OpenAPI description at /api/v1/openapi.json is made from.

from flask import current_app, g, url_for
from flask_smorest import Blueprint
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import BadRequest, Conflict, Forbidden, NotFound, UnsupportedMediaType
from werkzeug.security import check_password_hash

from . import schemas
from .auth import authenticate, hash_password, issue_token, login_required, own_account, revoke_tokens, unauthorized
from .hardening import refuse_cut_body
from .limits import limiter
from .models import Task, Token, User, db


class Parser(FlaskParser):
    """How flask-smorest reads a request, answering as step 06 taught: 400, not 422."""

    DEFAULT_VALIDATION_STATUS = 400

    def load_json(self, req, schema):
        refuse_cut_body()
        if not req.is_json:
            raise UnsupportedMediaType("Send JSON, with Content-Type: application/json.")
        try:
            data = req.get_json()
        except BadRequest:
            raise BadRequest("The body is not valid JSON.") from None
        except RecursionError:  # [[[[…]]]] nested deeper than Python's json module goes
            raise BadRequest("The JSON body is nested too deeply.") from None
        if not isinstance(data, dict):
            raise BadRequest('The body must be a JSON object, like {"name": "…"}.')
        return data


bp = Blueprint("api", __name__, url_prefix="/api/v1", description="Accounts and their tasks.")
bp.ARGUMENTS_PARSER = Parser()


@bp.get("")
@bp.response(200)
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
@limiter.limit(lambda: current_app.config["SIGNUP_RATE_LIMIT"],
               error_message="Too many sign-ups from your address: try again later.")
@bp.arguments(schemas.AccountSchema)
@bp.response(201, schemas.AccountSchema)
def create_account(fields: dict):
    """Register: {username, email, password}."""
    password_hash = hash_password(fields["password"])
    user = User(username=fields["username"], email=fields["email"], password_hash=password_hash)
    db.session.add(user)
    commit_unless_taken()
    location = url_for(".get_account", username=user.username)
    return user, {"Location": location}


@bp.post("/accounts/login")
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"],
               error_message="Too many logins from your address: try again later.")
@bp.arguments(schemas.LoginSchema)
@bp.response(200, schemas.TokenSchema)
def login(fields: dict):
    """Log in: {username, password} gives a token."""
    user = authenticate(fields["username"], fields["password"])
    if user is None:
        # The same answer for both mistakes: never tell which usernames exist.
        raise unauthorized("Wrong username or password.")
    token, row = issue_token(user)
    db.session.commit()
    return {"token": token, "expires_at": row.expires_at}


# POST only: a GET must never change anything (step 03), or a link, a prefetch
# or a HEAD request could log you out.
@bp.post("/accounts/logout")
@login_required
@bp.response(204)
def logout():
    """Log out: the token stops working at once."""
    db.session.execute(delete(Token).where(Token.token_hash == g.token_hash))
    db.session.commit()


@bp.get("/accounts/<username>")
@login_required
@bp.response(200, schemas.AccountSchema)
def get_account(username: str):
    """Your profile."""
    return own_account(username)


@bp.put("/accounts/<username>")
@login_required
@bp.arguments(schemas.AccountChangeSchema(partial=True))
@bp.response(200, schemas.AccountSchema)
def update_account(fields: dict, username: str):
    """Change your username, or with current_password, your email or password."""
    user = own_account(username)
    if "current_password" in fields:
        if not check_password_hash(user.password_hash, fields["current_password"]):
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
    return user


@bp.delete("/accounts/<username>")
@login_required
@bp.response(204)
def delete_account(username: str):
    """Delete your account, its tasks and tokens."""
    db.session.delete(own_account(username))
    db.session.commit()


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
@bp.arguments(schemas.PageArgsSchema, location="query")
@bp.response(200, schemas.TaskPageSchema)
def list_tasks(args: dict, username: str):
    """Your tasks, oldest first: ?page, ?per_page, ?completed=true|false."""
    user = own_account(username)
    query = select(Task).where(Task.user_id == user.id)
    if args["completed"] is not None:
        query = query.where(Task.completed == args["completed"])
    # error_out=False: a page past the end is empty, not an error.
    tasks = db.paginate(query.order_by(Task.creation_date, Task.id), page=args["page"],
                        per_page=args["per_page"], error_out=False)
    return {"tasks": tasks.items, "page": tasks.page, "per_page": tasks.per_page,
            "total": tasks.total}


@bp.post("/accounts/<username>/tasks")
@login_required
@bp.arguments(schemas.TaskSchema)
@bp.response(201, schemas.TaskSchema)
def create_task(fields: dict, username: str):
    """Create a task: {name, note, due_date, completed}."""
    user = own_account(username)
    task = Task(user=user, **fields)
    db.session.add(task)
    db.session.commit()
    location = url_for(".get_task", username=user.username, id=task.id)
    return task, {"Location": location}


# <int(max=…):id>: ids are 32-bit integers in the database; a bigger one is a 404.
TASK = "/accounts/<username>/tasks/<int(max=2147483647):id>"


@bp.get(TASK)
@login_required
@bp.response(200, schemas.TaskSchema)
def get_task(username: str, id: int):
    """One of your tasks."""
    return own_task(username, id)


@bp.put(TASK)
@login_required
@bp.arguments(schemas.TaskChangeSchema(partial=True))
@bp.response(200, schemas.TaskSchema)
def update_task(fields: dict, username: str, id: int):
    """Change the fields given of one of your tasks."""
    task = own_task(username, id)
    for field, value in fields.items():
        setattr(task, field, value)
    db.session.commit()
    return task


@bp.delete(TASK)
@login_required
@bp.response(204)
def delete_task(username: str, id: int):
    """Delete one of your tasks."""
    user = own_account(username)
    # One DELETE statement, and its rowcount says whether this request deleted
    # the task: of two requests deleting it at the same moment, one gets a 404.
    deleted = db.session.execute(delete(Task).where(Task.id == id, Task.user_id == user.id))
    if deleted.rowcount == 0:
        raise NotFound(f"You have no task {id}.")
    db.session.commit()


def own_task(username: str, id: int) -> Task:
    """Task *id* of the logged-in user; someone else's task is not found."""
    user = own_account(username)
    task = db.session.scalar(select(Task).where(Task.id == id, Task.user_id == user.id))
    if task is None:
        raise NotFound(f"You have no task {id}.")
    return task
