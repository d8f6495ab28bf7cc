"""Tasks, each owned by the user who created it; public ones others may read."""

from flask import Blueprint, abort, current_app, g, request

from .auth import login_required

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def tasks() -> dict[int, dict]:
    return current_app.extensions.setdefault("tasks", {})


def own_task(task_id: int, action: str) -> dict:
    """The task *task_id*, if g.user may *action* ("read" or "change") it; else 404 or 403."""
    task = tasks().get(task_id)
    # TODO: a task that is not g.user's is a 404, as if it did not exist, unless it is
    # public: then others may read it, and trying to change it is a 403.
    if task is None:
        abort(404, f"There is no task {task_id}.")
    # END TODO
    return task


@bp.get("/tasks")
@login_required
def list_tasks():
    return {"tasks": [t for t in tasks().values() if t["owner"] == g.user["username"]]}


@bp.post("/tasks")
@login_required
def create_task():
    data = request.get_json(silent=True) or {}
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        abort(400, "A task needs a name.")
    task = {"id": max(tasks(), default=0) + 1, "name": data["name"].strip(),
            "public": data.get("public") is True, "owner": g.user["username"]}
    tasks()[task["id"]] = task
    return task, 201


@bp.get("/tasks/<int:task_id>")
@login_required
def get_task(task_id):
    return own_task(task_id, "read")


@bp.delete("/tasks/<int:task_id>")
@login_required
def delete_task(task_id):
    del tasks()[own_task(task_id, "change")["id"]]
    return "", 204
