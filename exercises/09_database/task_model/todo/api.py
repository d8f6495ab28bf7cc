"""The API's views, on a blueprint mounted at /api/v1."""

from datetime import date

from flask import Blueprint, abort, request, url_for
from sqlalchemy import select

from .models import Task, db

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/tasks")
def list_tasks():
    tasks = db.session.scalars(select(Task).order_by(Task.id))
    return {"tasks": [task.to_dict() for task in tasks]}


@bp.post("/tasks")
def create_task():
    data = request.get_json(silent=True) or {}
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        abort(400, "A task needs a name.")
    try:
        due_date = date.fromisoformat(data["due_date"]) if data.get("due_date") else None
    except (TypeError, ValueError):
        abort(400, "due_date is a date: YYYY-MM-DD.")
    task = Task(name=data["name"].strip(), note=data.get("note"), due_date=due_date)
    db.session.add(task)
    db.session.commit()
    return task.to_dict(), 201, {"Location": url_for(".get_task", task_id=task.id)}


@bp.get("/tasks/<int:task_id>")
def get_task(task_id):
    task = db.session.get(Task, task_id) or abort(404, f"There is no task {task_id}.")
    return task.to_dict()
