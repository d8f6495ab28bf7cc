"""Exercise safe_methods (step 03): GET reads, DELETE deletes."""

from flask import Flask

app = Flask(__name__)

TASKS = {1: "Write the slides", 2: "Test the demo", 3: "Book the room"}


@app.get("/tasks")
def list_tasks():
    return "\n".join(f"{number}. {name}" for number, name in TASKS.items())


@app.get("/tasks/<int:task_id>")
def show_task(task_id):
    if task_id not in TASKS:
        return f"There is no task {task_id}.", 404
    return f"Task {task_id}: {TASKS[task_id]}"


# TODO: a GET must never change anything: browsers prefetch links, crawlers follow
# them, caches replay them. Deleting belongs to the DELETE method, on the task's own URL.
@app.get("/tasks/<int:task_id>/delete")
# END TODO
def delete_task(task_id):
    if task_id not in TASKS:
        return f"There is no task {task_id}.", 404
    del TASKS[task_id]
    return f"Deleted task {task_id}."
