"""Exercise query_args (step 05): read the query string safely."""

from flask import Flask, request

app = Flask(__name__)

TASKS = [f"Write chapter {n}" for n in range(1, 13)] + ["Book the room", "Test the demo", "WRITE the slides"]


@app.get("/tasks")
def list_tasks():
    limit = request.args.get("limit", 10, type=int)
    query = request.args.get("q", "").lower()
    found = [name for name in TASKS if query in name.lower()]
    return "\n".join(found[:limit])
