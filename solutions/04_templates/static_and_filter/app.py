"""Exercise static_and_filter (step 04): a custom filter, and a stylesheet from static/."""

from datetime import date, timedelta

from flask import Flask, render_template

app = Flask(__name__)

TODAY = date.today()
TASKS = [
    {"name": "Book the room", "due": TODAY - timedelta(days=2)},
    {"name": "Test the demo", "due": TODAY},
    {"name": "Print the badges", "due": TODAY + timedelta(days=1)},
    {"name": "Write the slides", "due": TODAY + timedelta(days=5)},
]


@app.template_filter("due")
def due(day):
    days = (day - date.today()).days
    if days < 0:
        return "overdue"
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    return f"due in {days} days"


@app.get("/")
def list_tasks():
    return render_template("tasks.html", tasks=TASKS)
