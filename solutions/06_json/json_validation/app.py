"""Exercise json_validation (step 06): read a JSON body without trusting it."""

from flask import Flask, abort, request

app = Flask(__name__)

TASKS = []


@app.post("/api/tasks")
def create_task():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400, "Send a JSON object.")
    name, note = data.get("name"), data.get("note")
    if not isinstance(name, str) or not name.strip():
        abort(400, "name is required: a string that is not blank.")
    if note is not None and not isinstance(note, str):
        abort(400, "note must be a string, or null.")
    task = {"id": len(TASKS) + 1, "name": name.strip(), "note": note}
    TASKS.append(task)
    return task


@app.errorhandler(400)
def bad_request(error):
    return {"error": {"status": 400, "message": error.description}}, 400
