"""Exercise json_validation (step 06): read a JSON body without trusting it."""

from flask import Flask, abort, request

app = Flask(__name__)

TASKS = []


@app.post("/api/tasks")
def create_task():
    # TODO: the body must be a JSON object (anything else: 400 "Send a JSON object.").
    # name is required, a string that is not blank (else 400 naming name); note may be
    # left out or null, else it must be a string (else 400 naming note).
    data = request.json
    name, note = data["name"], data.get("note")
    # END TODO
    task = {"id": len(TASKS) + 1, "name": name.strip(), "note": note}
    TASKS.append(task)
    return task


@app.errorhandler(400)
def bad_request(error):
    return {"error": {"status": 400, "message": error.description}}, 400
