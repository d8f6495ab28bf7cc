"""Exercise form_redirect (step 05): validate a form, answer 400, redirect after POST."""

import sys

import pytest

EXERCISE = "form_redirect"


def tasks_of(app):
    return sys.modules[app.import_name].TASKS


def test_valid_form_redirects_to_the_list(client):
    """POSTing a task redirects to the list"""
    response = client.post("/tasks", data={"name": "buy milk", "note": ""})
    assert response.status_code in (302, 303), (
        f"POST /tasks answers {response.status_code}; after a successful POST, redirect to "
        "the list (redirect(url_for('list_tasks'))) so reloading does not send the form again"
    )
    assert response.headers["Location"] == "/tasks", (
        f"the redirect should go to /tasks, not {response.headers['Location']!r}"
    )


def test_created_task_is_listed(client):
    """the new task shows up in the list"""
    response = client.post("/tasks", data={"name": "  buy milk  ", "note": ""}, follow_redirects=True)
    assert response.status_code == 200, f"following the redirect should end on a 200 page, not {response.status_code}"
    assert "Buy Milk" in response.text, "after POSTing 'buy milk', the task list should show it"


def test_name_is_stripped_and_blank_note_is_none(app, client):
    """the name is stored without spaces around it; a blank note is None"""
    client.post("/tasks", data={"name": "  buy milk  ", "note": "   "})
    task = tasks_of(app)[-1]
    assert task["name"] == "buy milk", f"the name should be stored stripped, not {task['name']!r}"
    assert task["note"] is None, f"a blank note should be stored as None, not {task['note']!r}"


@pytest.mark.parametrize("data", [{"name": "   ", "note": ""}, {"note": "no name at all"}])
def test_missing_or_blank_name_is_400(app, client, data):
    """a missing or blank name is refused with 400"""
    response = client.post("/tasks", data=data)
    assert response.status_code == 400, (
        f"POST /tasks with {data} should be 400 Bad Request, not {response.status_code}"
    )
    assert "A task needs a name." in response.text, (
        "the 400 page should say 'A task needs a name.' (abort(400, \"A task needs a name.\"))"
    )
    assert len(tasks_of(app)) == 3, "a refused task must not be added"
