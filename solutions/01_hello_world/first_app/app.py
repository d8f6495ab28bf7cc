"""Step 01 exercise: your first view, and the safe way to start the server."""

from flask import Flask

# __name__ tells Flask where this module lives, so it can find templates and static files later.
app = Flask(__name__)


@app.route("/")
def index():
    return "Hello, workshop!"


if __name__ == "__main__":
    # The defaults are the safe choice: 127.0.0.1, port 5000, debug off.
    app.run()
