"""Exercise task_schema (step 11): marshmallow validation, a 422 that names every bad field."""

EXERCISE = "task_schema"


def fields_of(response):
    assert response.status_code == 422, f"expected a 422, got {response.status_code} {response.get_json()}"
    return set(response.get_json()["error"].get("fields", {}))


def test_a_good_task_keeps_every_field(client):
    """a task with every field is created with all of them; completed defaults to false"""
    response = client.post("/api/v1/tasks", json={"name": "slides", "note": "draft", "due_date": "2030-01-31"})
    assert response.status_code == 201, (
        f"a valid task should be created (201), got {response.status_code} {response.get_json()}"
    )
    task = response.get_json()
    assert task == {"id": 1, "name": "slides", "note": "draft", "due_date": "2030-01-31", "completed": False}, (
        f"the created task should hold its note, its due date and completed false, it is {task}"
    )


# One app for all of them: building a flask-smorest app costs ~50 ms, a check should not pay it eight times.
BAD_BODIES = [
    ({}, {"name"}),
    ({"name": 42}, {"name"}),
    ({"name": ""}, {"name"}),
    ({"name": "x" * 101}, {"name"}),
    ({"name": "ok", "note": "x" * 501}, {"note"}),
    ({"name": "ok", "due_date": "tomorrow"}, {"due_date"}),
    ({"name": "ok", "completed": "perhaps"}, {"completed"}),
    ({"name": 42, "due_date": "31/01/2030"}, {"name", "due_date"}),
]


def test_a_bad_body_is_422_naming_each_field(client):
    """a body that breaks a rule is a 422 naming every bad field, and creates nothing"""
    for body, bad in BAD_BODIES:
        response = client.post("/api/v1/tasks", json=body)
        shown = str(body)[:60]
        assert response.status_code == 422, (
            f"POST /api/v1/tasks with {shown} answers {response.status_code}: it should be refused with a 422"
        )
        named = fields_of(response)
        assert named == bad, f"the 422 for {shown} should name {sorted(bad)}, it names {sorted(named)}"
        assert client.get("/api/v1/tasks").get_json() == [], f"the refused body {shown} created a task"


def test_nulls_are_allowed_for_note_and_due_date(client):
    """note and due_date may be null"""
    response = client.post("/api/v1/tasks", json={"name": "ok", "note": None, "due_date": None})
    assert response.status_code == 201, (
        f"note and due_date may be null, got {response.status_code} {response.get_json()}"
    )


def test_openapi_lists_the_fields(client):
    """the OpenAPI description lists the task's fields, name required"""
    spec = client.get("/api/v1/openapi.json").get_json()
    schema = spec["components"]["schemas"]["Task"]
    assert {"name", "note", "due_date", "completed"} <= set(schema["properties"]), (
        f"the OpenAPI description of Task lists {sorted(schema['properties'])}"
    )
    assert schema.get("required") == ["name"], "the OpenAPI description should say name is required"
