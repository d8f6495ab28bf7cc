"""The API's views, on a blueprint mounted at /api/v1."""

from flask import Blueprint, abort, current_app, request, url_for

from .errors import ValidationError

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def tasks() -> dict[int, dict]:
    """This app's tasks, in memory: each app (each test) has its own."""
    return current_app.extensions.setdefault("tasks", {})


@bp.get("/tasks")
def list_tasks():
    return {"tasks": list(tasks().values())}


@bp.post("/tasks")
def create_task():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400, "Send a JSON object.")
    problems = {}
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        problems["name"] = "A task needs a name."
    if not isinstance(data.get("note", ""), str):
        problems["note"] = "A note is text."
    if problems:
        raise ValidationError(problems)
    task = {"id": max(tasks(), default=0) + 1, "name": data["name"].strip(), "note": data.get("note", "")}
    tasks()[task["id"]] = task
    return task, 201, {"Location": url_for(".get_task", task_id=task["id"])}


@bp.get("/tasks/<int:task_id>")
def get_task(task_id):
    if task_id not in tasks():
        abort(404, f"There is no task {task_id}.")
    return tasks()[task_id]
