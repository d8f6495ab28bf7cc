"""Exercise created_location (step 07): 201 with a Location from url_for(), 409, and 204 without a body."""

EXERCISE = "created_location"


def test_create_is_201_with_location(client):
    """POST /api/tasks answers 201 Created, the task, and where it lives"""
    response = client.post("/api/tasks", json={"name": "milk"})
    assert response.status_code == 201, f"creating a task answers {response.status_code}: it should be 201 Created"
    assert response.get_json() == {"id": 2, "name": "milk"}, "the body should be the new task"
    assert response.headers.get("Location") == "/api/tasks/2", (
        f"the Location header should be the new task's URL, /api/tasks/2, not {response.headers.get('Location')!r}"
    )
    assert client.get(response.headers["Location"]).get_json()["name"] == "milk", (
        "GET on the Location should give the task"
    )


def test_location_follows_the_mount_point(client):
    """served under /todo, the Location is /todo/api/tasks/2"""
    response = client.post("/api/tasks", json={"name": "milk"}, base_url="http://localhost/todo/")
    assert response.headers.get("Location") == "/todo/api/tasks/2", (
        f"served under /todo (behind a proxy, say) the Location is {response.headers.get('Location')!r}: a URL built "
        "by hand does not know where the app is mounted, which is why the README asks for url_for()"
    )


def test_duplicate_name_is_409(client):
    """a name already taken, ignoring case, is a 409 Conflict and creates nothing"""
    response = client.post("/api/tasks", json={"name": "book the ROOM"})
    assert response.status_code == 409, (
        f"a second 'Book the room' answers {response.status_code}: it should be 409 Conflict"
    )
    assert response.get_json()["error"]["message"], "the 409 should say why, in the JSON error"
    assert client.get("/api/tasks/2").status_code == 404, "a refused task should not be created"


def test_delete_is_204_without_a_body(app):
    """DELETE /api/tasks/1 answers 204 No Content, and the response has no body"""
    # The response as the view made it: on the wire Werkzeug drops a 204's body, which would hide one.
    with app.test_request_context("/api/tasks/1", method="DELETE"):
        response = app.full_dispatch_request()
    assert response.status_code == 204, f"a delete answers {response.status_code}: it should be 204 No Content"
    assert response.get_data() == b"", (
        f"the 204 carries a body ({response.get_data()[:60]!r}): a 204 has none, and Werkzeug drops it on the "
        "wire, so a client never sees what you meant to send"
    )
    assert app.test_client().get("/api/tasks/1").status_code == 404, "the deleted task should be gone"
