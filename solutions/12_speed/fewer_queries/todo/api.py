"""The task list: one page of tasks, each with its owner's name."""

from flask import Blueprint
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .models import Task, db

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/tasks")
def list_tasks():
    query = select(Task).order_by(Task.id)
    query = query.options(selectinload(Task.owner))
    page = db.paginate(query, max_per_page=50)
    return {"tasks": [task.to_dict() for task in page.items], "total": page.total}
