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
    # TODO: a name that is missing or only spaces is a 400 saying "A task needs a name."
    # A good name is added (without its surrounding spaces), then the browser is sent back
    # to the list with a redirect, so reloading the page does not post the form again.
    name = request.form["name"]
    TASKS.append(name)
    return f"Added {name}."
    # END TODO
