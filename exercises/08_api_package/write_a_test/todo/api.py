"""The API's views, on a blueprint mounted at /api/v1; errors in one JSON envelope."""

from flask import Blueprint, abort, current_app, request, url_for
from werkzeug.exceptions import BadRequest

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def tasks() -> dict[int, dict]:
    """This app's tasks, in memory: each app (each test) has its own."""
    return current_app.extensions.setdefault("tasks", {})


def add_task(name: str) -> dict:
    task = {"id": max(tasks(), default=0) + 1, "name": name, "completed": False}
    tasks()[task["id"]] = task
    return task


@bp.get("/tasks")
def list_tasks():
    return {"tasks": list(tasks().values())}


@bp.post("/tasks")
def create_task():
    name = (request.get_json(silent=True) or {}).get("name")
    if not isinstance(name, str) or not name.strip():
        error = BadRequest("Some fields are not valid.")
        error.fields = {"name": "A task needs a name."}
        raise error
    task = add_task(name.strip())
    return task, 201, {"Location": url_for(".get_task", task_id=task["id"])}


@bp.get("/tasks/<int:task_id>")
def get_task(task_id):
    if task_id not in tasks():
        abort(404, f"There is no task {task_id}.")
    return tasks()[task_id]


def error_envelope(error):
    body = {"status": error.code, "message": error.description}
    if getattr(error, "fields", None):
        body["fields"] = error.fields
    return {"error": body}, error.code
