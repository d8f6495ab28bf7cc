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
    # TODO: a name that is already taken (ignoring case) is a 409 Conflict. A new task
    # answers 201 Created, with the task, and a Location header giving its URL, built
    # with url_for().
    task = {"id": max(TASKS) + 1, "name": name.strip()}
    TASKS[task["id"]] = task
    return task
    # END TODO


@app.delete("/api/tasks/<int:task_id>")
def delete_task(task_id):
    if task_id not in TASKS:
        abort(404, f"There is no task {task_id}.")
    # TODO: done, and nothing to say: 204 No Content, with no body at all.
    deleted = TASKS.pop(task_id)
    return {"deleted": deleted}
    # END TODO


@app.errorhandler(400)
@app.errorhandler(404)
@app.errorhandler(409)
def api_error(error):
    return {"error": {"status": error.code, "message": error.description}}, error.code
