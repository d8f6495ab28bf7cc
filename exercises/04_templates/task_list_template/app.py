"""Exercise task_list_template (step 04): a template that extends base.html."""

from flask import Flask, render_template

app = Flask(__name__)

TASKS = [
    {"name": "write the slides", "done": True},
    {"name": "test the demo", "done": False},
    {"name": "<script>alert('hi')</script>", "done": False},
]


@app.get("/tasks")
def list_tasks():
    return render_template("tasks.html", tasks=TASKS)


@app.get("/tasks/none")
def no_tasks():
    return render_template("tasks.html", tasks=[])
