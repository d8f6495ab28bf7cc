"""Tasks: create, list (pages, the completed filter), read, update, delete."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

TASKS = "/api/v1/accounts/ada/tasks"


@pytest.fixture
def headers(auth):
    return auth.headers("ada")


def create(client, headers, **fields):
    response = client.post(TASKS, json=fields, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def test_create_answers_201_with_location_and_the_task(client, headers):
    response = client.post(TASKS, json={"name": "Write the notes"}, headers=headers)
    assert response.status_code == 201
    task = response.json
    assert response.headers["Location"] == f"{TASKS}/{task['id']}"
    assert task == {
        "id": task["id"], "name": "Write the notes", "note": None,
        "creation_date": task["creation_date"], "due_date": None, "completed": False,
    }
    created = datetime.fromisoformat(task["creation_date"])
    assert created.tzinfo is not None and created.utcoffset().total_seconds() == 0
    assert abs((datetime.now(UTC) - created).total_seconds()) < 60
    # What the Location points at is the same task.
    assert client.get(response.headers["Location"], headers=headers).json == task


@pytest.mark.parametrize("due, stored", [
    ("2026-05-01T09:30:00Z", "2026-05-01T09:30:00Z"),
    ("2026-05-01T11:30:00+02:00", "2026-05-01T09:30:00Z"),   # converted to UTC
    ("2026-05-01T09:30:00", "2026-05-01T09:30:00Z"),         # no offset: taken as UTC
    (None, None),
])
def test_due_date_is_stored_in_utc(client, headers, due, stored):
    task = create(client, headers, name="Submit", due_date=due, note="to Babbage",
                  completed=True)
    assert task["due_date"] == stored
    assert client.get(f"{TASKS}/{task['id']}", headers=headers).json["due_date"] == stored
    assert task["note"] == "to Babbage" and task["completed"] is True


@pytest.mark.parametrize("due", ["9999-12-31T23:30:00Z", "0001-01-01T00:30:00Z"])
def test_the_first_and_last_dates_python_has_are_stored_and_listed(client, headers, due):
    # The test PostgreSQL server is not in UTC (conftest.py): the app must talk
    # to it in UTC, or these come back as years 10000 and 0, which Python has not.
    task = create(client, headers, name="Far away", due_date=due)
    assert task["due_date"] == due
    listed = client.get(TASKS, headers=headers)
    assert listed.status_code == 200
    assert [t["due_date"] for t in listed.json["tasks"]] == [due]


@pytest.mark.parametrize("fields, bad", [
    ({}, "name"),
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "x" * 201}, "name"),
    ({"name": 7}, "name"),
    ({"name": "ok", "note": "x" * 2001}, "note"),
    ({"name": "ok", "note": ["a list"]}, "note"),
    ({"name": "ok", "note": "NUL \u0000"}, "note"),
    ({"name": "ok", "due_date": "01/05/2026"}, "due_date"),   # not ISO 8601
    ({"name": "ok", "due_date": "tomorrow"}, "due_date"),
    ({"name": "ok", "due_date": 1767225600}, "due_date"),
    ({"name": "ok", "due_date": "9999-12-31T23:00:00-05:00"}, "due_date"),  # past year 9999 in UTC
    ({"name": "ok", "completed": "yes"}, "completed"),
    ({"name": "ok", "completed": 1}, "completed"),
    ({"name": "ok", "user_id": 2}, "user_id"),                # unknown: never stored
    ({"name": "ok", "id": 99}, "id"),
])
def test_create_names_the_bad_field(client, headers, fields, bad):
    response = client.post(TASKS, json=fields, headers=headers)
    assert response.status_code == 400
    assert list(response.json["error"]["fields"]) == [bad]
    assert client.get(TASKS, headers=headers).json["total"] == 0


def test_the_limits_themselves_are_allowed(client, headers):
    task = create(client, headers, name="x" * 200, note="y" * 2000)
    assert len(task["name"]) == 200 and len(task["note"]) == 2000


def test_put_changes_only_the_fields_given(client, headers):
    task = create(client, headers, name="Draft", note="first", due_date="2026-05-01T09:30:00Z")
    response = client.put(f"{TASKS}/{task['id']}", json={"completed": True}, headers=headers)
    assert response.status_code == 200
    assert response.json == dict(task, completed=True)
    response = client.put(f"{TASKS}/{task['id']}", json={"note": None, "due_date": None},
                          headers=headers)
    assert response.json == dict(task, completed=True, note=None, due_date=None)


def test_a_rejected_put_changes_nothing(client, headers):
    task = create(client, headers, name="Draft")
    response = client.put(f"{TASKS}/{task['id']}", json={"name": "Final", "completed": "yes"},
                          headers=headers)
    assert response.status_code == 400
    assert list(response.json["error"]["fields"]) == ["completed"]
    assert client.get(f"{TASKS}/{task['id']}", headers=headers).json == task


def test_ids_are_never_used_twice(client, headers):
    first = create(client, headers, name="first")
    newest = create(client, headers, name="newest")
    assert client.delete(f"{TASKS}/{newest['id']}", headers=headers).status_code == 204
    # The next task gets a new id, so a retried DELETE of the old one cannot hit it.
    again = create(client, headers, name="again")
    assert again["id"] > newest["id"] > first["id"]
    assert client.delete(f"{TASKS}/{newest['id']}", headers=headers).status_code == 404
    assert client.get(f"{TASKS}/{again['id']}", headers=headers).status_code == 200


def test_delete_answers_204_then_the_task_is_gone(client, headers):
    task = create(client, headers, name="Done soon")
    response = client.delete(f"{TASKS}/{task['id']}", headers=headers)
    assert response.status_code == 204 and response.data == b""
    assert client.get(f"{TASKS}/{task['id']}", headers=headers).status_code == 404
    assert client.delete(f"{TASKS}/{task['id']}", headers=headers).status_code == 404


@pytest.mark.parametrize("id", ["12345", "2147483648", "99999999999999999999999"])
def test_a_task_that_does_not_exist_is_404(client, headers, id):
    response = client.get(f"{TASKS}/{id}", headers=headers)
    assert response.status_code == 404
    assert response.json["error"]["status"] == 404


def test_list_pages_oldest_first(client, headers):
    ids = [create(client, headers, name=f"task {n}", completed=n % 3 == 0)["id"]
           for n in range(25)]

    first = client.get(TASKS, headers=headers).json
    assert (first["page"], first["per_page"], first["total"]) == (1, 20, 25)
    assert [t["id"] for t in first["tasks"]] == ids[:20]

    second = client.get(f"{TASKS}?page=2", headers=headers).json
    assert [t["id"] for t in second["tasks"]] == ids[20:]

    small = client.get(f"{TASKS}?page=3&per_page=4", headers=headers).json
    assert [t["id"] for t in small["tasks"]] == ids[8:12]
    assert small["per_page"] == 4

    beyond = client.get(f"{TASKS}?page=9", headers=headers).json
    assert beyond["tasks"] == [] and beyond["total"] == 25

    done = client.get(f"{TASKS}?completed=true&per_page=100", headers=headers).json
    assert [t["id"] for t in done["tasks"]] == ids[::3]
    assert done["total"] == 9
    todo = client.get(f"{TASKS}?completed=false", headers=headers).json
    assert todo["total"] == 16
    assert all(t["completed"] is False for t in todo["tasks"])


@pytest.mark.parametrize("query, bad", [
    ("page=0", "page"),
    ("page=-1", "page"),
    ("page=abc", "page"),
    ("page=1.5", "page"),
    ("per_page=0", "per_page"),
    ("per_page=101", "per_page"),
    ("per_page=", "per_page"),
    ("completed=yes", "completed"),
    ("completed=True", "completed"),
])
def test_list_refuses_bad_query_values(client, headers, query, bad):
    response = client.get(f"{TASKS}?{query}", headers=headers)
    assert response.status_code == 400
    assert list(response.json["error"]["fields"]) == [bad]


def test_list_shows_only_your_own_tasks(client, auth, headers):
    create(client, headers, name="ada's")
    bob = auth.headers("bob")
    client.post("/api/v1/accounts/bob/tasks", json={"name": "bob's"}, headers=bob)
    listed = client.get(TASKS, headers=headers).json
    assert [t["name"] for t in listed["tasks"]] == ["ada's"] and listed["total"] == 1


def test_totals_follow_every_change(client, headers):
    def totals():
        return tuple(client.get(f"{TASKS}{query}", headers=headers).json["total"]
                     for query in ("", "?completed=true", "?completed=false"))

    first = create(client, headers, name="first")
    second = create(client, headers, name="second", completed=True)
    create(client, headers, name="third")
    assert totals() == (3, 1, 2)
    for _ in range(2):  # ticking a ticked task counts once
        client.put(f"{TASKS}/{first['id']}", json={"completed": True}, headers=headers)
        assert totals() == (3, 2, 1)
    client.put(f"{TASKS}/{second['id']}", json={"name": "renamed"}, headers=headers)
    assert totals() == (3, 2, 1)
    client.put(f"{TASKS}/{second['id']}", json={"completed": False}, headers=headers)
    assert totals() == (3, 1, 2)
    client.delete(f"{TASKS}/{first['id']}", headers=headers)
    assert totals() == (2, 0, 2)
    client.delete(f"{TASKS}/{first['id']}", headers=headers)  # already gone: 404, no change
    assert totals() == (2, 0, 2)
