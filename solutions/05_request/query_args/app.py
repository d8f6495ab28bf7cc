"""Step 05: the request object: query strings, forms, cookies, uploads, the session."""

import os
import secrets
from datetime import datetime, timezone

from flask import Flask, abort, redirect, render_template, request, session, url_for
from markupsafe import escape
from werkzeug.utils import secure_filename

# __name__ tells Flask where this module lives, so it can find templates and static files later.
app = Flask(__name__)
# The session cookie is signed with SECRET_KEY: it comes from the environment, never
# from the code. Without one, a random key is made at start-up (sessions then end
# when the server restarts).
app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY") or secrets.token_hex(32)
# Bigger request bodies are refused with 413 Content Too Large.
app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
# The instance folder holds this installation's files, outside the code.
app.config["UPLOAD_FOLDER"] = os.path.join(app.instance_path, "uploads")

# Sample data until step 09 brings a database.
TASKS = [
    {"id": 1, "name": "learn flask routing", "done": True, "note": "steps 01 to 03"},
    {"id": 2, "name": "write a template", "done": False, "note": None},
    {"id": 3, "name": "build the to-do api", "done": False, "note": "steps 08 to 11"},
]

# Markup we wrote ourselves, so it may be marked |safe in the template.
WELCOME = "Welcome to the <em>Flask workshop</em>."


def add_task(name, note=None):
    """Append a new task to TASKS and return it."""
    task_id = max((task["id"] for task in TASKS), default=0) + 1
    task = {"id": task_id, "name": name, "done": False, "note": note}
    TASKS.append(task)
    return task


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
    # type=int turns "abc" into the default instead of a crash; `limit` and `q` are optional.
    limit = request.args.get("limit", 10, type=int)
    query = request.args.get("q", "").lower()
    # Lower-case both sides: "write" finds "Write docs" too.
    tasks = [task for task in TASKS if query in task["name"].lower()]
    return render_template("tasks.html", tasks=tasks[: max(limit, 0)])


@app.get("/tasks/new")
def new_task():
    return render_template("new_task.html")


@app.post("/tasks")
def create_task():
    # request.form["name"] would answer a missing field with a 400 too, but with a
    # vague message; .get() lets us say what is wrong.
    name = request.form.get("name", "").strip()
    if not name:
        # abort() stops the view here: Flask answers with that status and message.
        abort(400, "A task needs a name.")
    add_task(name, request.form.get("note", "").strip() or None)
    # Redirect after POST: redirect() answers with a Location header, the browser GETs
    # the list from there, and reloading it does not send the form again.
    return redirect(url_for("list_tasks"))


@app.put("/tasks/<int:task_id>")
def update_task(task_id):
    return f"Pretending to replace task #{task_id}."


@app.delete("/tasks/<int:task_id>")
def delete_task(task_id):
    return f"Pretending to delete task #{task_id}."


@app.get("/whoami")
def whoami():
    """What the server sees of your request."""
    session["visits"] = session.get("visits", 0) + 1
    return render_template(
        "whoami.html",
        method=request.method,
        user_agent=request.headers.get("User-Agent", "unknown"),
        theme=request.cookies.get("theme"),  # None when the browser sent no such cookie
        visits=session["visits"],
    )


@app.get("/upload")
def upload_form():
    return render_template("upload.html")


@app.post("/upload")
def upload():
    file = request.files.get("file")
    if file is None:
        abort(400, "Send the file in a form field named 'file'.")
    # Never use the client's filename as it is: "../../app.py" would write outside the folder.
    filename = secure_filename(file.filename or "")
    if not filename:
        abort(400, "Choose a file whose name has letters or digits in it.")
    folder = app.config["UPLOAD_FOLDER"]
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, filename)
    if os.path.exists(path):
        abort(409, f"{filename} exists already; rename your file and try again.")
    file.save(path)
    return f"Saved {escape(filename)}."


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
