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
    # TODO: answer one page of tasks, in id order: ?page (default 1) and ?per_page
    # (default 20, at most 50); a page past the end is a 404. With ?completed=true or
    # false, only those tasks, and the total counts only them.
    tasks = db.session.scalars(select(Task)).all()
    return {"tasks": [task.to_dict() for task in tasks], "page": 1, "pages": 1, "total": len(tasks)}
    # END TODO


@bp.post("/tasks")
def create_task():
    data = request.get_json(silent=True) or {}
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        abort(400, "A task needs a name.")
    task = Task(name=data["name"].strip(), completed=data.get("completed") is True)
    db.session.add(task)
    db.session.commit()
    return task.to_dict(), 201
