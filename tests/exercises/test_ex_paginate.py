"""Exercise paginate (step 09): db.paginate, and the ?completed filter."""

import pytest
from sqlalchemy import insert

EXERCISE = "paginate"


@pytest.fixture(scope="module")
def client(package):
    """60 tasks; every third one (3, 6, ...) completed. One app for the module: these checks only read."""
    app = package.create_app("testing")
    rows = [{"name": f"task {n}", "completed": n % 3 == 0} for n in range(1, 61)]
    with app.app_context():
        package.db.create_all()
        package.db.session.execute(insert(package.models.Task), rows)  # one executemany
        package.db.session.commit()
    return app.test_client()


def ids(response):
    return [task["id"] for task in response.get_json()["tasks"]]


def test_first_page_by_default(client):
    """GET /api/v1/tasks answers the first 20 tasks, in id order, and counts all 60"""
    body = client.get("/api/v1/tasks").get_json()
    assert len(body["tasks"]) == 20, f"GET /api/v1/tasks answers {len(body['tasks'])} tasks: a page holds 20 by default"
    assert ids(client.get("/api/v1/tasks")) == list(range(1, 21)), "the first page should be tasks 1 to 20, in id order"
    assert (body["page"], body["pages"], body["total"]) == (1, 3, 60), (
        f"the first page should say page 1, pages 3, total 60; it says {body['page']}, {body['pages']}, {body['total']}"
    )


def test_page_and_per_page(client):
    """?page=2&per_page=10 answers tasks 11 to 20"""
    response = client.get("/api/v1/tasks?page=2&per_page=10")
    assert ids(response) == list(range(11, 21)), (
        f"GET /api/v1/tasks?page=2&per_page=10 answers tasks {ids(response)[:12]}..."
    )


def test_per_page_is_capped(client):
    """?per_page=1000 gives at most 50 tasks"""
    response = client.get("/api/v1/tasks?per_page=1000")
    assert len(ids(response)) == 50, (
        f"GET /api/v1/tasks?per_page=1000 answers {len(ids(response))} tasks: "
        "a client should not get more than 50 at once"
    )


def test_page_past_the_end_is_404(client):
    """?page=99 is a 404"""
    assert client.get("/api/v1/tasks?page=99").status_code == 404, "a page past the end should be a 404"


@pytest.mark.parametrize("value, expected", [("true", [3, 6, 9]), ("false", [1, 2, 4])])
def test_completed_filter(client, value, expected):
    """?completed=true lists only completed tasks, false only open ones, and counts only those"""
    response = client.get(f"/api/v1/tasks?completed={value}&per_page=3")
    body = response.get_json()
    assert ids(response) == expected, (
        f"GET /api/v1/tasks?completed={value} should start with tasks {expected}, it starts with {ids(response)[:3]}"
        + (": it still lists open tasks" if value == "true" else ": it still lists completed tasks")
    )
    assert body["total"] == (20 if value == "true" else 40), (
        f"with ?completed={value} the total should count only those tasks, not {body['total']}"
    )


def test_completed_must_be_true_or_false(client):
    """?completed=maybe is a 400"""
    assert client.get("/api/v1/tasks?completed=maybe").status_code == 400
