"""Step 03: HTTP methods: GET, POST and friends, one view per method."""

from flask import Flask, request, url_for
from markupsafe import escape

# __name__ tells Flask where this module lives, so it can find templates and static files later.
app = Flask(__name__)


# One function can answer several URLs. The route nearest the function is
# registered first, and url_for("index") builds that one: "/".
@app.route("/index")
@app.route("/")
def index():
    return "Hello, world!"


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
    # `name` comes from the URL, so from the user: escape it before it goes into HTML.
    return f"Hello, {escape(name)}!"


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


# TODO: split this view in two, one per method, with @app.get and @app.post (call them
# list_tasks and create_task). Flask then answers every other method with 405 Method
# Not Allowed and an Allow header by itself: no "not allowed" branch needed.
@app.route("/tasks", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def tasks():
    if request.method == "GET":
        return "All the tasks."
    if request.method == "POST":
        return "Pretending to create a task."
    return "This method is not allowed"
# END TODO


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
