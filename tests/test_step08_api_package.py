"""Step 08: a JSON API as a package: the factory, config classes, a blueprint, one error envelope."""

import pytest

from workshop.loader import find_step, load_app

STEP = "08"  # the app, client and runner fixtures of tests/conftest.py
STEP_DIR = find_step(STEP)


def create(client, **fields):
    response = client.post("/api/v1/tasks", json=fields)
    assert response.status_code == 201, response.json
    return response.json


def test_every_call_of_the_factory_builds_a_separate_app():
    first, second = load_app(STEP_DIR, config="testing"), load_app(STEP_DIR, config="testing")
    first.test_client().post("/api/v1/tasks", json={"name": "only in the first"})
    assert second.test_client().get("/api/v1/tasks").json == {"tasks": []}


def test_config_classes_and_the_environment(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    assert load_app(STEP_DIR, config="development").config["SECRET_KEY"] == "dev"
    assert load_app(STEP_DIR, config="testing").testing is True
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        load_app(STEP_DIR, config="production")
    monkeypatch.setenv("SECRET_KEY", "from the environment")
    assert load_app(STEP_DIR, config="production").config["SECRET_KEY"] == "from the environment"
    monkeypatch.setenv("TODO_CONFIG", "staging")
    with pytest.raises(RuntimeError, match="choose one of development, testing, production"):
        load_app(STEP_DIR)


def test_the_blueprint_mounts_every_route_under_api_v1(app, client):
    rules = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")}
    assert rules == {"/api/v1", "/api/v1/tasks", "/api/v1/tasks/<int:id>"}
    routes = client.get("/api/v1").json["routes"]
    assert {route["path"] for route in routes} == rules
    assert routes[1]["methods"] == {"GET": "Your tasks, oldest first.",
                                    "POST": "Create a task: {name, note, completed}."}


def test_create_read_update_delete(client):
    response = client.post("/api/v1/tasks", json={"name": "  Write the notes "})
    assert response.status_code == 201
    task = response.json
    assert task == {"id": 1, "name": "Write the notes", "note": None, "completed": False}
    assert response.headers["Location"] == "/api/v1/tasks/1"
    assert client.get("/api/v1/tasks/1").json == task
    updated = client.put("/api/v1/tasks/1", json={"completed": True, "note": "G"})
    assert updated.status_code == 200 and updated.json == dict(task, completed=True, note="G")
    assert client.get("/api/v1/tasks").json == {"tasks": [updated.json]}
    deleted = client.delete("/api/v1/tasks/1")
    assert deleted.status_code == 204 and deleted.data == b""
    assert "Content-Type" not in deleted.headers  # no content, so no type either
    assert client.get("/api/v1/tasks/1").status_code == 404


def test_ids_are_never_used_twice(client):
    create(client, name="first")
    newest = create(client, name="newest")
    client.delete(f"/api/v1/tasks/{newest['id']}")
    assert create(client, name="again")["id"] == newest["id"] + 1


def envelope(response, status):
    assert response.status_code == status
    assert response.mimetype == "application/json"
    error = response.json["error"]
    assert error["status"] == status and error["message"]
    return error


@pytest.mark.parametrize("method, url, status", [
    ("GET", "/api/v1/tasks/99", 404),
    ("GET", "/nothing/here", 404),
    ("PATCH", "/api/v1/tasks", 405),
])
def test_every_error_is_the_json_envelope(client, method, url, status):
    error = envelope(client.open(url, method=method), status)
    assert "fields" not in error


def test_a_405_keeps_its_allow_header(client):
    response = client.delete("/api/v1/tasks")
    envelope(response, 405)
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}


def test_validation_names_every_bad_field(client):
    response = client.post("/api/v1/tasks", json={"nmae": "typo", "completed": "yes", "note": 3})
    error = envelope(response, 400)
    assert error["fields"] == {"name": "is required", "nmae": "is not a known field",
                               "completed": "must be true or false",
                               "note": "must be a text of at most 2000 characters, or null"}
    assert client.get("/api/v1/tasks").json == {"tasks": []}


@pytest.mark.parametrize("body, content_type, status", [
    ("name=x", "application/x-www-form-urlencoded", 415),
    ('{"name": ', "application/json", 400),
    ('["a list"]', "application/json", 400),
    ("[" * 100_000 + "]" * 100_000, "application/json", 400),
])
def test_a_body_that_is_not_a_json_object(client, body, content_type, status):
    envelope(client.post("/api/v1/tasks", data=body, content_type=content_type), status)


def test_an_unexpected_exception_is_a_json_500_without_details(app, client):
    def broken():
        raise RuntimeError("secret detail")

    app.add_url_rule("/broken", view_func=broken)
    app.testing = False  # as in production: the error handler answers, the test is not told
    response = client.get("/broken")
    envelope(response, 500)
    assert "secret detail" not in response.text


def test_security_headers_on_every_answer(client):
    for response in (client.get("/api/v1"), client.get("/api/v1/tasks/1")):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
