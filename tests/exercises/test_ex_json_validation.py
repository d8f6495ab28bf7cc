"""Exercise json_validation (step 06): read JSON safely and answer 400 naming the bad field."""

import pytest

EXERCISE = "json_validation"


def test_a_good_task_is_created(client):
    """a JSON object with a name (and a note) creates the task"""
    response = client.post("/api/tasks", json={"name": " milk ", "note": "2 l"})
    assert response.status_code == 200, f"a good task answers {response.status_code}"
    assert response.get_json() == {"id": 1, "name": "milk", "note": "2 l"}
    assert client.post("/api/tasks", json={"name": "eggs"}).get_json()["note"] is None, "a task may leave out its note"


@pytest.mark.parametrize("body", [
    {"data": "not json", "content_type": "text/plain"},
    {"data": "{oops", "content_type": "application/json"},
    {"json": [1, 2]},
    {"json": 42},
    {},
])
def test_a_body_that_is_not_an_object_is_400(client, body):
    """a body that is not a JSON object is a 400 saying so"""
    response = client.post("/api/tasks", **body)
    assert response.status_code == 400, (
        f"POST /api/tasks with {body or 'no body'} answers {response.status_code}: it should be a 400"
    )
    assert response.is_json and response.get_json()["error"]["message"] == "Send a JSON object.", (
        f"the 400 should say 'Send a JSON object.', it says {response.get_data(as_text=True)[:100]!r}"
    )


@pytest.mark.parametrize("body, field", [
    ({}, "name"), ({"name": 42}, "name"), ({"name": "   "}, "name"), ({"name": None}, "name"),
    ({"name": "milk", "note": 3}, "note"), ({"name": "milk", "note": ["a"]}, "note"),
])
def test_a_bad_field_is_400_naming_it(client, body, field):
    """a missing or wrongly typed field is a 400 that names it, and creates nothing"""
    response = client.post("/api/tasks", json=body)
    assert response.status_code == 400, f"POST /api/tasks with {body} answers {response.status_code}, not 400"
    message = response.get_json()["error"]["message"]
    assert field in message, f"the 400 for {body} should name {field!r}; it says {message!r}"
    assert client.post("/api/tasks", json={"name": "ok"}).get_json()["id"] == 1, "a refused body should create no task"


def test_note_may_be_null(client):
    """note: null is accepted"""
    response = client.post("/api/tasks", json={"name": "milk", "note": None})
    assert response.status_code == 200, f"note null answers {response.status_code}"
