"""Exercise converters (step 02): let Flask convert the parts of a URL."""

import uuid

from flask import Flask

app = Flask(__name__)

TASKS = {1: "Write the slides", 2: "Test the demo", 3: "Book the room"}
USERS = {uuid.UUID("0b6c3b5e-6f7a-4a8e-9a43-5f1c2f8d9e10"): "ada"}


@app.route("/tasks/<int:task_id>")
def show_task(task_id):
    name = TASKS.get(task_id)
    if name is None:
        return f"There is no task {task_id}.", 404
    return f"Task {task_id}: {name}"


@app.route("/users/<uuid:user_id>")
def show_user(user_id):
    name = USERS.get(user_id)
    if name is None:
        return f"There is no user {user_id}.", 404
    return f"User {user_id} is {name}."
