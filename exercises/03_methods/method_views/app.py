"""Exercise method_views (step 03): one view per method, and Flask's own 405."""

from flask import Flask, request

app = Flask(__name__)


# TODO: this view accepts every method and answers 200 "not allowed" to the ones it
# does not handle, so a client believes its PUT worked. Write one view per method
# the URL supports (GET lists, POST creates) and let Flask refuse the others.
@app.route("/tasks", methods=["GET", "POST", "PUT", "DELETE"])
def tasks():
    if request.method == "GET":
        return "All the tasks."
    if request.method == "POST":
        return "Pretending to create a task."
    return "This method is not allowed."
# END TODO


@app.get("/")
def index():
    return f"You sent a {request.method} request."
