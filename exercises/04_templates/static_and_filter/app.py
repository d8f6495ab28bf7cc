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


# TODO: register a template filter called "due" that turns a date into words:
# "overdue" before today, "due today", "due tomorrow", then "due in 5 days".


@app.get("/")
def list_tasks():
    return render_template("tasks.html", tasks=TASKS)
