"""Step 04: templates, template inheritance, static files."""

from datetime import datetime, timezone

from flask import Flask, render_template, request, url_for
from markupsafe import escape

# __name__ tells Flask where this module lives, so it can find templates and static files later.
app = Flask(__name__)

# Sample data until step 09 brings a database.
TASKS = [
    {"id": 1, "name": "learn flask routing", "done": True, "note": "steps 01 to 03"},
    {"id": 2, "name": "write a template", "done": False, "note": None},
    {"id": 3, "name": "build the to-do api", "done": False, "note": "steps 08 to 11"},
]

# Markup we wrote ourselves, so it may be marked |safe in the template.
WELCOME = "Welcome to the <em>Flask workshop</em>."


@app.context_processor
def inject_year():
    """Variables every template can use."""
    return {"current_year": datetime.now(timezone.utc).year}


@app.template_filter("pluralize")
def pluralize(count, word):
    """{{ 3|pluralize("task") }} -> "3 tasks"."""
    return f"{count} {word if count == 1 else word + 's'}"


# One function can answer several URLs. The route nearest the function is
# registered first, and url_for("index") builds that one: "/".
@app.route("/index")
@app.route("/")
def index():
    return render_template("index.html", welcome=WELCOME)


# No trailing slash: /about/ is a 404, like a file path.
@app.route("/about")
def about():
    return "A hands-on Flask workshop."


# A trailing slash: /projects redirects here, like a folder.
@app.route("/projects/")
def projects():
    return "The projects list."


@app.route("/hello/<name>")
def hello(name):
    # Templates escape every {{ value }}: no escape() needed here any more.
    return render_template("hello.html", name=name)


# Converters check and convert the value; /tasks/abc never reaches this function (404).
@app.route("/tasks/<int:task_id>")
def show_task(task_id):
    return f"Task #{task_id}"


@app.route("/timer/<float:minutes>")
def timer(minutes):
    return f"Timer set for {minutes * 60:.0f} seconds."


# `path` is like the default converter but also accepts slashes.
@app.route("/files/<path:filename>")
def show_file(filename):
    return f"File: {escape(filename)}"


@app.route("/users/<uuid:user_id>")
def show_user(user_id):
    return f"User {user_id} (a {type(user_id).__name__})"


# One view for two methods: branch on request.method.
@app.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        return "Pretending to log you in (real logins come in step 10)."
    return "Pretending to show the login form."


# The cleaner form: one view per method. Any other method gets a 405 from Flask.
@app.get("/tasks")
def list_tasks():
    return render_template("tasks.html", tasks=TASKS)


@app.post("/tasks")
def create_task():
    return "Pretending to create a task."


@app.put("/tasks/<int:task_id>")
def update_task(task_id):
    return f"Pretending to replace task #{task_id}."


@app.delete("/tasks/<int:task_id>")
def delete_task(task_id):
    return f"Pretending to delete task #{task_id}."


@app.route("/links")
def links():
    # url_for() builds URLs from view names: rename a route and every link follows.
    urls = [
        url_for("index"),
        url_for("about"),
        url_for("hello", name="Ada Lovelace"),
        url_for("show_task", task_id=42),
        url_for("projects", page=2),
    ]
    return "<br>".join(f'<a href="{url}">{url}</a>' for url in urls)


if __name__ == "__main__":
    # `python app.py` starts the development server on http://127.0.0.1:5000.
    # `flask --app app run --debug` is the usual way; it also adds the reloader and debugger.
    app.run()
