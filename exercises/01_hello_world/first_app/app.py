"""Step 01 exercise: your first view, and the safe way to start the server."""

from flask import Flask

# __name__ tells Flask where this module lives, so it can find templates and static files later.
app = Flask(__name__)


# TODO: add a view for the URL "/" that returns the text "Hello, workshop!".


if __name__ == "__main__":
    # TODO: this line opens the development server, and its debugger, to your whole
    # network on port 80. Start it the safe way: on 127.0.0.1 (the default), on a port
    # above 1024 (the default 5000 will do), and without debug mode.
    app.run(host="0.0.0.0", port=80, debug=True)
    # END TODO
