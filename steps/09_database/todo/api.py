"""The API blueprint: every route under /api/v1, in the order the README uses them."""

from flask import Blueprint, current_app, url_for
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from .models import Task, db
from .validation import json_body, page_args, task_fields

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


@bp.get("/tasks")
def list_tasks():
    """Your tasks, oldest first: ?page, ?per_page, ?completed=true|false."""
    page, per_page, completed = page_args()
    query = select(Task)
    if completed is not None:
        query = query.where(Task.completed == completed)
    # error_out=False: a page past the end is empty, not an error.
    tasks = db.paginate(query.order_by(Task.creation_date, Task.id), page=page,
                        per_page=per_page, error_out=False)
    return {"tasks": [task.to_dict() for task in tasks.items], "page": tasks.page,
            "per_page": tasks.per_page, "total": tasks.total}


@bp.post("/tasks")
def create_task():
    """Create a task: {name, note, due_date, completed}."""
    fields = task_fields(json_body())
    task = Task(**fields)
    db.session.add(task)
    db.session.commit()
    location = url_for(".get_task", id=task.id)
    return task.to_dict(), 201, {"Location": location}


# <int(max=…):id>: ids are 32-bit integers in the database; a bigger one is a 404.
TASK = "/tasks/<int(max=2147483647):id>"


@bp.get(TASK)
def get_task(id: int):
    """One of your tasks."""
    return find_task(id).to_dict()


@bp.put(TASK)
def update_task(id: int):
    """Change the fields given of one of your tasks."""
    task = find_task(id)
    fields = task_fields(json_body(), partial=True)
    for field, value in fields.items():
        setattr(task, field, value)
    db.session.commit()
    return task.to_dict()


@bp.delete(TASK)
def delete_task(id: int):
    """Delete one of your tasks."""
    db.session.delete(find_task(id))
    db.session.commit()
    return "", 204


def find_task(id: int) -> Task:
    """Task *id*, or a 404 that says which."""
    task = db.session.get(Task, id)
    if task is None:
        raise NotFound(f"You have no task {id}.")
    return task
