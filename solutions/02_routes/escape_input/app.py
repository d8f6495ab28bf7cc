"""Exercise escape_input (step 02): what comes from the URL is text, not HTML."""

from flask import Flask
from markupsafe import escape

app = Flask(__name__)


@app.route("/hello/<name>")
def hello(name):
    return f"<h1>Hello, {escape(name)}!</h1>"


@app.route("/files/<path:filename>")
def show_file(filename):
    return f"<p>You asked for the file <code>{escape(filename)}</code>.</p>"
