"""Exercise api_blueprint (step 08): the factory loads a config class and registers the blueprint."""

from flask import url_for

EXERCISE = "api_blueprint"


def test_the_api_lives_under_api_v1(client):
    """GET /api/v1/tasks lists the tasks, and GET /tasks is a 404"""
    response = client.get("/api/v1/tasks")
    assert response.status_code == 200, (
        f"GET /api/v1/tasks answers {response.status_code}: the app built by create_app() has no such route"
    )
    assert response.get_json() == {"tasks": []}, (
        f"GET /api/v1/tasks should list no tasks yet, got {response.get_json()}"
    )
    assert client.get("/tasks").status_code == 404, (
        "GET /tasks should be a 404: every URL of the API starts with /api/v1"
    )


def test_endpoints_are_named_api(app):
    """url_for("api.get_task", task_id=1) is /api/v1/tasks/1"""
    names = sorted(rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static")
    assert names and all(name.startswith("api.") for name in names), (
        f"the API's endpoints should be named api.<view>, they are {names}"
    )
    with app.test_request_context():
        assert url_for("api.get_task", task_id=1) == "/api/v1/tasks/1"


def test_create_then_get(client):
    """POST /api/v1/tasks creates a task that GET /api/v1/tasks/1 returns"""
    created = client.post("/api/v1/tasks", json={"name": "milk"})
    assert created.status_code == 201, f"POST /api/v1/tasks answers {created.status_code}"
    assert created.headers["Location"] == "/api/v1/tasks/1", f"Location is {created.headers['Location']!r}"
    assert client.get("/api/v1/tasks/1").get_json() == {"id": 1, "name": "milk"}


def test_factory_loads_the_config_it_is_asked_for(package):
    """create_app("testing") has the testing settings; create_app() the development ones"""
    testing = package.create_app("testing")
    assert testing.testing is True, 'create_app("testing") should give an app in testing mode (TESTING = True)'
    assert testing.config.get("TASKS_LIMIT") == 3, 'create_app("testing") should have TASKS_LIMIT 3'
    default = package.create_app()
    assert default.testing is False and default.config.get("TASKS_LIMIT") == 100, (
        "create_app() with no argument should have the development settings: not testing, TASKS_LIMIT 100"
    )
    client = testing.test_client()
    for name in ("a", "b", "c"):
        client.post("/api/v1/tasks", json={"name": name})
    assert client.post("/api/v1/tasks", json={"name": "d"}).status_code == 409, (
        "with the testing settings a fourth task should be refused (409): the app does not use TASKS_LIMIT"
    )
