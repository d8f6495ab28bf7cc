"""Exercise converters (step 02): let Flask convert the parts of a URL."""

import uuid

from flask import Flask

app = Flask(__name__)

TASKS = {1: "Write the slides", 2: "Test the demo", 3: "Book the room"}
USERS = {uuid.UUID("0b6c3b5e-6f7a-4a8e-9a43-5f1c2f8d9e10"): "ada"}


# TODO: task_id arrives as a string ("1"), so TASKS, whose keys are numbers, never
# has it. Let Flask turn it into an int before the view runs.
@app.route("/tasks/<task_id>")
# END TODO
def show_task(task_id):
    name = TASKS.get(task_id)
    if name is None:
        return f"There is no task {task_id}.", 404
    return f"Task {task_id}: {name}"


# TODO: user ids are UUIDs. Let Flask turn user_id into a uuid.UUID, so that
# anything else (/users/42, /users/ada) is a 404 without reaching the view.
@app.route("/users/<user_id>")
# END TODO
def show_user(user_id):
    name = USERS.get(user_id)
    if name is None:
        return f"There is no user {user_id}.", 404
    return f"User {user_id} is {name}."
