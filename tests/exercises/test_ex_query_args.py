"""Exercise query_args (step 05): optional query-string values, read with .get(), a default and a type."""

import re

import pytest

EXERCISE = "query_args"


def listed(text):
    return re.findall(r'<li class="\w+">\s*(.*?)\s*(?:<small>|</li>)', text, re.S)


def test_no_query_string_lists_every_task(client):
    """GET /tasks with no query string lists every task"""
    response = client.get("/tasks")
    assert response.status_code == 200, (
        f"GET /tasks answers {response.status_code}: ?limit and ?q are optional, "
        "so a missing one must not be an error (request.args.get with a default)"
    )
    assert len(listed(response.text)) == 3, "GET /tasks should list all three tasks"


def test_limit_limits(client):
    """?limit=1 lists one task"""
    response = client.get("/tasks?limit=1")
    assert response.status_code == 200, f"GET /tasks?limit=1 should answer 200, not {response.status_code}"
    assert len(listed(response.text)) == 1, "GET /tasks?limit=1 should list exactly one task"


@pytest.mark.parametrize("value", ["abc", "1.5", ""])
def test_limit_that_is_not_a_number_means_the_default(client, value):
    """?limit=<not a whole number> lists every task, no error"""
    response = client.get(f"/tasks?limit={value}")
    assert response.status_code == 200, (
        f"GET /tasks?limit={value} answers {response.status_code}: a limit that is not a whole "
        "number should fall back to the default (type=int does that)"
    )
    assert len(listed(response.text)) == 3, f"GET /tasks?limit={value} should list all three tasks"


def test_q_filters_by_name(client):
    """?q=TEMPLATE finds the task named 'write a template'"""
    response = client.get("/tasks?q=TEMPLATE")
    assert response.status_code == 200, f"GET /tasks?q=TEMPLATE should answer 200, not {response.status_code}"
    assert listed(response.text) == ["Write A Template"], (
        f"GET /tasks?q=TEMPLATE should list only 'Write A Template', not {listed(response.text)}"
    )
