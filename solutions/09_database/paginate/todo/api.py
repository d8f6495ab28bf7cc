"""The API's views, on a blueprint mounted at /api/v1."""

from flask import Blueprint, abort, request
from sqlalchemy import select

from .models import Task, db

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/tasks")
def list_tasks():
    value = request.args.get("completed")
    if value not in (None, "true", "false"):
        abort(400, "completed is true or false.")
    completed = None if value is None else value == "true"
    query = select(Task).order_by(Task.id)
    if completed is not None:
        query = query.where(Task.completed == completed)
    page = db.paginate(query, max_per_page=50)
    return {
        "tasks": [task.to_dict() for task in page.items],
        "page": page.page,
        "pages": page.pages,
        "total": page.total,
    }


@bp.post("/tasks")
def create_task():
    data = request.get_json(silent=True) or {}
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        abort(400, "A task needs a name.")
    task = Task(name=data["name"].strip(), completed=data.get("completed") is True)
    db.session.add(task)
    db.session.commit()
    return task.to_dict(), 201
