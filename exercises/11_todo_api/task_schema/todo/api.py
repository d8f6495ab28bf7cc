"""The API's views on a flask-smorest blueprint: the schemas check what comes in."""

from flask import current_app, url_for
from flask_smorest import Blueprint, abort

from .schemas import TaskSchema

bp = Blueprint("api", __name__, url_prefix="/api/v1", description="Tasks")


def tasks() -> dict[int, dict]:
    return current_app.extensions.setdefault("tasks", {})


@bp.get("/tasks")
@bp.response(200, TaskSchema(many=True))
def list_tasks():
    return list(tasks().values())


@bp.post("/tasks")
@bp.arguments(TaskSchema)
@bp.response(201, TaskSchema)
def create_task(task):
    # The view runs only if the body passed TaskSchema: task is a dict of clean values.
    task["id"] = max(tasks(), default=0) + 1
    tasks()[task["id"]] = task
    return task, {"Location": url_for(".get_task", task_id=task["id"])}


@bp.get("/tasks/<int:task_id>")
@bp.response(200, TaskSchema)
def get_task(task_id):
    if task_id not in tasks():
        abort(404, message=f"There is no task {task_id}.")
    return tasks()[task_id]
