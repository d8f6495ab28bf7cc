"""Exercise created_location (step 07): 201 with Location, 409 on a duplicate, 204 on delete."""

EXERCISE = "created_location"


def test_create_is_201_with_location(client):
    """POST /api/tasks answers 201 Created and says where the task lives"""
    response = client.post("/api/tasks", json={"name": "buy milk"})
    assert response.status_code == 201, (
        f"creating a task should answer 201 Created, not {response.status_code}: return (body, 201, headers)"
    )
    assert response.headers.get("Location") == "/api/tasks/4", (
        f"the Location header should be the new task's URL, /api/tasks/4, not {response.headers.get('Location')!r}"
    )
    assert response.get_json()["name"] == "buy milk", "the body should still be the new task"


def test_location_leads_to_the_task(client):
    """GET on the Location gives the new task back"""
    created = client.post("/api/tasks", json={"name": "buy milk"})
    location = created.headers.get("Location")
    assert location, "the 201 has no Location header"
    response = client.get(location)
    assert response.status_code == 200 and response.get_json()["name"] == "buy milk", (
        f"GET {location} should give the new task back"
    )


def test_duplicate_name_is_409(client):
    """a second task with the same name is a 409 Conflict"""
    response = client.post("/api/tasks", json={"name": "Learn Flask Routing"})
    assert response.status_code == 409, (
        f"a task named like an existing one (ignoring case) should be 409 Conflict, not {response.status_code}"
    )
    assert response.is_json and response.get_json()["error"]["message"], "the 409 should say why, in the JSON error"


def test_delete_is_204_without_body(client):
    """DELETE /api/tasks/1 answers 204 No Content"""
    response = client.delete("/api/tasks/1")
    assert response.status_code == 204, f"a delete should answer 204 No Content, not {response.status_code}"
    assert response.data == b"", "a 204 has no body"
    assert client.get("/api/tasks/1").status_code == 404, "the deleted task should be gone (404)"
