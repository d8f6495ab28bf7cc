"""Tests of the to-do API's POST /api/v1/tasks.

Run them from this folder: python -m pytest
"""


def test_list_starts_empty(client):
    response = client.get("/api/v1/tasks")
    assert response.status_code == 200
    assert response.get_json() == {"tasks": []}


# TODO: write two tests, in the style of the one above.
# test_create_task: POST /api/v1/tasks with a name answers 201 Created with the task,
#   and GET /api/v1/tasks then lists it.
# test_create_task_needs_a_name: POST /api/v1/tasks without a name answers 400, and
#   the error envelope's "fields" names "name".
