"""Exercise json_errors (step 06): errors of the API answer JSON; pages keep HTML."""

from flask import Flask, abort, json, request
from werkzeug.exceptions import HTTPException

app = Flask(__name__)

TASKS = {1: {"id": 1, "name": "Book the room"}}


@app.get("/")
def index():
    return "<h1>To-do</h1>"


@app.get("/api/tasks/<int:task_id>")
def get_task(task_id):
    if task_id not in TASKS:
        abort(404, f"There is no task {task_id}.")
    return TASKS[task_id]


@app.delete("/api/tasks/<int:task_id>")
def delete_task(task_id):
    abort(403, "Tasks cannot be deleted yet.")


# TODO: for a URL under /api/, answer every HTTP error as JSON,
# {"error": {"status": 404, "message": "There is no task 9."}}, keeping its status and
# headers (a 405 keeps Allow). Any other URL keeps Flask's HTML error page.
