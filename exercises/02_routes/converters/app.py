"""Step 02: several routes, variables in URLs, and url_for()."""

from flask import Flask, url_for
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


# TODO: task ids are whole numbers. Make /tasks/abc a 404 without writing an `if`:
# a converter in the route refuses anything else, and hands the view an int.
@app.route("/tasks/<task_id>")
# END TODO
def show_task(task_id):
    return f"Task #{task_id}"


@app.route("/timer/<float:minutes>")
def timer(minutes):
    return f"Timer set for {minutes * 60:.0f} seconds."


# `path` is like the default converter but also accepts slashes.
@app.route("/files/<path:filename>")
def show_file(filename):
    return f"File: {escape(filename)}"


# TODO: user ids are UUIDs (like 0d6bd5d4-6a8b-4a4a-9a47-2c2a4f3b8e3e). Make any other
# value a 404, and hand the view a uuid.UUID object instead of a string.
@app.route("/users/<user_id>")
# END TODO
def show_user(user_id):
    return f"User {user_id} (a {type(user_id).__name__})"


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
