"""The API's views, on a blueprint: every URL of the API starts with /api/v1."""

from flask import Blueprint, abort, current_app, request, url_for

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def tasks() -> dict[int, dict]:
    """This app's tasks, in memory: each app (each test) has its own."""
    return current_app.extensions.setdefault("tasks", {})


@bp.get("/")
def index():
    return {"tasks": url_for(".list_tasks")}


@bp.get("/tasks")
def list_tasks():
    return {"tasks": list(tasks().values())}


@bp.post("/tasks")
def create_task():
    name = (request.get_json(silent=True) or {}).get("name")
    if not isinstance(name, str) or not name.strip():
        abort(400, "A task needs a name.")
    if len(tasks()) >= current_app.config["TASKS_LIMIT"]:
        abort(409, "There are too many tasks already.")
    task = {"id": max(tasks(), default=0) + 1, "name": name.strip()}
    tasks()[task["id"]] = task
    return task, 201, {"Location": url_for(".get_task", task_id=task["id"])}


@bp.get("/tasks/<int:task_id>")
def get_task(task_id):
    if task_id not in tasks():
        abort(404, f"There is no task {task_id}.")
    return tasks()[task_id]
