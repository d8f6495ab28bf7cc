"""Exercise method_views (step 03): one view per method, and Flask's own 405."""

from flask import Flask, request

app = Flask(__name__)


@app.get("/tasks")
def list_tasks():
    return "All the tasks."


@app.post("/tasks")
def create_task():
    return "Pretending to create a task."


@app.get("/")
def index():
    return f"You sent a {request.method} request."
