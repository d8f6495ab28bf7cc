"""The API blueprint: every route under /api/v1, in the order the README uses them."""

from flask import Blueprint, current_app, url_for
from werkzeug.exceptions import NotFound

from .validation import json_body, task_fields

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


# Tasks


def all_tasks() -> list[dict]:
    """This app's tasks, oldest first (create_app made the list)."""
    return current_app.extensions["tasks"]


@bp.get("/tasks")
def list_tasks():
    """Your tasks, oldest first."""
    return {"tasks": all_tasks()}


@bp.post("/tasks")
def create_task():
    """Create a task: {name, note, completed}."""
    fields = task_fields(json_body())
    task = {"id": next(current_app.extensions["task_ids"]), "note": None, "completed": False}
    task.update(fields)
    all_tasks().append(task)
    location = url_for(".get_task", id=task["id"])
    return task, 201, {"Location": location}


@bp.get("/tasks/<int:id>")
def get_task(id: int):
    """One of your tasks."""
    return find_task(id)


@bp.put("/tasks/<int:id>")
def update_task(id: int):
    """Change the fields given of one of your tasks."""
    task = find_task(id)
    fields = task_fields(json_body(), partial=True)
    task.update(fields)
    return task


@bp.delete("/tasks/<int:id>")
def delete_task(id: int):
    """Delete one of your tasks."""
    all_tasks().remove(find_task(id))
    return "", 204


def find_task(id: int) -> dict:
    """Task *id*, or a 404 that says which."""
    for task in all_tasks():
        if task["id"] == id:
            return task
    raise NotFound(f"You have no task {id}.")
