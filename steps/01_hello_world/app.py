"""Step 01: the smallest Flask app."""

from flask import Flask

# __name__ tells Flask where this module lives, so it can find templates and static files later.
app = Flask(__name__)


@app.route("/")
def index():
    return "Hello, world!"


if __name__ == "__main__":
    # `python app.py` starts the development server on http://127.0.0.1:5000.
    # `flask --app app run --debug` is the usual way; it also adds the reloader and debugger.
    app.run()
