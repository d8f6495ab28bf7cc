"""Exercise escape_input (step 02): what comes from the URL is text, not HTML."""

from flask import Flask
from markupsafe import escape

app = Flask(__name__)


@app.route("/hello/<name>")
def hello(name):
    # TODO: anyone can put HTML, and a <script>, in the URL. Show it as text.
    return f"<h1>Hello, {name}!</h1>"
    # END TODO


@app.route("/files/<path:filename>")
def show_file(filename):
    # TODO: the same here: the file name is typed by the visitor.
    return f"<p>You asked for the file <code>{filename}</code>.</p>"
    # END TODO
