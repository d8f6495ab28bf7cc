"""Exercise query_args (step 05): request.args.get() with a default and a type."""

import pytest

EXERCISE = "query_args"


def lines(response):
    return response.text.splitlines() if response.text else []


def test_no_query_string_shows_ten_tasks(client):
    """GET /tasks with no query string shows the first ten tasks"""
    response = client.get("/tasks")
    assert response.status_code == 200, (
        f"GET /tasks answers {response.status_code}: ?limit and ?q are optional, the list should work without them"
    )
    assert len(lines(response)) == 10, f"GET /tasks should show 10 tasks, it shows {len(lines(response))}"


def test_limit(client):
    """?limit=3 shows three tasks"""
    assert lines(client.get("/tasks?limit=3")) == ["Write chapter 1", "Write chapter 2", "Write chapter 3"]


@pytest.mark.parametrize("value", ["abc", "2.5", ""])
def test_limit_that_is_not_a_number_is_ten(client, value):
    """?limit that is not a whole number shows ten tasks, not an error"""
    response = client.get(f"/tasks?limit={value}")
    assert response.status_code == 200 and len(lines(response)) == 10, (
        f"GET /tasks?limit={value} answers {response.status_code}: a limit that is not a whole number "
        "should fall back to 10"
    )


def test_search_ignores_case(client):
    """?q=write finds every task with "write" in it, whatever its case"""
    found = lines(client.get("/tasks?q=write&limit=50"))
    assert "WRITE the slides" in found, f"GET /tasks?q=write should find 'WRITE the slides'; it finds {found}"
    assert len(found) == 13, f"GET /tasks?q=write&limit=50 should find 13 tasks, it finds {len(found)}"
    assert lines(client.get("/tasks?q=DEMO")) == ["Test the demo"], "GET /tasks?q=DEMO should find 'Test the demo'"
