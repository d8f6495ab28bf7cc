"""Exercise created_location (step 07): the status code says what happened."""

from flask import Flask, abort, request, url_for

app = Flask(__name__)

TASKS = {1: {"id": 1, "name": "Book the room"}}


@app.get("/api/tasks/<int:task_id>")
def get_task(task_id):
    if task_id not in TASKS:
        abort(404, f"There is no task {task_id}.")
    return TASKS[task_id]


@app.post("/api/tasks")
def create_task():
    name = (request.get_json(silent=True) or {}).get("name")
    if not isinstance(name, str) or not name.strip():
        abort(400, "A task needs a name.")
    if any(task["name"].lower() == name.strip().lower() for task in TASKS.values()):
        abort(409, "A task with that name already exists.")
    task = {"id": max(TASKS) + 1, "name": name.strip()}
    TASKS[task["id"]] = task
    return task, 201, {"Location": url_for("get_task", task_id=task["id"])}


@app.delete("/api/tasks/<int:task_id>")
def delete_task(task_id):
    if task_id not in TASKS:
        abort(404, f"There is no task {task_id}.")
    del TASKS[task_id]
    return "", 204


@app.errorhandler(400)
@app.errorhandler(404)
@app.errorhandler(409)
def api_error(error):
    return {"error": {"status": error.code, "message": error.description}}, error.code
