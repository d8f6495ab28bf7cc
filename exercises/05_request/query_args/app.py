"""Exercise query_args (step 05): read the query string safely."""

from flask import Flask, request

app = Flask(__name__)

TASKS = [f"Write chapter {n}" for n in range(1, 13)] + ["Book the room", "Test the demo", "WRITE the slides"]


@app.get("/tasks")
def list_tasks():
    # TODO: ?limit (a whole number, 10 when missing or not a number) says how many tasks
    # to show; ?q (optional) keeps only the tasks whose name contains it, ignoring case.
    limit = int(request.args["limit"])
    query = request.args["q"]
    found = [name for name in TASKS if query in name]
    # END TODO
    return "\n".join(found[:limit])
