"""Exercise task_model (step 09): the Task model's columns, in SQLAlchemy 2 style."""

from sqlalchemy import inspect

EXERCISE = "task_model"


def test_the_table_has_the_three_columns(app, package):
    """the task table has the columns note, completed and due_date"""
    with app.app_context():
        columns = {c["name"]: c for c in inspect(package.db.engine).get_columns("task")}
    missing = [name for name in ("note", "completed", "due_date") if name not in columns]
    assert not missing, f"the task table has no column {', '.join(missing)}: a task's {missing[0]} would be lost"
    assert columns["note"]["nullable"] and columns["due_date"]["nullable"], "a task may leave out its note and due date"
    assert not columns["completed"]["nullable"], "completed is always true or false, never NULL"
    assert getattr(columns["note"]["type"], "length", None) == 500, "a note is up to 500 characters"


def test_new_task_has_defaults(client):
    """a task created with only a name has no note, no due date, and is not completed"""
    response = client.post("/api/v1/tasks", json={"name": "milk"})
    assert response.status_code == 201, f"POST /api/v1/tasks answers {response.status_code}"
    task = response.get_json()
    assert task == {"id": 1, "name": "milk", "note": None, "completed": False, "due_date": None}, (
        f"a task created with only a name should read note null, completed false, due_date null; it reads {task}"
    )


def test_note_and_due_date_are_kept(client):
    """a task's note and due date are stored and read back"""
    client.post("/api/v1/tasks", json={"name": "slides", "note": "draft", "due_date": "2030-01-31"})
    task = client.get("/api/v1/tasks/1").get_json()
    assert task["note"] == "draft" and task["due_date"] == "2030-01-31", (
        f"GET /api/v1/tasks/1 should give back the note and the due date it was created with, got {task}"
    )


def test_completed_is_stored(app, package):
    """a completed task reads back as completed"""
    with app.app_context():
        package.db.session.add(package.models.Task(name="done already", completed=True))
        package.db.session.commit()
    task = app.test_client().get("/api/v1/tasks/1").get_json()
    assert task["completed"] is True, f"a task stored as completed reads back {task['completed']!r}"
