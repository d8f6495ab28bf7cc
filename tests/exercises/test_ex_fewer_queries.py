"""Exercise fewer_queries (step 12): a page of tasks and their owners in a few SQL statements."""

import pytest

EXERCISE = "fewer_queries"


@pytest.fixture(scope="module")
def client(package):
    """30 users and 60 tasks; task n belongs to user (n - 1) % 30. One app for the module: these checks only read."""
    app = package.create_app("testing")
    with app.app_context():
        package.db.create_all()
        users = [package.models.User(username=f"user{n}") for n in range(30)]
        package.db.session.add_all(package.models.Task(name=f"task {n}", owner=users[(n - 1) % 30])
                                   for n in range(1, 61))
        package.db.session.commit()
    return app.test_client()


def test_the_page_is_unchanged(client):
    """a page lists the same tasks with the same owners, in id order"""
    body = client.get("/api/v1/tasks?per_page=5").get_json()
    assert body == {"tasks": [{"id": n, "name": f"task {n}", "owner": f"user{n - 1}"} for n in range(1, 6)],
                    "total": 60}, f"the first page of 5 should be tasks 1-5 with their owners, it is {body}"


@pytest.mark.parametrize("per_page", [5, 20, 50])
def test_a_page_costs_a_few_statements_whatever_its_size(client, per_page):
    """a page of 5, 20 or 50 tasks runs at most 3 SQL statements"""
    response = client.get(f"/api/v1/tasks?per_page={per_page}")
    assert response.status_code == 200 and len(response.get_json()["tasks"]) == per_page
    queries = int(response.headers["X-Queries"])
    assert queries <= 3, (
        f"a page of {per_page} tasks runs {queries} SQL statements: one more for each task's owner. "
        "It should take at most 3, whatever the page size"
    )
