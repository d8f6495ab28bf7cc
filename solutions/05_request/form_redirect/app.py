"""Exercise form_redirect (step 05): a form that validates, and redirects after POST."""

from flask import Flask, abort, redirect, request, url_for

app = Flask(__name__)

TASKS = ["Book the room"]

FORM = """<form method="post" action="{action}">
  <input name="name" placeholder="A new task"> <button>Add</button>
</form>"""


@app.get("/tasks")
def list_tasks():
    items = "".join(f"<li>{name}</li>" for name in TASKS)
    return f"<ul>{items}</ul>" + FORM.format(action=url_for("create_task"))


@app.post("/tasks")
def create_task():
    name = request.form.get("name", "").strip()
    if not name:
        abort(400, "A task needs a name.")
    TASKS.append(name)
    return redirect(url_for("list_tasks"), 303)
